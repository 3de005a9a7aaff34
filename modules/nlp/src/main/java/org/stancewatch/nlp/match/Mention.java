package org.stancewatch.nlp.match;

/** An occurrence of an actor in a text: {@code text.substring(start, end)} of the ORIGINAL text. */
public record Mention(String actorId, int start, int end, String text) {
}
