package org.stancewatch.pipeline.alerts.synthetic;

import java.time.LocalDate;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.stancewatch.nlp.stance.StanceCalibration;
import org.stancewatch.pipeline.alerts.AlertEval;
import org.stancewatch.pipeline.alerts.DaySample;

/**
 * A generator's series seen through the stance tagger: the base generator's counts are the TRUE classes;
 * each article gets a score bin drawn from P(bin | true class) and a label drawn from P(label | true class),
 * both as measured on NewsMTSC dev ({@link StanceCalibration}). The day then carries the tagger's hard
 * counts and the calibrated expected counts (sum of P(AGAINST | bin), P(FAVOR | bin)), as
 * {@code mentions.daily} does. Used to derive the detector's threshold for either input under H0.
 */
public final class TaggedSeries {

    private TaggedSeries() {
    }

    public static AlertEval.Generator over(AlertEval.Generator base, StanceCalibration tagger) {
        return (scenario, seed) -> tag(base.generate(scenario, seed), tagger, new Random(seed ^ 0x5DEECE66DL));
    }

    static NavigableMap<LocalDate, DaySample> tag(NavigableMap<LocalDate, DaySample> truth, StanceCalibration tagger,
                                                  Random random) {
        double[][] bins = new double[3][];
        double[][] labels = new double[3][];
        for (int c = 0; c < 3; c++) {
            bins[c] = tagger.binDistribution(c);
            labels[c] = tagger.labelDistribution(c);
        }
        NavigableMap<LocalDate, DaySample> out = new TreeMap<>();
        for (DaySample d : truth.values()) {
            long[] tagged = new long[3];
            double expectedAgainst = 0;
            double expectedFavor = 0;
            long[] byTrue = {d.against(), d.articles() - d.against() - d.favor(), d.favor()}; // AGAINST, NEUTRAL, FAVOR
            for (int c = 0; c < 3; c++) {
                for (long k = 0; k < byTrue[c]; k++) {
                    double[] p = tagger.binProbabilities(draw(random, bins[c]));
                    expectedAgainst += p[0];
                    expectedFavor += p[1];
                    tagged[draw(random, labels[c])]++;
                }
            }
            out.put(d.day(), new DaySample(d.day(), d.articles(), tagged[2], tagged[0], tagged[1], 0, d.meanScore(),
                    d.articleIds(), expectedFavor, expectedAgainst));
        }
        return out;
    }

    private static int draw(Random random, double[] p) {
        double u = random.nextDouble();
        for (int i = 0; i < p.length - 1; i++) {
            u -= p[i];
            if (u < 0) {
                return i;
            }
        }
        return p.length - 1;
    }
}
