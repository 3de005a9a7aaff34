package org.stancewatch.nlp.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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
import org.stancewatch.nlp.stance.StanceCalibration;

/**
 * Rebuilds {@code modules/nlp/src/main/resources/stance/calibration.json}: runs the current article analyser
 * on articles built from a NewsMTSC file ({@link TextArticles}, person actors of the starter catalogue in turn)
 * and counts the confusion matrix and the score histogram per true class. Run it again whenever the analyser
 * or its model changes:
 * <pre>
 * ./mvnw -q -B -o -pl modules/nlp -am compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=runtime
 * java -Xmx5g -cp modules/nlp/target/classes:$(cat modules/nlp/target/cp.txt) org.stancewatch.nlp.eval.StanceCalibrationBuilder \
 *     /work/shared/data/newsmtsc/dev.jsonl modules/nlp/src/main/resources/stance/calibration.json
 * </pre>
 */
public final class StanceCalibrationBuilder {

    private StanceCalibrationBuilder() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: StanceCalibrationBuilder NEWSMTSC.jsonl OUT.json");
            System.exit(2);
        }
        ArticleAnalyzer analyzer = new ArticleAnalyzer(ActorCatalogue.starter());
        StanceCalibration c = build(Path.of(args[0]), analyzer, System.out);
        Files.writeString(Path.of(args[1]), new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(
                c.toJson("NewsMTSC " + Path.of(args[0]).getFileName() + ", analyser " + ArticleAnalyzer.version()
                        + ", stance source " + analyzer.stanceSource()
                        + ", articles by TextArticles with the starter catalogue's person actors in turn")) + "\n");
    }

    /** Person actors of a catalogue, by id: the names the text evaluations put in place of the targets. */
    public static List<ActorEntry> persons(ActorCatalogue catalogue) {
        return catalogue.all().stream().filter(e -> e.type() == ActorKind.PERSON)
                .sorted(Comparator.comparing(ActorEntry::id)).toList();
    }

    public static StanceCalibration build(Path jsonl, ArticleAnalyzer analyzer, PrintStream out) throws IOException {
        List<NewsMtscExample> data = NewsMtscExample.read(jsonl);
        List<ActorEntry> persons = persons(ActorCatalogue.starter());
        int[] predicted = new int[data.size()];
        double[] scores = new double[data.size()];
        IntStream.range(0, data.size()).parallel().forEach(i -> {
            ActorEntry actor = persons.get(i % persons.size());
            TextArticles.TextArticle a = TextArticles.build(data.get(i), actor.name(), new Random(i));
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
        int missed = 0;
        for (int i = 0; i < data.size(); i++) {
            if (predicted[i] < 0) {
                missed++;
                continue;
            }
            int truth = data.get(i).polarity() + 1; // -1 -> AGAINST (0), 0 -> NEUTRAL (1), 1 -> FAVOR (2)
            confusion[truth][predicted[i]]++;
            bins[StanceCalibration.bin(scores[i])][truth]++;
        }
        StanceCalibration c = new StanceCalibration(confusion, bins);
        double[] recall = c.recalls();
        out.printf(Locale.ROOT, "%d sentences, %d without the actor found; article recall AGAINST %.2f NEUTRAL %.2f FAVOR %.2f%n",
                data.size(), missed, recall[0], recall[1], recall[2]);
        return c;
    }

    static int classOf(Stance s) {
        return switch (s) {
            case AGAINST -> StanceCalibration.AGAINST;
            case FAVOR -> StanceCalibration.FAVOR;
            default -> StanceCalibration.NEUTRAL;
        };
    }
}
