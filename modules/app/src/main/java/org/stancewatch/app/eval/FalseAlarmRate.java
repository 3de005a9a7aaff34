package org.stancewatch.app.eval;

import java.util.Locale;
import org.stancewatch.pipeline.alerts.Stats;

/**
 * False alarms per 100 actor-months with an exact (Garwood) 95 % Poisson interval. One pipeline run of
 * {@code eval alerts --text} judges about 688 actor-days, where 0 alarms reads 0 and 2 alarms read 8.85 per 100
 * actor-months; the interval says how little either tells about a target of 1.
 */
final class FalseAlarmRate {

    private FalseAlarmRate() {
    }

    /** {lower, upper} of the exact 95 % interval for the mean of a Poisson count observed as {@code k}. */
    static double[] poissonInterval(long k) {
        // lower: P(X >= k; lambda) = 0.025 (0 when k = 0); upper: P(X <= k; lambda) = 0.025.
        double lower = k == 0 ? 0 : solve(lambda -> Stats.negBinomialUpperTail(k, lambda, 0) - 0.025);
        double upper = solve(lambda -> Stats.negBinomialUpperTail(k + 1, lambda, 0) - 0.975);
        return new double[] {lower, upper};
    }

    /** The root of an increasing function of lambda in (0, 1000], by bisection. */
    private static double solve(java.util.function.DoubleUnaryOperator increasing) {
        double lo = 1e-9;
        double hi = 1000;
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (increasing.applyAsDouble(mid) < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** One line: a score's rate, its interval, and whether the sample can tell it from {@code target} per 100 actor-months. */
    static String describe(TextAlertEval.Score s, double target) {
        double[] ci = poissonInterval(s.falseAlarms());
        double lower = s.per100ActorMonths(ci[0]);
        double upper = s.per100ActorMonths(ci[1]);
        String verdict = upper <= target ? "below the target of " + fmt(target)
                : lower > target ? "above the target of " + fmt(target)
                : "the target of " + fmt(target) + " is inside: too few actor-days to tell (--resample N pools N plans)";
        return String.format(Locale.ROOT, "false alarms (defaults): %d in %.0f actor-days = %.2f per 100 actor-months, 95 %% interval "
                + "%.2f-%.2f; %s", s.falseAlarms(), s.actorDays(), s.falsePer100(), lower, upper, verdict);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2g", v);
    }
}
