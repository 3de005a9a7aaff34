package org.stancewatch.app;

/** An error the user can fix (bad option, nothing running); printed without a stack trace. */
public class UserException extends RuntimeException {
    private final int exitCode;

    public UserException(String message) {
        this(message, 2);
    }

    public UserException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
