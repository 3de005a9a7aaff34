package org.stancewatch.nlp.stance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.stancewatch.nlp.ArticleAnalyzer;

/** Issue #17 point 2: shares corrected for the tagger's confusion, and the score calibration. */
class StanceCalibrationTest {

    /** A tagger that finds 40% of AGAINST, 30% of FAVOR and 97% of NEUTRAL (the article-level recalls). */
    private static final long[][] CONFUSION = {{40, 58, 2}, {2, 97, 1}, {3, 67, 30}};
    private static final long[][] BINS = {{5, 0, 0}, {5, 1, 0}, {20, 10, 2}, {10, 80, 15}, {2, 8, 20}, {1, 1, 5}, {0, 0, 3}};

    @Test
    void inverseConfusionRecoversTheTrueSharesFromTheExpectedTaggedShares() {
        StanceCalibration c = new StanceCalibration(CONFUSION, BINS);
        // True shares AGAINST 0.30, NEUTRAL 0.50, FAVOR 0.20 -> expected tagged counts per 1000 articles.
        double[] truth = {0.30, 0.50, 0.20};
        double[] tagged = new double[3];
        for (int t = 0; t < 3; t++) {
            long row = CONFUSION[t][0] + CONFUSION[t][1] + CONFUSION[t][2];
            for (int p = 0; p < 3; p++) {
                tagged[p] += 1000 * truth[t] * CONFUSION[t][p] / row;
            }
        }
        // The raw tagged AGAINST share (0.136) is far below the truth; the corrected one is the truth.
        assertEquals(0.136, tagged[0] / 1000, 1e-9);
        double[] corrected = c.correctedShares(Math.round(tagged[0] * 1000), Math.round(tagged[2] * 1000), 1_000_000);
        assertEquals(0.30, corrected[0], 0.001);
        assertEquals(0.20, corrected[1], 0.001);
    }

    @Test
    void outOfRangeCorrectionIsNotComputableRatherThanClipped() {
        StanceCalibration c = new StanceCalibration(CONFUSION, BINS);
        // Every article tagged AGAINST: more than any true mix can produce, so the estimate leaves [0, 1]. It
        // used to be clipped to 100 % AGAINST; now it is not computable.
        assertNull(c.correctedShares(100, 0, 100));
        assertNull(c.correctedShares(0, 0, 0));
        // A mix the confusion can produce still gets its estimate.
        double[] tagged = tagged(c, 0.2, 0.6, 0.2);
        double[] ok = c.correctedShares(Math.round(tagged[0] * 1000), Math.round(tagged[2] * 1000), 1000);
        assertEquals(0.2, ok[0], 0.01);
        assertEquals(0.2, ok[1], 0.01);
    }

    /** Expected tagged shares {AGAINST, NEUTRAL, FAVOR} for true shares a, n, f under {@link #CONFUSION}. */
    private static double[] tagged(StanceCalibration c, double a, double n, double f) {
        double[] truth = {a, n, f};
        double[] tagged = new double[3];
        for (int t = 0; t < 3; t++) {
            long row = CONFUSION[t][0] + CONFUSION[t][1] + CONFUSION[t][2];
            for (int p = 0; p < 3; p++) {
                tagged[p] += truth[t] * CONFUSION[t][p] / row;
            }
        }
        return tagged;
    }

    @Test
    void inverseTimesMatrixIsTheIdentity() {
        double[][] m = {{0.4, 0.02, 0.03}, {0.58, 0.97, 0.67}, {0.02, 0.01, 0.30}};
        double[][] inv = StanceCalibration.invert(m);
        for (int r = 0; r < 3; r++) {
            double[] row = new double[3];
            for (int c = 0; c < 3; c++) {
                for (int k = 0; k < 3; k++) {
                    row[c] += m[r][k] * inv[k][c];
                }
            }
            double[] identity = new double[3];
            identity[r] = 1;
            assertArrayEquals(identity, row, 1e-12);
        }
        assertThrows(IllegalArgumentException.class, () -> StanceCalibration.invert(new double[][] {{1, 1, 0}, {1, 1, 0}, {0, 0, 1}}));
    }

    @Test
    void probabilitiesFollowTheScoreBinsSmoothedTowardsTheOverallMix() {
        StanceCalibration c = new StanceCalibration(CONFUSION, BINS);
        // Bin 0 (score <= -0.4): 5 AGAINST of 5, shrunk with 2 pseudo-articles towards the overall AGAINST share 43/216.
        double overall = 43.0 / 188;
        assertEquals((5 + 2 * overall) / 7, c.probabilities(-0.9)[0], 1e-12);
        assertEquals(0, StanceCalibration.bin(-0.4));
        assertEquals(3, StanceCalibration.bin(0.0));
        assertEquals(6, StanceCalibration.bin(0.41));
        assertTrue(c.probabilities(-0.9)[0] > c.probabilities(0.0)[0]);
        assertTrue(c.probabilities(0.9)[1] > c.probabilities(0.0)[1]);
    }

    @Test
    void bundledCalibrationLoadsAndRoundTrips() {
        StanceCalibration c = StanceCalibration.shared();
        StanceCalibration again = StanceCalibration.fromJson(c.toJson("test"));
        assertArrayEquals(c.probabilities(-0.1), again.probabilities(-0.1), 0);
        assertTrue(c.discriminationGap() > 0 && c.discriminationGap() < 1, "gap " + c.discriminationGap());
        assertTrue(c.articleVarianceRatio() > 0 && c.articleVarianceRatio() < 1, "ratio " + c.articleVarianceRatio());
        for (double score = -1; score <= 1; score += 0.05) {
            double[] p = c.probabilities(score);
            assertTrue(p[0] > 0 && p[1] > 0 && p[0] + p[1] < 1, score + ": " + p[0] + ", " + p[1]);
        }
    }

    /**
     * Each source's expected counts come from its own tagger: the default (NOPARSE) and FUSED have their own bundled
     * calibration, each measured by the analyser version that runs now. Fails when the analyser or its model changes
     * without {@code modules/nlp/rebuild-calibration.sh noparse|fused}.
     */
    @Test
    void eachSourceHasItsOwnCalibrationMeasuredByTheCurrentAnalyser() throws IOException {
        assertEquals(StanceCalibration.RESOURCE, StanceCalibration.resource(StanceSource.NOPARSE));
        assertEquals(StanceCalibration.FUSED_RESOURCE, StanceCalibration.resource(StanceSource.FUSED));
        assertTrue(StanceCalibration.shared() == StanceCalibration.forSource(StanceSource.DEFAULT), "the test JVM configures no source");
        for (StanceSource source : new StanceSource[] {StanceSource.NOPARSE, StanceSource.FUSED}) {
            String provenance = provenance(StanceCalibration.resource(source));
            assertTrue(provenance.contains("stance source " + source + ",") && provenance.contains("analyser " + ArticleAnalyzer.version(source) + ","),
                    StanceCalibration.resource(source) + " was not measured by " + ArticleAnalyzer.version(source) + ": " + provenance
                            + " (rebuild: modules/nlp/rebuild-calibration.sh " + source.name().toLowerCase(java.util.Locale.ROOT) + ")");
            assertTrue(provenance.contains("first half"), provenance);
        }
        assertTrue(StanceCalibration.forSource(StanceSource.FUSED) != StanceCalibration.forSource(StanceSource.NOPARSE));
    }

    private static String provenance(String resource) throws IOException {
        try (InputStream in = StanceCalibration.class.getResourceAsStream(resource)) {
            JsonNode o = new ObjectMapper().readTree(in);
            return o.path("provenance").asText();
        }
    }
}
