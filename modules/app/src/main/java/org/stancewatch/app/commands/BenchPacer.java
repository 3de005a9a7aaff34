package org.stancewatch.app.commands;

import java.util.concurrent.TimeUnit;

/**
 * Sends at a steady rate: record {@code i} is due {@code i / rate} seconds after the start, whatever the time
 * the earlier sends took, so a slow send is caught up by the next ones instead of lowering the rate (and the rate
 * never exceeds the target either: nothing is sent before it is due). {@code rate <= 0} means "all at once".
 */
final class BenchPacer {

    private final double ratePerSecond;
    private final long startNanos;

    BenchPacer(double ratePerSecond, long startNanos) {
        this.ratePerSecond = ratePerSecond;
        this.startNanos = startNanos;
    }

    /** When record {@code i} (0-based) is due, in {@link System#nanoTime()} terms. */
    long dueNanos(long i) {
        if (ratePerSecond <= 0) {
            return startNanos;
        }
        return startNanos + (long) (i * 1e9 / ratePerSecond);
    }

    /** Sleeps until record {@code i} is due; returns at once when it already is. */
    void awaitDue(long i) throws InterruptedException {
        long wait = dueNanos(i) - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
