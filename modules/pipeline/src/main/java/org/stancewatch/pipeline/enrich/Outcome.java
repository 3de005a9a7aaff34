package org.stancewatch.pipeline.enrich;

import org.stancewatch.events.RejectedRecord;

/**
 * What a step of the enrich topology made of one record: a value to go on with, a dead letter, or
 * a deletion (a tombstone on `articles` removes the article and retracts its counts). Lives only
 * between processors of one sub-topology, so it needs no serde.
 *
 * @param rawValue the original `articles` bytes, kept so a later step can still dead-letter them
 */
public record Outcome<T>(T value, RejectedRecord rejection, byte[] rawValue) {

    public static <T> Outcome<T> ok(T value, byte[] rawValue) {
        return new Outcome<>(value, null, rawValue);
    }

    public static <T> Outcome<T> rejected(RejectedRecord rejection) {
        return new Outcome<>(null, rejection, null);
    }

    public static <T> Outcome<T> deletion() {
        return new Outcome<>(null, null, null);
    }

    public boolean isRejected() {
        return rejection != null;
    }

    public boolean isDeletion() {
        return value == null && rejection == null;
    }
}
