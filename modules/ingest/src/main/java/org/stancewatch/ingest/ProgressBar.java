package org.stancewatch.ingest;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress bar on standard error, measured in input bytes (the total is known from file sizes).
 * On a terminal it redraws one line in place at most 4 times a second; otherwise (a log file) it prints
 * a plain line at most every 5 seconds. Thread-safe: the producer's callbacks update counts too.
 */
public final class ProgressBar {

    /** Inputs at least this large get progress lines even when standard error is not a terminal. */
    public static final long LARGE_INPUT_BYTES = 50L * 1024 * 1024;

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final long totalBytes;
    private final boolean interactive;
    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private long bytesDone;
    private long lastDrawNanos;
    private boolean drawn;
    private boolean lineOpen;

    public ProgressBar(PrintStream out, long totalBytes, boolean interactive, LongSupplier nanoTime) {
        this.out = out;
        this.totalBytes = totalBytes;
        this.interactive = interactive;
        this.nanoTime = nanoTime;
        this.intervalNanos = interactive ? 250_000_000L : 5_000_000_000L;
        this.lastDrawNanos = nanoTime.getAsLong();
    }

    /**
     * Whether to show progress: ALWAYS/NEVER as told; AUTO when the JVM runs on a terminal (Java cannot test
     * standard error alone; {@code System.console()} needs stdin and stdout to be terminals) or the input is large.
     */
    public static boolean wanted(FeedOptions.Progress mode, long totalBytes) {
        return switch (mode) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> System.console() != null || totalBytes >= LARGE_INPUT_BYTES;
        };
    }

    public synchronized void addBytes(long n, long sent, long rejected) {
        bytesDone += n;
        long now = nanoTime.getAsLong();
        if (now - lastDrawNanos >= intervalNanos) {
            draw(sent, rejected);
            lastDrawNanos = now;
        }
    }

    /** Prints a message (a rejection) on its own line without leaving the bar broken. */
    public synchronized void println(String message) {
        if (lineOpen) {
            out.print("\r" + " ".repeat(WIDTH + 60) + "\r");
            lineOpen = false;
        }
        out.println(message);
    }

    /** Draws the final state (if the bar was ever shown) and ends its line. */
    public synchronized void finish(long sent, long rejected) {
        if (drawn) {
            bytesDone = Math.max(bytesDone, totalBytes);
            draw(sent, rejected);
            if (lineOpen) {
                out.println();
                lineOpen = false;
            }
        }
    }

    /** Whether a bar line was ever drawn. */
    synchronized boolean hasDrawn() {
        return drawn;
    }

    private void draw(long sent, long rejected) {
        String line;
        if (totalBytes <= 0) { // standard input only: the size is unknown, so no bar
            line = String.format(Locale.ROOT, "%s read  %d sent  %d rejected", megabytes(bytesDone), sent, rejected);
        } else {
            double fraction = Math.min(1.0, (double) bytesDone / totalBytes);
            int filled = (int) Math.round(fraction * WIDTH);
            line = String.format(Locale.ROOT, "[%s%s] %3d%% %s/%s  %d sent  %d rejected",
                    "#".repeat(filled), "-".repeat(WIDTH - filled), Math.round(fraction * 100),
                    megabytes(bytesDone), megabytes(totalBytes), sent, rejected);
        }
        if (interactive) {
            out.print("\r" + line);
            lineOpen = true;
        } else {
            out.println(line);
        }
        out.flush();
        drawn = true;
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }
}
