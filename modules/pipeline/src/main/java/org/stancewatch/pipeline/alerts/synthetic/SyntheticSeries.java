package org.stancewatch.pipeline.alerts.synthetic;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.stancewatch.events.ActorDay;
import org.stancewatch.pipeline.alerts.DaySample;

/**
 * Synthetic daily series for one actor, made deliberately untidy so the detector is not tuned to an
 * idealised world: negative-binomial volume with an actor-specific day-of-week profile and a slowly
 * wandering level, and a stance mix that jitters from day to day (Dirichlet around a mean that
 * itself drifts slowly). A shift of known size can be injected on a known day: the AGAINST share
 * rises by {@code shift}, taking the mass from FAVOR and NEUTRAL in proportion.
 */
public final class SyntheticSeries {

    /**
     * @param meanArticles     mean articles per day (before day-of-week factors)
     * @param days             length of the series
     * @param shiftDay         index of the first shifted day, or -1 for a stationary series
     * @param shift            rise of the AGAINST share from {@code shiftDay} on
     * @param burstDay         index of a burst day, or -1
     * @param burstFactor      volume multiplier on the burst day
     */
    public record Scenario(String actorId, double meanArticles, int days, int shiftDay, double shift,
                           int burstDay, double burstFactor) {
        public static Scenario stationary(String actorId, double meanArticles, int days) {
            return new Scenario(actorId, meanArticles, days, -1, 0, -1, 1);
        }
    }

    public static final LocalDate START = LocalDate.of(2024, 1, 1);

    private SyntheticSeries() {
    }

    /** The series as detector samples; the same seed and scenario always give the same series. */
    public static NavigableMap<LocalDate, DaySample> generate(Scenario s, long seed) {
        Random rnd = new Random(seed);
        double[] weekday = weekdayProfile(rnd);
        double phi = 0.05 + 0.25 * rnd.nextDouble();           // volume over-dispersion
        double concentration = 80 + 220 * rnd.nextDouble();    // day-to-day stance jitter (share sd ~ 0.02-0.05)
        double against = 0.08 + 0.27 * rnd.nextDouble();
        double favor = 0.12 + 0.28 * rnd.nextDouble();
        double mixed = 0.02 + 0.06 * rnd.nextDouble();
        double logLevel = 0;
        double againstDrift = 0;
        double favorDrift = 0;
        NavigableMap<LocalDate, DaySample> series = new TreeMap<>();
        for (int i = 0; i < s.days(); i++) {
            LocalDate day = START.plusDays(i);
            logLevel = 0.97 * logLevel + 0.03 * rnd.nextGaussian();    // slow wander of the volume level
            againstDrift = 0.97 * againstDrift + 0.006 * rnd.nextGaussian(); // slow wander of the mix (sd ~0.025)
            favorDrift = 0.97 * favorDrift + 0.006 * rnd.nextGaussian();
            double a = clamp(against + againstDrift, 0.03, 0.45);
            double f = clamp(favor + favorDrift, 0.05, 0.5);
            double[] mean = {f, a, Math.max(0.05, 1 - a - f - mixed), mixed};
            normalise(mean);
            if (s.shiftDay() >= 0 && i >= s.shiftDay()) {
                double take = s.shift();
                double pool = mean[0] + mean[2];
                mean[0] -= take * mean[0] / pool;
                mean[2] -= take * mean[2] / pool;
                mean[1] += take;
            }
            double mu = s.meanArticles() * weekday[day.getDayOfWeek().getValue() - 1] * Math.exp(logLevel);
            if (i == s.burstDay()) {
                mu *= s.burstFactor();
            }
            int n = negativeBinomial(rnd, mu, phi);
            double[] mix = dirichlet(rnd, mean, concentration);
            long[] counts = multinomial(rnd, n, mix);
            List<String> ids = new ArrayList<>(n);
            double scoreSum = 0;
            for (int k = 0; k < n; k++) {
                ids.add(s.actorId() + "-" + day + "-" + k);
            }
            scoreSum += counts[0] * 0.6 - counts[1] * 0.6;
            series.put(day, new DaySample(day, n, counts[0], counts[1], counts[2], counts[3],
                    n == 0 ? 0 : scoreSum / n, ids));
        }
        return series;
    }

    /** The same series as {@code mentions.daily} records (all-outlet totals). */
    public static List<ActorDay> toActorDays(String actorName, String actorId, NavigableMap<LocalDate, DaySample> series) {
        List<ActorDay> out = new ArrayList<>();
        for (DaySample d : series.values()) {
            out.add(ActorDay.newBuilder().setActorId(actorId).setActorName(actorName).setDay(d.day()).setOutlet(null)
                    .setMentions(d.articles()).setArticles(d.articles()).setOutlets(d.articles() > 0 ? 1 : 0)
                    .setFavor(d.favor()).setAgainst(d.against()).setNeutral(d.neutral()).setMixed(d.mixed())
                    .setNetStance(d.articles() == 0 ? 0 : (double) (d.favor() - d.against()) / d.articles())
                    .setMeanScore(d.meanScore()).setUpdatedAt(null).build());
        }
        return out;
    }

    private static double[] weekdayProfile(Random rnd) {
        double[] f = new double[7];
        for (int w = 0; w < 5; w++) {
            f[w] = 1.0 + 0.25 * rnd.nextDouble();
        }
        f[5] = 0.5 + 0.3 * rnd.nextDouble();
        f[6] = 0.4 + 0.35 * rnd.nextDouble();
        double mean = 0;
        for (double v : f) {
            mean += v / 7;
        }
        for (int w = 0; w < 7; w++) {
            f[w] /= mean;
        }
        return f;
    }

    static int negativeBinomial(Random rnd, double mean, double phi) {
        double lambda = mean * gamma(rnd, 1 / phi) * phi; // Gamma(shape 1/phi, scale phi) has mean 1
        return poisson(rnd, lambda);
    }

    /** Inversion by sequential search: O(lambda), fine for the volumes simulated here. */
    private static int poisson(Random rnd, double lambda) {
        if (lambda > 500) {
            return (int) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rnd.nextGaussian()));
        }
        double u = rnd.nextDouble();
        double p = Math.exp(-lambda);
        double cdf = p;
        int k = 0;
        while (u > cdf && k < 10_000) {
            k++;
            p *= lambda / k;
            cdf += p;
        }
        return k;
    }

    /** Marsaglia and Tsang's method. */
    private static double gamma(Random rnd, double shape) {
        if (shape < 1) {
            return gamma(rnd, shape + 1) * Math.pow(rnd.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = rnd.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rnd.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    private static double[] dirichlet(Random rnd, double[] mean, double concentration) {
        double[] g = new double[mean.length];
        for (int k = 0; k < mean.length; k++) {
            g[k] = mean[k] <= 0 ? 0 : gamma(rnd, mean[k] * concentration);
        }
        normalise(g);
        return g;
    }

    static long[] multinomial(Random rnd, int n, double[] p) {
        long[] counts = new long[p.length];
        for (int t = 0; t < n; t++) {
            double u = rnd.nextDouble();
            int k = 0;
            double acc = p[0];
            while (u > acc && k < p.length - 1) {
                k++;
                acc += p[k];
            }
            counts[k]++;
        }
        return counts;
    }

    private static void normalise(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        for (int k = 0; k < v.length; k++) {
            v[k] /= sum;
        }
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
