package org.stancewatch.app.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * The optimal sequential detector for a known step p0 -> p1 of a Bernoulli share: Page's CUSUM of the
 * per-article log-likelihood ratio, summed per day, S = max(0, S + LLR_d), alarm when S >= h and restart.
 * Lorden/Moustakides: among detectors with the same mean time between false alarms it has the smallest
 * worst-case delay, so its recall bounds what any detector can do with the same labels.
 *
 * <p>The threshold h is set for a mean of {@code arl0Days} days between false alarms by Siegmund's
 * approximation ARL0 = (e^h' - h' - 1) / mu, h' = h + 1.166 sigma (mu, sigma: mean and sd of the daily
 * LLR under p0 with Poisson(lambda) articles a day: mu = lambda KL(p0||p1), sigma^2 = lambda E0[l^2]),
 * the same approximation ALERTS.md uses for the pipeline's detector.
 */
public final class SequentialOracle {

    private final double p0;
    private final double p1;
    private final double hit;
    private final double miss;
    private final double h;

    public SequentialOracle(double p0, double p1, double articlesPerDay, double arl0Days) {
        if (!(p0 > 0 && p0 < 1 && p1 > p0 && p1 < 1)) {
            throw new IllegalArgumentException("oracle needs 0 < p0 < p1 < 1, got p0=" + p0 + " p1=" + p1);
        }
        this.p0 = p0;
        this.p1 = p1;
        this.hit = Math.log(p1 / p0);
        this.miss = Math.log((1 - p1) / (1 - p0));
        this.h = threshold(articlesPerDay, arl0Days);
    }

    public double h() {
        return h;
    }

    private double threshold(double lambda, double arl0) {
        double mu = lambda * (p0 * Math.log(p0 / p1) + (1 - p0) * Math.log((1 - p0) / (1 - p1)));
        double sigma = Math.sqrt(lambda * (p0 * hit * hit + (1 - p0) * miss * miss));
        double lo = 0;
        double hi = 100;
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            double hp = mid + 1.166 * sigma;
            if ((Math.exp(hp) - hp - 1) / mu < arl0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /**
     * Days (indices) on which the CUSUM alarms, monitoring from {@code fromDay}; {@code n[d]} articles and
     * {@code x[d]} of them in the class, per day.
     */
    public List<Integer> alarms(long[] n, long[] x, int fromDay) {
        List<Integer> out = new ArrayList<>();
        double s = 0;
        for (int d = Math.max(0, fromDay); d < n.length; d++) {
            s = Math.max(0, s + x[d] * hit + (n[d] - x[d]) * miss);
            if (s >= h) {
                out.add(d);
                s = 0;
            }
        }
        return out;
    }
}
