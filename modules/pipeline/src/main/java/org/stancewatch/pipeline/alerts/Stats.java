package org.stancewatch.pipeline.alerts;

/**
 * The few distribution functions the detector needs. Hand-written because the pipeline module's
 * dependencies are fixed (no commons-math); each is a textbook formula with its accuracy noted.
 */
public final class Stats {

    private Stats() {
    }

    private static final double[] LANCZOS = {
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7};

    /** ln Γ(x) for x > 0 by the Lanczos approximation (g = 7, n = 9): relative error below 1e-13. */
    public static double logGamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("logGamma needs x > 0, got " + x);
        }
        if (x < 0.5) {
            // Reflection keeps the series in its accurate range.
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        double z = x - 1;
        double sum = LANCZOS[0];
        double t = z + 7.5;
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (z + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    /**
     * P(X >= k) for X negative-binomial with mean {@code mean} and dispersion {@code phi}
     * (variance = mean + phi * mean^2; phi -> 0 is Poisson). Sums the upper tail directly, so tiny
     * probabilities keep their precision (1 - cdf would cancel to zero).
     */
    public static double negBinomialUpperTail(long k, double mean, double phi) {
        if (!(mean > 0) || phi < 0) {
            throw new IllegalArgumentException("negBinomialUpperTail needs mean > 0 and phi >= 0, got mean=" + mean + " phi=" + phi);
        }
        if (k <= 0) {
            return 1.0;
        }
        if (k <= mean) {
            return 1.0 - lowerSum(k, mean, phi); // not a tail: the lower sum is short and accurate
        }
        double logPmf = logPmf(k, mean, phi);
        double term = Math.exp(logPmf);
        double sum = 0;
        for (long j = k; j < k + 1_000_000; j++) {
            sum += term;
            double next = term * ratio(j, mean, phi);
            if (next < sum * 1e-16 || next == 0) {
                break;
            }
            term = next;
        }
        return Math.min(1.0, sum);
    }

    private static double lowerSum(long k, double mean, double phi) {
        double sum = 0;
        double term = Math.exp(logPmf(0, mean, phi));
        for (long j = 0; j < k; j++) {
            sum += term;
            term *= ratio(j, mean, phi);
        }
        return sum;
    }

    /** pmf(j + 1) / pmf(j). */
    private static double ratio(long j, double mean, double phi) {
        if (phi == 0) {
            return mean / (j + 1);
        }
        double r = 1 / phi;
        return (j + r) / (j + 1) * (mean / (r + mean));
    }

    static double logPmf(long k, double mean, double phi) {
        if (phi == 0) {
            return k * Math.log(mean) - mean - logGamma(k + 1.0);
        }
        double r = 1 / phi;
        return logGamma(k + r) - logGamma(r) - logGamma(k + 1.0)
                + r * Math.log(r / (r + mean)) + k * Math.log(mean / (r + mean));
    }

    /** P(Z >= z) for a standard normal, via erfc (Numerical Recipes erfcc, relative error below 1.2e-7). */
    public static double normalUpperTail(double z) {
        double x = z / Math.sqrt(2);
        double t = 1 / (1 + 0.5 * Math.abs(x));
        double erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 0.5 * erfc : 1 - 0.5 * erfc;
    }
}
