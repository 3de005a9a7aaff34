package org.stancewatch.ingest;

/**
 * An item that was not sent, and why.
 *
 * @param input  the file path, {@code -} for standard input, or the article id for send failures
 * @param line   1-based line in the input where the item starts; 0 when the whole input is concerned
 * @param code   what kind of problem, for machines (dead-letter reason, dashboards)
 * @param reason what was wrong, for a person to fix
 */
public record Rejection(String input, int line, Code code, String reason) implements ReadItem {

    /**
     * Why an item was rejected, stable for machines. Where the pipeline dead-letters the same problem, the name is
     * the pipeline's ({@code EMPTY_BODY}, {@code BODY_TOO_LARGE}, {@code BAD_DATE}, {@code INVALID_UTF8}), so one
     * count by reason covers both.
     */
    public enum Code {
        /** The input could not be read: no such file, a directory that cannot be listed, an I/O error. */
        UNREADABLE_INPUT,
        /** The input is in no format the feeder reads: an unknown file extension, or XML that is not RSS or Atom. */
        UNKNOWN_FORMAT,
        /** Bytes that are not valid UTF-8. */
        INVALID_UTF8,
        /** A JSON Lines line that is not one JSON object. */
        MALFORMED_JSON,
        /** A feed that is not well-formed XML, or that uses an entity we refuse to resolve. */
        MALFORMED_XML,
        /** A field of the wrong type, such as a number where a string belongs. */
        BAD_FIELD,
        /** A publication date that cannot be parsed. */
        BAD_DATE,
        /** No body, or only white space. */
        EMPTY_BODY,
        /** A body over the size limit, or a JSON line too long to hold one within it. */
        BODY_TOO_LARGE,
        /** A valid article that the producer could not send (serializer, schema registry or broker error). */
        SEND_FAILED
    }

    /** {@code file:line: reason}, the form compilers use, so editors and terminals can jump to it. */
    public String message() {
        return line > 0 ? input + ":" + line + ": " + reason : input + ": " + reason;
    }

    @Override
    public String toString() {
        return message();
    }
}
