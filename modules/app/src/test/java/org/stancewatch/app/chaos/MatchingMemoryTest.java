package org.stancewatch.app.chaos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.stancewatch.events.Article;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.match.ActorMatcher;

/**
 * Matching cost grows linearly with the article, not with the number of aliases in a sentence: measured as
 * bytes allocated by the analysing thread ({@code com.sun.management.ThreadMXBean}) for 100 KB and 1 MB
 * articles of real seed text, and for a sentence naming 10,000 actors.
 */
class MatchingMemoryTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final ActorMatcher matcher = new ActorMatcher(ActorCatalogue.starter());

    @Test
    void allocationPerArticleIsLinearInItsSize() {
        List<Article> articles = ChaosArticles.fromSeeds(Path.of("../../seeds"), 3).generate(2_000);
        String small = text(articles, 100_000);
        String large = text(articles, 1_000_000);
        matcher.find(small, LocalDate.of(2017, 7, 1)); // warm-up: class loading and JIT allocate too

        long smallBytes = allocated(small);
        long largeBytes = allocated(large);
        long flood1k = allocated(floodSentence(1_000));
        long flood = allocated(floodSentence(10_000));
        System.out.printf("matching allocates: 100 KB article %,d bytes (%.0f per char), 1 MB article %,d bytes"
                        + " (%.0f per char); one sentence naming 1,000 actors %,d bytes, 10,000 actors (%,d chars) %,d bytes%n",
                smallBytes, (double) smallBytes / small.length(), largeBytes, (double) largeBytes / large.length(),
                flood1k, floodSentence(10_000).length(), flood);
        assertTrue(largeBytes < 20L * smallBytes, "about 10x the text, not much more than 10x the allocation: "
                + smallBytes + " -> " + largeBytes);
        assertTrue(largeBytes < 400L * large.length(), "bounded per char: " + largeBytes);
        assertTrue(flood < 20L * flood1k, "10x the aliases in one sentence, about 10x the allocation (not quadratic): "
                + flood1k + " -> " + flood);
    }

    private long allocated(String text) {
        long id = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(id);
        int mentions = matcher.find(text, LocalDate.of(2017, 7, 1)).size();
        long bytes = THREADS.getThreadAllocatedBytes(id) - before;
        assertTrue(mentions > 0, "the text mentions actors");
        return bytes;
    }

    private static String text(List<Article> articles, int chars) {
        StringBuilder b = new StringBuilder(chars + 5_000);
        for (int i = 0; b.length() < chars; i++) {
            b.append(articles.get(i % articles.size()).getBody()).append("\n\n");
        }
        return b.substring(0, chars);
    }

    private static String floodSentence(int aliases) {
        StringBuilder b = new StringBuilder("In Mosul, ");
        for (int i = 0; i < aliases; i++) {
            b.append(ChaosArticles.ACTOR_NAMES.get(i % ChaosArticles.ACTOR_NAMES.size())).append(", ");
        }
        return b.append("all claimed the victory.").toString();
    }
}
