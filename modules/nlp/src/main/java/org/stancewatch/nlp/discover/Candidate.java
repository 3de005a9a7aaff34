package org.stancewatch.nlp.discover;

/** A proper-noun sequence that matched no actor, with how often it occurred in the text. */
public record Candidate(String name, int count) {
}
