package org.stancewatch.pipeline.holders;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.stancewatch.events.ActorMention;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.Span;

/**
 * Who holds the stance of one evidence sentence, as a stable id for the {@code stances.by-holder} key.
 *
 * <p>Id convention (documented in schemas/HolderStance.avsc and the README):
 * <ul>
 *   <li>{@code <actor-id>} ({@link Kind#ACTOR}): the speaker is a catalogue actor. The analyser already
 *       resolves a speaker phrase that contains a mention of another actor to that actor's id
 *       ("Maliki said" → {@code nouri-al-maliki}).</li>
 *   <li>{@code outlet:<outlet>} ({@link Kind#OUTLET}): the article's own voice (no speaker), or a speaker who
 *       cannot be named from the sentence ("he", "it", "who", "the diplomat"): the article carries the quote,
 *       and a node "he" would merge unrelated speakers across articles. {@code outlet:unknown} when the article
 *       names no outlet.</li>
 *   <li>{@code speaker:<phrase, lower case>} ({@link Kind#SPEAKER}): a named speaker who is no tracked actor
 *       ("al-Tai said", "Brig. Gen. Yahia Rasoul, ... Spokesman"): kept apart from the outlet, since the
 *       article reports, not holds, that view.</li>
 * </ul>
 * A speaker phrase that names the target itself ("Vice President of Iraq Nouri Maliki", for evidence about
 * Maliki: the analyser leaves the target's own mention out when resolving) is the target speaking about
 * itself: no holder → target edge ({@link #resolve} returns null), as the analyser does not count what a speaker
 * says as evidence about the speaker.
 * '|' separates the parts of the row key, so it is replaced by '/' in outlet and speaker ids.
 */
record Holder(String id, String name, Kind kind) {

    enum Kind { ACTOR, OUTLET, SPEAKER }

    static final String OUTLET_PREFIX = "outlet:";
    static final String SPEAKER_PREFIX = "speaker:";
    static final String UNKNOWN_OUTLET = "unknown";

    /** Words that do not name anyone, so a phrase made only of them (and lower-case words) names no speaker. */
    private static final Set<String> UNNAMED = Set.of("he", "she", "they", "it", "we", "i", "you", "who", "which",
            "that", "this", "these", "those", "the", "a", "an", "his", "her", "its", "their", "our", "one");
    private static final Pattern WORDS = Pattern.compile("[\\s,;:()\\[\\]\"“”‘’]+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    /**
     * @param evidenceHolder {@code StanceEvidence.holder}: an actor id, a speaker phrase, or null (the article)
     * @param targetId       the actor the sentence is about
     * @param mentions       the article's mentions by actor id
     * @param actorIds       every actor the article has a stance on (an actor named only in the headline has no
     *                       mention entry but may be the speaker)
     * @return the holder, or null when the target is the speaker
     */
    static Holder resolve(String evidenceHolder, String targetId, EnrichedArticle article,
                          Map<String, ActorMention> mentions, Set<String> actorIds) {
        if (evidenceHolder == null || evidenceHolder.isBlank()) {
            return outlet(article);
        }
        if (mentions.containsKey(evidenceHolder) || actorIds.contains(evidenceHolder)) {
            if (evidenceHolder.equals(targetId)) {
                return null;
            }
            ActorMention actor = mentions.get(evidenceHolder);
            return new Holder(keyPart(evidenceHolder), actor == null ? evidenceHolder : actor.getActorName(), Kind.ACTOR);
        }
        String phrase = SPACES.matcher(evidenceHolder.strip()).replaceAll(" ");
        ActorMention target = mentions.get(targetId);
        if (target != null && namesActor(phrase, target)) {
            return null;
        }
        if (!isNamed(phrase)) {
            return outlet(article);
        }
        return new Holder(SPEAKER_PREFIX + keyPart(phrase.toLowerCase(Locale.ROOT)), phrase, Kind.SPEAKER);
    }

    static Holder outlet(EnrichedArticle article) {
        String outlet = article.getOutlet() == null || article.getOutlet().isBlank() ? null : article.getOutlet().strip();
        return outlet == null
                ? new Holder(OUTLET_PREFIX + UNKNOWN_OUTLET, "(unknown outlet)", Kind.OUTLET)
                : new Holder(OUTLET_PREFIX + keyPart(outlet), outlet, Kind.OUTLET);
    }

    /** Whether the phrase contains, as whole words, a text by which the article mentions the actor. */
    private static boolean namesActor(String phrase, ActorMention actor) {
        String lower = " " + String.join(" ", WORDS.split(phrase.toLowerCase(Locale.ROOT))) + " ";
        for (Span span : actor.getSpans()) {
            String text = span.getText() == null ? "" : String.join(" ", WORDS.split(span.getText().toLowerCase(Locale.ROOT).strip()));
            if (!text.isBlank() && lower.contains(" " + text + " ")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A phrase names someone when it has a word with a capital ("al-Tai", "Rasoul") that is not a pronoun or
     * determiner capitalised at the start of the sentence ("He", "The").
     */
    static boolean isNamed(String phrase) {
        for (String word : WORDS.split(phrase)) {
            if (word.chars().anyMatch(Character::isUpperCase) && !UNNAMED.contains(word.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static String keyPart(String s) {
        return s.replace('|', '/');
    }
}
