package org.stancewatch.ingest;

/**
 * An item that was not sent, and why.
 *
 * @param input  the file path, {@code -} for standard input, or the article id for send failures
 * @param line   1-based line in the input where the item starts; 0 when the whole input is concerned
 * @param reason what was wrong, for a person to fix
 */
public record Rejection(String input, int line, String reason) implements ReadItem {

    /** {@code file:line: reason}, the form compilers use, so editors and terminals can jump to it. */
    public String message() {
        return line > 0 ? input + ":" + line + ": " + reason : input + ": " + reason;
    }

    @Override
    public String toString() {
        return message();
    }
}
