package org.stancewatch.nlp.match;

import org.stancewatch.nlp.catalogue.AliasKind;

/**
 * An occurrence of an actor in a text: {@code text.substring(start, end)} of the ORIGINAL text; {@code kind}: how
 * the alias names the actor (for reporting precision per kind).
 */
public record Mention(String actorId, int start, int end, String text, AliasKind kind) {
    public Mention {
        kind = kind == null ? AliasKind.NAME : kind;
    }

    public Mention(String actorId, int start, int end, String text) {
        this(actorId, start, end, text, AliasKind.NAME);
    }
}
