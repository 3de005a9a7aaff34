package org.stancewatch.app.commands;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.stancewatch.app.GracefulStop;

/**
 * The demo's data directory and what runs in it. A throwaway directory (about 3 MB: broker log, registry,
 * Streams state) is deleted when the demo ends: normally, on an error, or on Ctrl-C (a signal handler, and a shutdown hook for other exits), after the
 * runtime using it has been closed. A directory the user named with {@code --data-dir} is kept.
 */
final class DemoWorkspace implements AutoCloseable {

    private final Path dir;
    private final boolean temporary;
    private final PrintStream log;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;
    private volatile AutoCloseable runtime;

    private DemoWorkspace(Path dir, boolean temporary, PrintStream log) {
        this.dir = dir;
        this.temporary = temporary;
        this.log = log;
        this.shutdownHook = new Thread(this::close, "stancewatch-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        // Ctrl-C closes before the JVM's shutdown starts: ONNX Runtime's own hook would free the encoder under a
        // running stream thread (SIGSEGV, the temporary directory left behind); see GracefulStop.
        GracefulStop.onSignals(this::close);
    }

    /** The user's directory if given (kept), else a new temporary one under {@code tempParent} (deleted). */
    static DemoWorkspace open(Path userDir, Path tempParent, PrintStream log) {
        if (userDir != null) {
            return new DemoWorkspace(userDir, false, log);
        }
        try {
            Files.createDirectories(tempParent);
            return new DemoWorkspace(Files.createTempDirectory(tempParent, "stancewatch-demo-"), true, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the demo in " + tempParent, e);
        }
    }

    Path dir() {
        return dir;
    }

    /** What to close before the directory goes (the runtime holding the broker's files). */
    void running(AutoCloseable runtime) {
        this.runtime = runtime;
    }

    Thread shutdownHook() {
        return shutdownHook;
    }

    /** Closes the runtime, then deletes a temporary directory; runs once, from the demo or from the hook. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (or ran) anyway; closing twice is a no-op
            }
        }
        AutoCloseable r = runtime;
        if (r != null) {
            try {
                r.close();
            } catch (Exception e) {
                log.println("demo: error while stopping: " + e.getMessage());
            }
        }
        if (temporary) {
            delete();
        }
    }

    private void delete() {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.println("demo: could not remove the temporary directory " + dir + ": " + e.getMessage());
        }
    }
}
