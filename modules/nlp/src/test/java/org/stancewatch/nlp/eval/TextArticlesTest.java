package org.stancewatch.nlp.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.match.ActorMatcher;

/** Issue #17 point 4: the articles the real-text evaluation builds from labelled sentences. */
class TextArticlesTest {

    @Test
    void targetSpanIsReplacedByTheActorsName() {
        NewsMtscExample e = new NewsMtscExample("Critics say Cruz misled voters on taxes.", 12, 16, "Cruz", -1);
        TextArticles.TextArticle a = TextArticles.build(e, "Haider al-Abadi", new Random(1));
        assertEquals("Critics say Haider al-Abadi misled voters on taxes.", a.body());
        assertEquals(-1, a.polarity());
    }

    @Test
    void possessivePronounBecomesThePossessiveName() {
        NewsMtscExample e = new NewsMtscExample("Voters liked his plan.", 13, 16, "his", 1);
        assertEquals("Voters liked Haider al-Abadi's plan.", TextArticles.build(e, "Haider al-Abadi", new Random(1)).body());
    }

    @Test
    void headlinesNameNoTrackedActor() {
        ActorMatcher matcher = new ActorMatcher(ActorCatalogue.starter());
        for (String headline : TextArticles.HEADLINES) {
            assertEquals(java.util.List.of(), matcher.find(headline, null), headline);
        }
        NewsMtscExample e = new NewsMtscExample("Cruz spoke.", 0, 4, "Cruz", 0);
        TextArticles.TextArticle a = TextArticles.build(e, "Haider al-Abadi", new Random(7));
        assertTrue(TextArticles.HEADLINES.contains(a.title()));
        assertTrue(!a.title().contains("Abadi"));
        // The body does name the actor, so the analyser finds it there.
        assertTrue(matcher.find(a.body(), null).stream().anyMatch(m -> m.actorId().equals("haider-al-abadi")));
    }
}
