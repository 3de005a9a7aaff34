package org.stancewatch.app;

import picocli.CommandLine;

/**
 * Turns exceptions into one clear line on stderr (the cause chain's messages) instead of a stack
 * trace; {@code STANCEWATCH_DEBUG=1} prints the trace too.
 */
final class UserErrors implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, CommandLine.ParseResult parsed) {
        cli.getErr().println(cli.getColorScheme().errorText("stancewatch " + cli.getCommandName() + ": " + describe(ex)));
        if (System.getenv("STANCEWATCH_DEBUG") != null) {
            ex.printStackTrace(cli.getErr());
        }
        return ex instanceof UserException ue ? ue.exitCode() : 1;
    }

    static String describe(Throwable ex) {
        StringBuilder sb = new StringBuilder();
        String last = null;
        for (Throwable t = ex; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (last != null && last.contains(m)) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(": ");
            }
            sb.append(m);
            last = m;
        }
        return sb.toString();
    }
}
