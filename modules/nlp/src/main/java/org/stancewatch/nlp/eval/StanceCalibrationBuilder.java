package org.stancewatch.nlp.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import org.stancewatch.nlp.ActorResult;
import org.stancewatch.nlp.ArticleAnalyzer;
import org.stancewatch.nlp.Stance;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.catalogue.ActorEntry;
import org.stancewatch.nlp.catalogue.ActorKind;
import org.stancewatch.nlp.neural.NeuralStanceModel;
import org.stancewatch.nlp.stance.StanceCalibration;
import org.stancewatch.nlp.stance.StanceSource;

/**
 * Rebuilds a stance source's calibration ({@code modules/nlp/src/main/resources/stance/calibration.json} for the
 * default NOPARSE, {@code calibration-fused.json} for FUSED): runs the article analyser of that source on articles
 * built from a NewsMTSC file ({@link TextArticles}, the frozen {@link #persons} in turn) and counts the
 * confusion matrix and the score histogram per true class. Run it again whenever the analyser or its model changes,
 * in one step from the repository root (builds the nlp classes, fits on the first half of dev):
 * <pre>
 * flock /tmp/stancewatch-build.lock modules/nlp/rebuild-calibration.sh [noparse|fused]
 * </pre>
 * or on out-of-fold scores of train, every sentence scored by the cross-validation fold model that did not train on it
 * (measured for the default source, not adopted: modules/pipeline/ALERTS.md, "A calibration on out-of-fold train"):
 * <pre>
 * ./stancewatch train stance --train TRAIN.jsonl --cv 5 --epochs 2 --seed 13 --encoder-lr 5e-5 --fold-models DIR
 * flock /tmp/stancewatch-build.lock modules/nlp/rebuild-calibration.sh noparse --out-of-fold DIR
 * </pre>
 */
public final class StanceCalibrationBuilder {

    private StanceCalibrationBuilder() {
    }

    /**
     * Which lines of the file: all, or the first half (lines 0 .. n/2 - 1) or the second (n/2 .. n - 1). The
     * calibration is fitted on the first half of dev so that {@code eval alerts --text} can be scored on the second.
     */
    public enum Half {
        ALL, FIRST, SECOND;

        public <T> List<T> of(List<T> lines) {
            int mid = lines.size() / 2;
            return switch (this) {
                case ALL -> lines;
                case FIRST -> lines.subList(0, mid);
                case SECOND -> lines.subList(mid, lines.size());
            };
        }

        public static Half parse(String s) {
            try {
                return valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown half '" + s + "' (expected all, first or second)");
            }
        }
    }

    public static void main(String[] args) throws IOException {
        boolean outOfFold = args.length >= 1 && args[0].equals("--out-of-fold");
        if (outOfFold ? args.length < 3 || args.length > 4 : args.length < 2 || args.length > 4) {
            System.err.println("usage: StanceCalibrationBuilder NEWSMTSC.jsonl OUT.json [all|first|second] [STANCE_SOURCE]\n"
                    + "       StanceCalibrationBuilder --out-of-fold FOLD_DIR OUT.json [STANCE_SOURCE]");
            System.exit(2);
        }
        // The source whose calibration this is; default: the configured one (StanceSource.configured()).
        StanceSource source = args.length == 4 ? StanceSource.parse(args[3]) : StanceSource.configured();
        ArticleAnalyzer analyzer = new ArticleAnalyzer(ActorCatalogue.starter(), source);
        String articles = ", stance source " + analyzer.stanceSource() + ", articles by TextArticles with the frozen persons of eval/text-article-persons.txt in turn";
        if (outOfFold) {
            OutOfFold r = buildOutOfFold(Path.of(args[1]), analyzer, System.out);
            write(Path.of(args[2]), r.calibration().toJson("NewsMTSC out-of-fold: " + r.sentences() + " sentences of " + r.folds()
                    + " held folds, each scored by the fold model that did not train on it (train stance --cv " + r.folds()
                    + " --fold-models, the committed model's recipe), analyser " + analyzer.analyzerVersion()
                    + ", its model replaced by each fold's" + articles));
            return;
        }
        Half half = args.length >= 3 ? Half.parse(args[2]) : Half.ALL;
        StanceCalibration c = build(Path.of(args[0]), half, analyzer, System.out);
        write(Path.of(args[1]), c.toJson("NewsMTSC " + Path.of(args[0]).getFileName() + " (" + half.name().toLowerCase(Locale.ROOT)
                + (half == Half.ALL ? " lines" : " half of the lines") + "), analyser " + analyzer.analyzerVersion() + articles));
    }

    private static void write(Path out, Object json) throws IOException {
        Files.writeString(out, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
    }

    /** A calibration fitted on out-of-fold scores, with how many folds and sentences it saw. */
    public record OutOfFold(StanceCalibration calibration, int folds, int sentences) {
    }

    /**
     * Fits a calibration on the held folds of a cross-validation ({@code train stance --cv K --fold-models DIR}): each
     * {@code fold-K-held.jsonl} is analysed by {@code analyzer} with {@code fold-K.bin} in place of its model, through
     * the same one-sentence article path as {@link #build}, and the confusion matrices and score histograms are summed.
     * So every sentence is scored by a model that did not train on it, as the committed model scores unseen news, and
     * the calibration can use the whole training file instead of part of dev.
     */
    public static OutOfFold buildOutOfFold(Path foldDir, ArticleAnalyzer analyzer, PrintStream out) throws IOException {
        List<Path> models;
        try (var files = Files.list(foldDir)) {
            models = files.filter(f -> f.getFileName().toString().matches("fold-\\d+\\.bin")).sorted().toList();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(foldDir + ": no such directory (write it with train stance --cv K --fold-models DIR)", e);
        }
        if (models.isEmpty()) throw new IOException(foldDir + ": no fold-K.bin files (write them with train stance --cv K --fold-models DIR)");
        long[][] confusion = new long[3][3];
        long[][] bins = new long[StanceCalibration.EDGES.length + 1][3];
        int sentences = 0;
        int missed = 0;
        for (Path model : models) {
            Path held = model.resolveSibling(model.getFileName().toString().replace(".bin", "-held.jsonl"));
            if (!Files.exists(held)) throw new IOException(model + ": its held-out examples " + held + " are missing");
            ArticlePath p;
            try (NeuralStanceModel m = NeuralStanceModel.load(model, Math.max(1, Runtime.getRuntime().availableProcessors()),
                    analyzer.neuralModel().mark())) {
                p = articlePath(held, Half.ALL, analyzer.withNeuralModel(m, NeuralStanceModel.fileSha256(model)));
            }
            for (int t = 0; t < 3; t++) for (int q = 0; q < 3; q++) confusion[t][q] += p.confusion()[t][q];
            for (int b = 0; b < bins.length; b++) for (int t = 0; t < 3; t++) bins[b][t] += p.bins()[b][t];
            sentences += p.sentences();
            missed += p.missed();
            out.printf(Locale.ROOT, "%s: %d sentences, %d without the actor found; article recall AGAINST %s NEUTRAL %s FAVOR %s%n",
                    held.getFileName(), p.sentences(), p.missed(), recall(p.confusion(), 0), recall(p.confusion(), 1), recall(p.confusion(), 2));
        }
        StanceCalibration c = new StanceCalibration(confusion, bins);
        double[] recall = c.recalls();
        out.printf(Locale.ROOT, "%d folds, %d sentences, %d without the actor found; article recall AGAINST %.2f NEUTRAL %.2f FAVOR %.2f%n",
                models.size(), sentences, missed, recall[0], recall[1], recall[2]);
        return new OutOfFold(c, models.size(), sentences);
    }

    /** The frozen list of {@link #persons}: one catalogue id per line, {@code #} comments. */
    public static final String PERSONS_RESOURCE = "/eval/text-article-persons.txt";

    /**
     * The names the text evaluations put in place of the targets: the persons of {@link #PERSONS_RESOURCE}, in its
     * order, looked up in {@code catalogue}. The list is frozen rather than taken from the catalogue because every
     * person added to it used to shift which name each sentence got, and with it the calibrations and alert figures
     * (three persons in session 31 moved the via-article F1m by 0.017). A listed id that is no longer a person of the
     * catalogue is an error naming it.
     */
    public static List<ActorEntry> persons(ActorCatalogue catalogue) {
        List<String> ids;
        try (InputStream in = StanceCalibrationBuilder.class.getResourceAsStream(PERSONS_RESOURCE)) {
            if (in == null) throw new IllegalStateException("Missing classpath resource " + PERSONS_RESOURCE);
            ids = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + PERSONS_RESOURCE, e);
        }
        List<ActorEntry> out = new ArrayList<>();
        for (String id : ids) {
            ActorEntry e = catalogue.get(id).orElse(null);
            if (e == null || e.type() != ActorKind.PERSON) {
                throw new IllegalStateException(PERSONS_RESOURCE + " lists '" + id + "', which the catalogue has "
                        + (e == null ? "not" : "as a " + e.type() + ", not a PERSON") + "; the text evaluations need it as a person");
            }
            out.add(e);
        }
        return out;
    }

    public static StanceCalibration build(Path jsonl, ArticleAnalyzer analyzer, PrintStream out) throws IOException {
        return build(jsonl, Half.ALL, analyzer, out);
    }

    public static StanceCalibration build(Path jsonl, Half half, ArticleAnalyzer analyzer, PrintStream out) throws IOException {
        ArticlePath p = articlePath(jsonl, half, analyzer);
        StanceCalibration c = new StanceCalibration(p.confusion(), p.bins());
        double[] recall = c.recalls();
        out.printf(Locale.ROOT, "%d sentences, %d without the actor found; article recall AGAINST %.2f NEUTRAL %.2f FAVOR %.2f%n",
                p.sentences(), p.missed(), recall[0], recall[1], recall[2]);
        return c;
    }

    /** What the article path made of the sentences: confusion [true][tagged] (MIXED as NEUTRAL) and score bins. */
    public record ArticlePath(int sentences, int missed, long[][] confusion, long[][] bins, List<Integer> missedTruth) {
    }

    /**
     * {@code eval newsmtsc --via-article}: each sentence as a one-sentence article (as {@code eval alerts --text} and the
     * calibration build them), scored by the article's stance toward the actor. Prints per-class recall, the tagged
     * class shares against the true ones, and last {@code n=<count> acc=<x.xxx> F1m=<x.xxx>} (an actor not found
     * counts as tagged NEUTRAL).
     */
    public static ClassScores evalArticlePath(Path jsonl, Half half, ArticleAnalyzer analyzer, PrintStream out) throws IOException {
        ArticlePath p = articlePath(jsonl, half, analyzer);
        ClassScores scores = new ClassScores(List.of("negative", "neutral", "positive"));
        for (int t = 0; t < 3; t++) {
            for (int q = 0; q < 3; q++) {
                for (long k = 0; k < p.confusion()[t][q]; k++) {
                    scores.add(t, q);
                }
            }
        }
        for (int k = 0; k < p.missed(); k++) {
            scores.add(p.missedTruth().get(k), StanceCalibration.NEUTRAL);
        }
        out.printf(Locale.ROOT, "Article path (%s, stance source %s, analyser %s): %d one-sentence articles, %d without the actor found%n",
                half.name().toLowerCase(Locale.ROOT), analyzer.stanceSource(), analyzer.analyzerVersion(), p.sentences(), p.missed());
        scores.print(out);
        int n = scores.total();
        out.printf(Locale.ROOT, "shares tagged/true: AGAINST %.3f/%.3f NEUTRAL %.3f/%.3f FAVOR %.3f/%.3f%n",
                (double) scores.predictedCount(0) / n, (double) scores.goldCount(0) / n,
                (double) scores.predictedCount(1) / n, (double) scores.goldCount(1) / n,
                (double) scores.predictedCount(2) / n, (double) scores.goldCount(2) / n);
        out.printf(Locale.ROOT, "n=%d acc=%.3f F1m=%.3f%n", n, scores.accuracy(), scores.macroF1());
        return scores;
    }

    /** A fold's recall of one true class, or "-" when the fold has none of it (a calibration needs every class; a fold need not). */
    private static String recall(long[][] confusion, int truth) {
        double r = StanceCalibration.recall(confusion, truth);
        return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.2f", r);
    }

    static ArticlePath articlePath(Path jsonl, Half half, ArticleAnalyzer analyzer) throws IOException {
        List<NewsMtscExample> data = NewsMtscExample.read(jsonl);
        int offset = half == Half.SECOND ? data.size() / 2 : 0;
        data = half.of(data);
        List<ActorEntry> persons = persons(ActorCatalogue.starter());
        int[] predicted = new int[data.size()];
        double[] scores = new double[data.size()];
        List<NewsMtscExample> lines = data;
        IntStream.range(0, data.size()).parallel().forEach(i -> {
            // By line index in the whole file, so a line gets the same actor and headline in every half.
            int line = offset + i;
            ActorEntry actor = persons.get(line % persons.size());
            TextArticles.TextArticle a = TextArticles.build(lines.get(i), actor.name(), new Random(line));
            predicted[i] = -1;
            for (ActorResult r : analyzer.analyze(a.title(), a.body(), null).actors()) {
                if (r.actorId().equals(actor.id())) {
                    predicted[i] = classOf(r.stance());
                    scores[i] = r.score();
                }
            }
        });
        long[][] confusion = new long[3][3];
        long[][] bins = new long[StanceCalibration.EDGES.length + 1][3];
        List<Integer> missedTruth = new java.util.ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            int truth = data.get(i).polarity() + 1; // -1 -> AGAINST (0), 0 -> NEUTRAL (1), 1 -> FAVOR (2)
            if (predicted[i] < 0) {
                missedTruth.add(truth);
                continue;
            }
            confusion[truth][predicted[i]]++;
            bins[StanceCalibration.bin(scores[i])][truth]++;
        }
        return new ArticlePath(data.size(), missedTruth.size(), confusion, bins, List.copyOf(missedTruth));
    }

    static int classOf(Stance s) {
        return switch (s) {
            case AGAINST -> StanceCalibration.AGAINST;
            case FAVOR -> StanceCalibration.FAVOR;
            default -> StanceCalibration.NEUTRAL;
        };
    }
}
