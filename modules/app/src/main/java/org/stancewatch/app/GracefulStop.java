package org.stancewatch.app;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Stops the process on SIGTERM / SIGINT (Ctrl-C) by closing it first and exiting after, instead of in a shutdown hook.
 *
 * <p>Why: ONNX Runtime registers its own shutdown hook that frees its native environment, and shutdown hooks run
 * concurrently. A stream thread still inside {@code OrtSession.run} (the FUSED analyser's encoder) while our hook waits
 * for Kafka Streams to close then crashes the JVM (SIGSEGV in libonnxruntime): no transaction commit, no LeaveGroup, so
 * the other instances wait out the session timeout (45 s) before they take its partitions (`bench scale`, BENCHMARKS.md).
 * Handling the signal ourselves closes Kafka Streams (which finishes the record in hand) before the JVM's shutdown
 * begins. The shutdown hook stays for other ways out (System.exit elsewhere, SIGHUP); {@code close} runs once.
 */
public final class GracefulStop {

    private final Runnable close;
    private final AtomicBoolean closed = new AtomicBoolean();

    private GracefulStop(Runnable close) {
        this.close = close;
    }

    /** Installs the handlers; {@code close} runs once, on the first signal or at JVM shutdown, whichever comes first. */
    public static GracefulStop install(Runnable close) {
        GracefulStop stop = new GracefulStop(close);
        onSignals(stop::closeOnce);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::closeOnce, "stancewatch-shutdown"));
        return stop;
    }

    /**
     * Only the signal half: on SIGTERM / SIGINT run {@code close} (which must be safe to run twice), then exit with the
     * conventional status. For callers that keep their own shutdown hook for other ways out (the demo's workspace).
     */
    public static void onSignals(Runnable close) {
        for (String signal : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(signal), s -> {
                    // Not on the signal dispatcher thread: close can take seconds and must not block further signals.
                    new Thread(() -> {
                        close.run();
                        System.exit(128 + s.getNumber());
                    }, "stancewatch-stop").start();
                });
            } catch (IllegalArgumentException e) {
                // the JVM reserves it (e.g. -Xrs): the shutdown hook still closes
            }
        }
    }

    /** Runs {@code close} unless it already ran (or is running in another thread, which this then waits for). */
    public void closeOnce() {
        synchronized (this) {
            if (closed.compareAndSet(false, true)) {
                close.run();
            }
        }
    }
}
