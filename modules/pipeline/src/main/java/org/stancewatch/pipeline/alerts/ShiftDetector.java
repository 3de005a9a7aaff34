package org.stancewatch.pipeline.alerts;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NavigableMap;
import org.stancewatch.events.AlertKind;

/**
 * The pure detector shared by the Kafka Streams topology and {@link AlertEval}: given one series'
 * daily samples, it says on which days an alert fires. No clocks, no state beyond the arguments,
 * so the same series always gives the same detections.
 *
 * <p><b>Stance shift.</b> A one-sided binomial CUSUM per share (AGAINST up, FAVOR up): each
 * article is a Bernoulli draw, and the evidence for "the share rose from p0 to p0 + delta" is the
 * log-likelihood ratio summed over the articles of a window of 1..C days ending on D (the
 * window-limited form of Page's CUSUM). p0 is the pooled share of a baseline of B days that ends C
 * days before D; the ratio is divided by the window's over-dispersion factor (quasi-likelihood),
 * which adds to the binomial variance the between-day variance of the share (moments over the
 * dispersion window, floored) and the baseline's own estimation error. The day is a candidate when
 * the largest window statistic reaches h, the window's share moved by at least the minimum effect,
 * and both windows have enough articles. Derivation of h and measured figures: ALERTS.md.
 *
 * <p><b>Mention burst.</b> The day's article count is compared with a negative-binomial
 * expectation: level = mean count over the burst baseline after removing day-of-week factors
 * (estimated over a longer window and shrunk towards 1), dispersion by moments (floored). The day
 * is a candidate when the upper-tail probability is below the p-value and the count clears the
 * minimum count and ratio.
 *
 * <p><b>Episodes.</b> A candidate day fires only if the same kind had no candidate on the previous
 * {@code cooldownDays} days, so a lasting shift alerts once. This rule depends only on a bounded
 * window of days ({@link DetectorParams#lookbackDays()}), which keeps decisions local and replayable.
 */
public final class ShiftDetector {

    private ShiftDetector() {
    }

    /** Detections on days in [from, to], reading history back to {@code from - lookback}. */
    public static List<Detection> detect(NavigableMap<LocalDate, DaySample> series, LocalDate from, LocalDate to,
                                         DetectorParams p) {
        List<Detection> out = new ArrayList<>();
        if (!p.enabled() || from.isAfter(to)) {
            return out;
        }
        int cooldown = p.cooldownDays();
        LocalDate origin = from.minusDays(p.lookbackDays());
        Dense d = Dense.of(series, origin, to);
        int firstCandidate = d.index(from) - cooldown;
        int n = d.size();
        Detection[] stance = new Detection[n];
        Detection[] burst = new Detection[n];
        for (int i = Math.max(0, firstCandidate); i < n; i++) {
            stance[i] = stanceCandidate(d, i, p);
            burst[i] = burstCandidate(d, i, p);
        }
        for (int i = d.index(from); i < n; i++) {
            if (stance[i] != null && quietBefore(stance, i, cooldown)) {
                out.add(stance[i]);
            }
            if (burst[i] != null && quietBefore(burst, i, cooldown)) {
                out.add(burst[i]);
            }
        }
        return out;
    }

    private static boolean quietBefore(Detection[] candidates, int i, int cooldown) {
        for (int j = Math.max(0, i - cooldown); j < i; j++) {
            if (candidates[j] != null) {
                return false;
            }
        }
        return true;
    }

    /** The stronger of the AGAINST-share and FAVOR-share tests on day index i, or null. */
    static Detection stanceCandidate(Dense d, int i, DetectorParams p) {
        boolean expected = p.shiftExpectedCounts();
        Detection against = shareCusum(d, i, p, expected ? d.expectedAgainst : d.againstCounts, "against_share",
                Detection.TOWARD_AGAINST);
        Detection favor = shareCusum(d, i, p, expected ? d.expectedFavor : d.favorCounts, "favor_share",
                Detection.TOWARD_FAVOR);
        if (against == null) {
            return favor;
        }
        return favor == null || against.statisticValue() >= favor.statisticValue() ? against : favor;
    }

    /**
     * Window-limited binomial CUSUM of one share. Baseline: the pooled share p0 = x_b / n_b over
     * {@code shiftBaselineDays} days ending just before the longest window, and the between-day
     * variance tau^2 of the daily share beyond binomial noise (moments over
     * {@code shiftDispersionDays} days, floored). For each window of 1..{@code shiftCusumDays} days
     * ending on day i, the log-likelihood ratio of p1 against p0 of its pooled counts (the sum of the
     * per-article ratios) is divided by the window's over-dispersion factor
     * c = Var(x_w) / (n_w p0 (1 - p0)), which adds the day-level jitter and the baseline's own error
     * to the binomial variance (quasi-likelihood). The statistic is the largest window value: Page's
     * CUSUM restarted at most that far back, so a decision depends on a bounded look-back.
     *
     * <p>p1 is either fixed at p0 + delta ({@code shiftGlr} false, the default) or the window's own
     * maximum-likelihood share restricted to [p0 + min-effect, 0.995] (a generalised likelihood ratio:
     * the test adapts to the size of the shift instead of being fastest only near delta). The counts
     * x are the tagger's hard labels or, with {@code shiftExpectedCounts}, the calibrated expected
     * counts (fractional; the binomial ratio and variance are then a quasi-likelihood).
     */
    static Detection shareCusum(Dense d, int i, DetectorParams p, double[] hits, String metric, String direction) {
        int baseEnd = i - p.shiftGapDays(); // inclusive
        int baseStart = baseEnd - p.shiftBaselineDays() + 1;
        if (baseStart < 0) {
            return null;
        }
        long nb = 0;
        double xb = 0;
        int kb = 0;
        for (int j = baseStart; j <= baseEnd; j++) {
            nb += d.articles[j];
            xb += hits[j];
            kb += d.articles[j] > 0 ? 1 : 0;
        }
        if (nb < p.shiftMinBaselineArticles() || kb < 2) {
            return null;
        }
        double p0 = xb / nb;
        // A share never seen in the baseline would make the log-ratio infinite: keep p0 inside [0.02, 0.98].
        double pv = Math.min(0.98, Math.max(0.02, p0));
        // Expected counts (sums of probabilities) vary less per article than hard labels: scale the binomial variance.
        boolean expected = p.shiftExpectedCounts() && d.expected;
        double perArticle = expected ? p.shiftExpectedVarianceRatio() : 1;
        // A true step moves the expected-count share by only about gap * step: scale the minimum effect alike.
        double scale = !expected ? 1
                : Detection.TOWARD_FAVOR.equals(direction) ? p.shiftExpectedFavorEffectScale() : p.shiftExpectedEffectScale();
        double minEffect = p.shiftMinEffect() * scale;
        double h = expected ? p.shiftExpectedCusumH() : p.shiftCusumH();
        double binomial = pv * (1 - pv) * perArticle;
        // Over a longer span than the baseline: 28 daily shares give a noisy variance, and an
        // under-estimate here is what turns ordinary wobbles of the mix into false alarms.
        int dispersionStart = Math.max(0, baseEnd - p.shiftDispersionDays() + 1);
        double floor = p.shiftMinDayToDaySd() * scale;
        double tau2 = betweenDayVariance(d, hits, dispersionStart, baseEnd, p0, binomial, floor);
        double fixedP1 = Math.min(0.995, pv + p.shiftDelta());
        double lowestP1 = Math.min(0.995, pv + minEffect);
        // Variance of the baseline share itself: its error is shared by every day of a window.
        double baselineVariance = binomial / nb + tau2 / kb;
        long nr = 0;
        double xr = 0;
        double squaredCounts = 0;
        Detection best = null;
        for (int w = 1; w <= p.shiftCusumDays(); w++) {
            int j = i - w + 1;
            long n = d.articles[j];
            if (n == 0) {
                continue;
            }
            nr += n;
            xr += hits[j];
            squaredCounts += (double) n * n;
            double pr = xr / nr;
            double p1 = p.shiftGlr() ? Math.min(0.995, Math.max(lowestP1, pr)) : fixedP1;
            // Expected counts: a wandering mix moves every day of a window alike (the tagged H0 scan: ALERTS.md); the floor
            // is not a measured wander, so it may count as independent between days (the resampled real-text runs: ALERTS.md).
            double shared = !(expected && p.shiftExpectedPersistentJitter()) ? 0
                    : p.shiftExpectedFloorIndependent() ? tau2 - floor * floor : tau2;
            double dispersion = 1 + (shared * nr * nr + (tau2 - shared) * squaredCounts + baselineVariance * nr * nr) / (binomial * nr);
            double llr = (xr * Math.log(p1 / pv) + (nr - xr) * Math.log((1 - p1) / (1 - pv))) / (dispersion * perArticle);
            if (llr >= h && nr >= p.shiftMinRecentArticles() && pr - p0 >= minEffect
                    && (best == null || llr > best.statisticValue())) {
                best = new Detection(AlertKind.STANCE_SHIFT, d.day(i), direction, metric, p0, pr, nb, nr,
                        String.format(Locale.ROOT,
                                "%s, quasi-log-likelihood ratio of share %.3f vs %.3f (up to %dd vs %dd baseline, day-sd %.3f, dispersion %.2f%s)",
                                p.shiftGlr() ? "binomial GLR CUSUM" : "binomial CUSUM", p1, pv, p.shiftCusumDays(),
                                p.shiftBaselineDays(), Math.sqrt(tau2), dispersion,
                                expected ? ", calibrated expected counts" : ""),
                        llr, h, d.day(j), p.shiftBaselineDays());
            }
        }
        return best;
    }

    /**
     * Method-of-moments estimate of the between-day variance of a daily share beyond binomial noise
     * (the beta-binomial intra-day correlation times p(1-p)), floored at {@code minSd^2}.
     */
    static double betweenDayVariance(Dense d, double[] hits, int start, int end, double p0, double binomial, double minSd) {
        double excess = 0;
        int days = 0;
        for (int j = start; j <= end; j++) {
            if (d.articles[j] > 0) {
                days++;
                double share = hits[j] / d.articles[j];
                excess += (share - p0) * (share - p0) - binomial / d.articles[j];
            }
        }
        return days < 2 ? minSd * minSd : Math.max(minSd * minSd, excess / (days - 1));
    }

    static Detection burstCandidate(Dense d, int i, DetectorParams p) {
        int levelStart = i - p.burstBaselineDays();
        int weekStart = i - p.burstWeekdayDays();
        if (Math.min(levelStart, weekStart) < 0) {
            return null;
        }
        long count = d.articles[i];
        if (count < p.burstMinArticles()) {
            return null;
        }
        double[] factor = weekdayFactors(d, weekStart, i - 1);
        if (factor == null) {
            return null;
        }
        long levelTotal = 0;
        double deseasonalised = 0;
        for (int j = levelStart; j < i; j++) {
            levelTotal += d.articles[j];
            deseasonalised += d.articles[j] / factor[d.dow(j)];
        }
        int levelDays = i - levelStart;
        double level = deseasonalised / levelDays;
        if (levelTotal < p.burstBaselineDays() / 4) {
            return null; // too sparse to know what normal is (and a new actor is not a burst)
        }
        double num = 0;
        double den = 0;
        for (int j = levelStart; j < i; j++) {
            double mu = level * factor[d.dow(j)];
            double r = d.articles[j] - mu;
            num += r * r - mu;
            den += mu * mu;
        }
        double phi = Math.max(p.burstMinDispersion(), den > 0 ? num / den : 0);
        double expected = Math.max(0.1, level * factor[d.dow(i)]);
        if (count < p.burstMinRatio() * expected) {
            return null;
        }
        double tail = Stats.negBinomialUpperTail(count, expected, phi);
        if (tail >= p.burstPValue()) {
            return null;
        }
        return new Detection(AlertKind.MENTION_BURST, d.day(i), Detection.UP, "articles", expected, count,
                levelTotal, count,
                String.format(Locale.ROOT, "negative-binomial upper tail P(X>=x) (day-of-week adjusted %dd baseline, phi %.3f)",
                        p.burstBaselineDays(), phi),
                tail, p.burstPValue(), d.day(i), p.burstBaselineDays());
    }

    /** Mean count per weekday over the mean count, shrunk towards 1 with two pseudo-days per weekday. */
    private static double[] weekdayFactors(Dense d, int start, int end) {
        double[] sum = new double[7];
        int[] days = new int[7];
        double total = 0;
        for (int j = start; j <= end; j++) {
            sum[d.dow(j)] += d.articles[j];
            days[d.dow(j)]++;
            total += d.articles[j];
        }
        double mean = total / (end - start + 1);
        if (mean <= 0) {
            return null;
        }
        double[] factor = new double[7];
        for (int w = 0; w < 7; w++) {
            factor[w] = (sum[w] + 2 * mean) / ((days[w] + 2) * mean);
        }
        return factor;
    }

    /** The series laid out day by day; days without a sample count as zero articles. */
    static final class Dense {
        final LocalDate origin;
        final long[] articles;
        final double[] favorCounts;
        final double[] againstCounts;
        /** Calibrated expected counts; a day without them falls back to its hard labels. */
        final double[] expectedFavor;
        final double[] expectedAgainst;
        /** True when at least one day carried expected counts. */
        boolean expected;
        private final int originDow;

        private Dense(LocalDate origin, int size) {
            this.origin = origin;
            this.articles = new long[size];
            this.favorCounts = new double[size];
            this.againstCounts = new double[size];
            this.expectedFavor = new double[size];
            this.expectedAgainst = new double[size];
            this.originDow = origin.getDayOfWeek().getValue() - 1;
        }

        static Dense of(NavigableMap<LocalDate, DaySample> series, LocalDate origin, LocalDate to) {
            Dense d = new Dense(origin, (int) ChronoUnit.DAYS.between(origin, to) + 1);
            for (DaySample s : series.subMap(origin, true, to, true).values()) {
                int i = d.index(s.day());
                d.articles[i] = s.articles();
                d.favorCounts[i] = s.favor();
                d.againstCounts[i] = s.against();
                boolean known = s.hasExpectedCounts();
                d.expected |= known;
                d.expectedFavor[i] = known ? s.expectedFavor() : s.favor();
                d.expectedAgainst[i] = known ? s.expectedAgainst() : s.against();
            }
            return d;
        }

        int size() {
            return articles.length;
        }

        int index(LocalDate day) {
            return (int) ChronoUnit.DAYS.between(origin, day);
        }

        LocalDate day(int i) {
            return origin.plusDays(i);
        }

        int dow(int i) {
            return (originDow + i) % 7;
        }
    }

    /** Day-of-week names for explanations. */
    static String weekday(LocalDate day) {
        DayOfWeek d = day.getDayOfWeek();
        return d.name().charAt(0) + d.name().substring(1).toLowerCase(Locale.ROOT);
    }
}
