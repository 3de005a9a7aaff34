package org.stancewatch.nlp.eval;

import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Articles made from labelled sentences (NewsMTSC format) for end-to-end evaluations: the target span of
 * the sentence is replaced by a tracked actor's name, so the article's true stance toward that actor is the
 * sentence's label; the headline is a generic one that names no actor, so every stance cue the analyser can
 * use comes from the labelled sentence. Pure text: callers wrap the result in their own record types.
 */
public final class TextArticles {

    /** Generic headlines: no names, no stance words. */
    public static final List<String> HEADLINES = List.of(
            "News of the day", "Politics roundup", "What happened this week", "Today in politics",
            "The week in review", "Morning briefing", "Evening briefing", "Latest developments",
            "Around the capital", "Notes from the campaign trail", "In brief", "Inside politics");

    private static final List<String> POSSESSIVES = List.of("his", "her", "their", "its");

    private TextArticles() {
    }

    /** One built article: title, body, and the true polarity (-1 AGAINST, 0 NEUTRAL, 1 FAVOR) toward the actor. */
    public record TextArticle(String title, String body, int polarity) {
    }

    /**
     * Replaces the target span of {@code e} with {@code actorName} (a possessive pronoun becomes
     * "name's"; a sentence-initial lower-case span keeps the name as written) and picks a headline.
     */
    public static TextArticle build(NewsMtscExample e, String actorName, Random random) {
        String target = e.sentence().substring(e.from(), e.to());
        String replacement = POSSESSIVES.contains(target.toLowerCase(Locale.ROOT)) ? actorName + "'s" : actorName;
        String body = e.sentence().substring(0, e.from()) + replacement + e.sentence().substring(e.to());
        String title = HEADLINES.get(random.nextInt(HEADLINES.size()));
        return new TextArticle(title, body, e.polarity());
    }
}
