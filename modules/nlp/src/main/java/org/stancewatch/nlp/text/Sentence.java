package org.stancewatch.nlp.text;

/** A sentence as a span of the ORIGINAL text: {@code text.substring(start, end)} equals {@link #text()}. */
public record Sentence(int start, int end, String text) {
    public Sentence {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad sentence span [" + start + ", " + end + ")");
        }
    }

    public boolean contains(int offset) {
        return offset >= start && offset < end;
    }
}
