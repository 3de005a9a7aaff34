package org.stancewatch.nlp.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.text.MainTextDetector;
import org.stancewatch.nlp.text.SentenceSplitter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Actor tagging quality on the five seed articles against eval/seed-gold.json: the set of
 * actors found in each article's main text (trailing boilerplate cut by MainTextDetector)
 * and outside repeated page furniture) against the gold set, micro-averaged over all articles. Prints per-article P/R/F1.
 */
class SeedGoldActorF1Test {

    static final Path SEEDS = Path.of("../../seeds");

    @Test
    void actorSetF1OverSeedsIsAtLeast095() throws IOException {
        JsonNode gold = new ObjectMapper().readTree(Path.of("../../eval/seed-gold.json").toFile()).get("articles");
        ActorMatcher matcher = new ActorMatcher(ActorCatalogue.starter());
        SentenceSplitter splitter = new SentenceSplitter();
        MainTextDetector detector = new MainTextDetector();
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = gold.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> article = it.next();
            String text = Files.readString(SEEDS.resolve(article.getKey()), StandardCharsets.UTF_8);
            JsonNode published = article.getValue().get("published");
            LocalDate day = published == null || published.isNull() ? null : LocalDate.parse(published.asText());
            var mentions = matcher.find(text, day);
            int end = detector.mainTextEnd(text, splitter.split(text), mentions);
            Set<String> found = detector.mainMentions(text, splitter.split(text), mentions).stream().map(Mention::actorId)
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> expected = new TreeSet<>();
            article.getValue().get("stance").fieldNames().forEachRemaining(expected::add);
            Set<String> falsePositives = new TreeSet<>(found);
            falsePositives.removeAll(expected);
            Set<String> falseNegatives = new TreeSet<>(expected);
            falseNegatives.removeAll(found);
            int articleTp = expected.size() - falseNegatives.size();
            tp += articleTp;
            fp += falsePositives.size();
            fn += falseNegatives.size();
            System.out.printf("%s: P=%.3f R=%.3f F1=%.3f extra=%s missing=%s (main text ends at %d of %d)%n",
                    article.getKey(), precision(articleTp, falsePositives.size()), recall(articleTp, falseNegatives.size()),
                    f1(articleTp, falsePositives.size(), falseNegatives.size()), falsePositives, falseNegatives, end, text.length());
        }
        double f1 = f1(tp, fp, fn);
        System.out.printf("seed actor tagging (micro): TP=%d FP=%d FN=%d P=%.3f R=%.3f F1=%.3f%n",
                tp, fp, fn, precision(tp, fp), recall(tp, fn), f1);
        assertTrue(f1 >= 0.95, "actor-set F1 over the seeds is " + f1 + ", below 0.95");
    }

    static double precision(int tp, int fp) {
        return tp + fp == 0 ? 1.0 : (double) tp / (tp + fp);
    }

    static double recall(int tp, int fn) {
        return tp + fn == 0 ? 1.0 : (double) tp / (tp + fn);
    }

    static double f1(int tp, int fp, int fn) {
        return tp == 0 ? 0.0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }
}
