package org.stancewatch.pipeline.alerts.synthetic;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.stancewatch.pipeline.alerts.DaySample;

/**
 * The textbook model, as a check that the detector does not rely on {@link SyntheticSeries}' quirks:
 * each article's stance is an independent draw with fixed per-actor probabilities (AGAINST uniform in
 * [0.05, 0.40], FAVOR uniform in [0.10, 0.40], the rest NEUTRAL), so daily AGAINST counts are exactly
 * binomial(n_day, p) with no over-dispersion; the daily volume is negative-binomial (dispersion
 * {@value #VOLUME_DISPERSION}: variance mu + 0.1 mu^2) around the scenario's mean times a fixed
 * day-of-week profile (weekdays 1.2, Saturday 0.6, Sunday 0.4 of the mean). A shift raises AGAINST
 * by {@code shift} from {@code shiftDay} on, taking from FAVOR and NEUTRAL in proportion; a burst
 * multiplies one day's mean volume.
 */
public final class PlainSeries {

    static final double VOLUME_DISPERSION = 0.1;
    /** Monday .. Sunday; averages 1. */
    static final double[] WEEKDAY = {1.2, 1.2, 1.2, 1.2, 1.2, 0.6, 0.4};

    private PlainSeries() {
    }

    public static NavigableMap<LocalDate, DaySample> generate(SyntheticSeries.Scenario s, long seed) {
        Random rnd = new Random(seed);
        double against = 0.05 + 0.35 * rnd.nextDouble();
        double favor = 0.10 + 0.30 * rnd.nextDouble();
        NavigableMap<LocalDate, DaySample> series = new TreeMap<>();
        for (int i = 0; i < s.days(); i++) {
            LocalDate day = SyntheticSeries.START.plusDays(i);
            double a = against;
            double f = favor;
            if (s.shiftDay() >= 0 && i >= s.shiftDay()) {
                double rest = 1 - against;
                f = favor - s.shift() * favor / rest;
                a = against + s.shift();
            }
            double mu = s.meanArticles() * WEEKDAY[day.getDayOfWeek().getValue() - 1];
            if (i == s.burstDay()) {
                mu *= s.burstFactor();
            }
            int n = SyntheticSeries.negativeBinomial(rnd, mu, VOLUME_DISPERSION);
            long[] counts = SyntheticSeries.multinomial(rnd, n, new double[] {f, a, 1 - a - f, 0});
            List<String> ids = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                ids.add(s.actorId() + "-" + day + "-" + k);
            }
            series.put(day, new DaySample(day, n, counts[0], counts[1], counts[2], counts[3],
                    n == 0 ? 0 : (counts[0] - counts[1]) * 0.6 / n, ids));
        }
        return series;
    }
}
