package org.stancewatch.app.commands;

import java.util.Arrays;
import java.util.Locale;

/** Latency samples in milliseconds, summarised as nearest-rank percentiles. */
final class BenchLatencies {

    private double[] values = new double[64];
    private int size;

    void add(double millis) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = millis;
    }

    int count() {
        return size;
    }

    /**
     * Nearest-rank percentile: the smallest sample with at least {@code q} of all samples at or below it
     * ({@code q} in (0, 1]); NaN without samples.
     */
    double percentile(double q) {
        if (q <= 0 || q > 1) {
            throw new IllegalArgumentException("percentile must be in (0, 1], was " + q);
        }
        if (size == 0) {
            return Double.NaN;
        }
        double[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(q * size) - 1)];
    }

    /** {@code p50=... ms p95=... ms p99=... ms max=... ms}. */
    String describe() {
        return String.format(Locale.ROOT, "p50=%.0f ms p95=%.0f ms p99=%.0f ms max=%.0f ms", percentile(0.50),
                percentile(0.95), percentile(0.99), percentile(1.0));
    }
}
