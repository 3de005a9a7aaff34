package org.stancewatch.nlp.stance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.stancewatch.nlp.neural.NeuralStanceModel;

/**
 * What the article analyser's output means on labelled text, measured on NewsMTSC dev (articles built by
 * {@link org.stancewatch.nlp.eval.TextArticles}; rebuilt by {@link org.stancewatch.nlp.eval.StanceCalibrationBuilder}, command in its class comment).
 *
 * <p>The analyser gives an article-level stance and a score in [-1, 1] but no probability. Two things are
 * derived from dev:
 * <ul>
 *   <li>{@link #probabilities(double)}: calibrated P(true AGAINST), P(true FAVOR) given the score, by histogram
 *       binning of the score (fixed bin edges; each bin's class frequencies smoothed towards the overall ones
 *       with {@link #PSEUDO_COUNT} pseudo-articles). Summed over a day's articles they are expected counts.</li>
 *   <li>{@link #correctedShares}: the confusion matrix C[true][predicted] (classes AGAINST, NEUTRAL, FAVOR;
 *       MIXED counted as NEUTRAL), row-normalised to P(predicted | true). Observed shares q = C^T s, so the
 *       true shares are s = (C^T)^-1 q. If any of the three leaves [0, 1], no true mix can produce the observed
 *       one under the measured confusion (the tagger on this text is not the tagger measured on dev): the
 *       correction is not computable (null), not clipped. Clipping made real articles read as 100 % AGAINST.</li>
 * </ul>
 */
public final class StanceCalibration {

    /** The calibration of the default source, NOPARSE (also used for NEURAL and CLASSIC, which have none of their own). */
    public static final String RESOURCE = "/stance/calibration.json";
    /** FUSED's own calibration (its article scores differ from NOPARSE's by the parse's rules). */
    public static final String FUSED_RESOURCE = "/stance/calibration-fused.json";
    /** Class order of every array here. */
    public static final String[] CLASSES = {"AGAINST", "NEUTRAL", "FAVOR"};
    public static final int AGAINST = 0;
    public static final int NEUTRAL = 1;
    public static final int FAVOR = 2;
    /** Upper edges of the score bins (the last bin ends at 1). */
    public static final double[] EDGES = {-0.4, -0.15, -0.02, 0.02, 0.15, 0.4};
    static final double PSEUDO_COUNT = 2;
    /** How far outside [0, 1] a corrected share may fall as float rounding before it counts as not computable. */
    static final double OUT_OF_RANGE_TOLERANCE = 1e-9;

    private static final java.util.Map<String, StanceCalibration> SHARED = new java.util.concurrent.ConcurrentHashMap<>();

    /** Confusion counts [true][predicted]. */
    private final long[][] confusion;
    /** Articles per [bin][true class]. */
    private final long[][] binCounts;
    private final double[][] binProbabilities;
    private final double[][] inverse;

    public StanceCalibration(long[][] confusion, long[][] binCounts) {
        if (confusion.length != 3 || binCounts.length != EDGES.length + 1) {
            throw new IllegalArgumentException("calibration needs a 3x3 confusion matrix and " + (EDGES.length + 1)
                    + " score bins, got " + confusion.length + " and " + binCounts.length);
        }
        this.confusion = copy(confusion);
        this.binCounts = copy(binCounts);
        double[] overall = new double[3];
        long total = 0;
        for (long[] bin : binCounts) {
            for (int c = 0; c < 3; c++) {
                overall[c] += bin[c];
                total += bin[c];
            }
        }
        for (int c = 0; c < 3; c++) {
            overall[c] = total == 0 ? 1.0 / 3 : overall[c] / total;
        }
        binProbabilities = new double[binCounts.length][3];
        for (int b = 0; b < binCounts.length; b++) {
            long n = binCounts[b][0] + binCounts[b][1] + binCounts[b][2];
            for (int c = 0; c < 3; c++) {
                binProbabilities[b][c] = (binCounts[b][c] + PSEUDO_COUNT * overall[c]) / (n + PSEUDO_COUNT);
            }
        }
        double[][] pt = new double[3][3]; // P(predicted = r | true = c), laid out as (C^T)[r][c]
        for (int t = 0; t < 3; t++) {
            long row = confusion[t][0] + confusion[t][1] + confusion[t][2];
            if (row == 0) {
                throw new IllegalArgumentException("confusion matrix has no article of true class " + CLASSES[t]);
            }
            for (int p = 0; p < 3; p++) {
                pt[p][t] = (double) confusion[t][p] / row;
            }
        }
        inverse = invert(pt);
    }

    /**
     * The bundled calibration of the analyser's configured stance source ({@link StanceSource#configured()}): the
     * pipeline's expected counts and corrected shares must come from the tagger that labelled the articles.
     */
    public static StanceCalibration shared() {
        return forSource(StanceSource.configured());
    }

    /** The classpath resource holding the calibration measured for this stance source. */
    public static String resource(StanceSource source) {
        return source == StanceSource.FUSED ? FUSED_RESOURCE : RESOURCE;
    }

    /** The bundled calibration for this stance source (loaded once per resource). */
    public static StanceCalibration forSource(StanceSource source) {
        return forResource(resource(source));
    }

    /** A bundled calibration by its classpath resource ({@link #RESOURCE}, {@link #FUSED_RESOURCE}), loaded once. */
    public static StanceCalibration forResource(String resource) {
        return SHARED.computeIfAbsent(resource, StanceCalibration::load);
    }

    /** SHA-256 (hex) of a bundled calibration's bytes: what a threshold derived from it is recorded under. */
    public static String resourceSha256(String resource) {
        return NeuralStanceModel.sha256(resourceBytes(resource));
    }

    private static StanceCalibration load(String resource) {
        try {
            return fromJson(new ObjectMapper().readTree(resourceBytes(resource)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }

    private static byte[] resourceBytes(String resource) {
        try (InputStream in = StanceCalibration.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing classpath resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }

    /** Calibrated {P(true AGAINST), P(true FAVOR)} for an article with this analyser score. */
    public double[] probabilities(double score) {
        double[] p = binProbabilities[bin(score)];
        return new double[] {p[AGAINST], p[FAVOR]};
    }

    public static int bin(double score) {
        int b = 0;
        while (b < EDGES.length && score > EDGES[b]) {
            b++;
        }
        return b;
    }

    /**
     * {corrected AGAINST share, corrected FAVOR share} from the tagger's counts (MIXED counted with the
     * rest), or null when there are no articles or the inverse-confusion estimate is outside [0, 1] for any class
     * (not computable: the observed mix is impossible under the measured confusion).
     */
    public double[] correctedShares(long against, long favor, long articles) {
        if (articles <= 0) {
            return null;
        }
        double[] q = {(double) against / articles, (double) (articles - against - favor) / articles, (double) favor / articles};
        double[] s = new double[3];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                s[r] += inverse[r][c] * q[c];
            }
        }
        for (double v : s) {
            // A hair outside [0, 1] is rounding; more is a mix the confusion matrix cannot produce.
            if (v < -OUT_OF_RANGE_TOLERANCE || v > 1 + OUT_OF_RANGE_TOLERANCE) {
                return null;
            }
        }
        return new double[] {clip(s[AGAINST]), clip(s[FAVOR])};
    }

    /**
     * Variance of one article's calibrated probability over its binomial value, Var(q) / (E[q] (1 - E[q])),
     * on the dev mix; the larger of the AGAINST and FAVOR values. A sum of probabilities varies much less
     * than a count of hard labels with the same mean: the detector scales its binomial variance by this.
     */
    public double articleVarianceRatio() {
        double ratio = 0;
        for (int c : new int[] {AGAINST, FAVOR}) {
            double n = 0;
            double sum = 0;
            double squares = 0;
            for (int b = 0; b < binCounts.length; b++) {
                long nb = binCounts[b][0] + binCounts[b][1] + binCounts[b][2];
                n += nb;
                sum += nb * binProbabilities[b][c];
                squares += nb * binProbabilities[b][c] * binProbabilities[b][c];
            }
            double mean = sum / n;
            ratio = Math.max(ratio, (squares / n - mean * mean) / (mean * (1 - mean)));
        }
        return ratio;
    }

    /**
     * How far the mean calibrated probability moves per unit of true share: E[q_c | true c] - E[q_c | true not c]
     * on dev, the smaller of AGAINST and FAVOR. A true step of delta shows up as about gap * delta in the
     * expected-count share.
     */
    public double discriminationGap() {
        return Math.min(1, Math.min(discriminationGap(AGAINST), discriminationGap(FAVOR)));
    }

    /**
     * The gap for one class c ({@link #AGAINST} or {@link #FAVOR}): E[q_c | true c] - E[q_c | true not c], q_c the
     * calibrated probability of c. Per class because the tagger can separate them very differently (the alert detector
     * scales each share's test by its own gap).
     */
    public double discriminationGap(int c) {
        double in = 0;
        double nIn = 0;
        double notIn = 0;
        double nNot = 0;
        for (int b = 0; b < binCounts.length; b++) {
            for (int t = 0; t < 3; t++) {
                if (t == c) {
                    in += binCounts[b][t] * binProbabilities[b][c];
                    nIn += binCounts[b][t];
                } else {
                    notIn += binCounts[b][t] * binProbabilities[b][c];
                    nNot += binCounts[b][t];
                }
            }
        }
        return in / nIn - notIn / nNot;
    }

    /** P(score bin | true class), classes in {@link #CLASSES} order: for simulating a tagger with this behaviour. */
    public double[] binDistribution(int trueClass) {
        double[] p = new double[binCounts.length];
        double n = 0;
        for (long[] bin : binCounts) {
            n += bin[trueClass];
        }
        for (int b = 0; b < binCounts.length; b++) {
            p[b] = n == 0 ? 1.0 / binCounts.length : binCounts[b][trueClass] / n;
        }
        return p;
    }

    /** P(predicted label | true class), labels in {@link #CLASSES} order. */
    public double[] labelDistribution(int trueClass) {
        long[] row = confusion[trueClass];
        double n = row[0] + row[1] + row[2];
        return new double[] {row[0] / n, row[1] / n, row[2] / n};
    }

    /** Calibrated {P(AGAINST), P(FAVOR)} of score bin {@code bin}. */
    public double[] binProbabilities(int bin) {
        return new double[] {binProbabilities[bin][AGAINST], binProbabilities[bin][FAVOR]};
    }

    public int bins() {
        return binCounts.length;
    }

    /** Recall of each true class (AGAINST, NEUTRAL, FAVOR): the diagonal of P(predicted | true). */
    public double[] recalls() {
        double[] r = new double[3];
        for (int t = 0; t < 3; t++) {
            r[t] = recall(confusion, t);
        }
        return r;
    }

    /** Recall of one true class in a confusion matrix [true][tagged]; NaN when the matrix has none of that class. */
    public static double recall(long[][] confusion, int truth) {
        return (double) confusion[truth][truth] / (confusion[truth][0] + confusion[truth][1] + confusion[truth][2]);
    }

    public long[][] confusion() {
        return copy(confusion);
    }

    private static double clip(double v) {
        return Math.max(0, Math.min(1, v));
    }

    static double[][] invert(double[][] m) {
        double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        if (Math.abs(det) < 1e-9) {
            throw new IllegalArgumentException("confusion matrix is singular (the tagger cannot tell the classes apart)");
        }
        double[][] inv = new double[3][3];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                // Cofactor of m[c][r] (adjugate = transposed cofactors).
                int r1 = (c + 1) % 3, r2 = (c + 2) % 3, c1 = (r + 1) % 3, c2 = (r + 2) % 3;
                inv[r][c] = (m[r1][c1] * m[r2][c2] - m[r1][c2] * m[r2][c1]) / det;
            }
        }
        return inv;
    }

    public ObjectNode toJson(String provenance) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode o = json.createObjectNode();
        o.put("provenance", provenance);
        ArrayNode classes = o.putArray("classes");
        Arrays.stream(CLASSES).forEach(classes::add);
        ArrayNode edges = o.putArray("scoreBinUpperEdges");
        Arrays.stream(EDGES).forEach(edges::add);
        o.set("confusionTruePredicted", json.valueToTree(confusion));
        o.set("binCountsTrue", json.valueToTree(binCounts));
        return o;
    }

    public static StanceCalibration fromJson(JsonNode o) {
        JsonNode edges = o.path("scoreBinUpperEdges");
        for (int i = 0; i < EDGES.length; i++) {
            if (edges.size() != EDGES.length || edges.get(i).asDouble() != EDGES[i]) {
                throw new IllegalArgumentException(RESOURCE + ": score bin edges " + edges + " differ from the code's "
                        + Arrays.toString(EDGES) + "; rebuild it with StanceCalibrationBuilder");
            }
        }
        return new StanceCalibration(longs(o.path("confusionTruePredicted")), longs(o.path("binCountsTrue")));
    }

    private static long[][] longs(JsonNode a) {
        long[][] out = new long[a.size()][];
        for (int i = 0; i < a.size(); i++) {
            out[i] = new long[a.get(i).size()];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = a.get(i).get(j).asLong();
            }
        }
        return out;
    }

    private static long[][] copy(long[][] m) {
        long[][] c = new long[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}
