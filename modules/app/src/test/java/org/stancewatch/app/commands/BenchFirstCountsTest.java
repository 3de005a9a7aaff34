package org.stancewatch.app.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When `bench pipeline` counts an article as having reached mentions.daily (the latency's end point, 11.4). */
class BenchFirstCountsTest {

    @Test
    void aRowThatAlreadyCountsEarlierRunsArticlesCountsOnlyItsNewOnes() {
        // The warm-up and the maximum run left 40 articles in this row; the 0.5 x run's first two arrive.
        BenchFirstCounts c = new BenchFirstCounts(Map.of("a1|2017-07-03", 40L));
        assertEquals(List.of(), c.enriched("x", List.of("a1|2017-07-03")));
        assertEquals(List.of(), c.enriched("y", List.of("a1|2017-07-03")));
        assertEquals(List.of("x"), c.row("a1|2017-07-03", 41),
                "41 = 40 before the run + 1: only the first new article is counted, not every queued one");
        assertFalse(c.isCounted("y"));
        assertEquals(List.of("y"), c.row("a1|2017-07-03", 42));
    }

    @Test
    void withoutABaselineTheFirstUpdateCountsTheFirstArticle() {
        BenchFirstCounts c = new BenchFirstCounts(Map.of());
        c.enriched("x", List.of("a1|2017-07-03", "a2|2017-07-03"));
        c.enriched("y", List.of("a2|2017-07-03"));
        assertEquals(List.of("x"), c.row("a2|2017-07-03", 1));
        assertEquals(List.of(), c.row("a1|2017-07-03", 1), "x already counted by its first row");
        assertTrue(c.isCounted("x"));
        assertFalse(c.isCounted("y"));
    }

    @Test
    void anUpdateReadBeforeTheEnrichedArticleCountsItWhenItArrives() {
        BenchFirstCounts c = new BenchFirstCounts(Map.of("a1|2017-07-03", 5L));
        assertEquals(List.of(), c.row("a1|2017-07-03", 6));
        assertEquals(List.of("x"), c.enriched("x", List.of("a1|2017-07-03")));
    }

    @Test
    void twoMentionsOfOneActorAreOneContribution() {
        BenchFirstCounts c = new BenchFirstCounts(Map.of());
        c.enriched("x", List.of("a1|2017-07-03", "a1|2017-07-03"));
        c.enriched("y", List.of("a1|2017-07-03"));
        assertEquals(List.of("x"), c.row("a1|2017-07-03", 1));
        assertEquals(List.of("y"), c.row("a1|2017-07-03", 2), "y is the row's second article, not its third");
    }
}
