package org.stancewatch.app.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A Java process started from this JVM's classpath, whose output goes to a log file; {@link #kill()}
 * is SIGKILL ({@link Process#destroyForcibly()} on Linux): no shutdown hooks, no flush, no clean close,
 * which is what a crash, an OOM kill or a pulled plug looks like to the process's data directory.
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final String description;

    private ChildJvm(Process process, Path log, String description) {
        this.process = process;
        this.log = log;
        this.description = description;
    }

    /**
     * Starts {@code java -Xmx<heap> -cp <classpath> <mainClass> <args>}, appending stdout and stderr to {@code log}.
     *
     * @param classpath the child's classpath; {@link #currentClasspath()} for "the same code as this JVM"
     */
    public static ChildJvm start(String heap, String classpath, String mainClass, List<String> args, Path log) {
        return start(List.of(), heap, classpath, mainClass, args, log);
    }

    /**
     * As {@link #start(String, String, String, List, Path)}, run through {@code launcher} (e.g. {@code taskset -c 0},
     * which pins the JVM and everything it starts to core 0; the JVM then sizes its pools for that one core).
     */
    public static ChildJvm start(List<String> launcher, String heap, String classpath, String mainClass, List<String> args,
                                 Path log) {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(javaExecutable(), "-Xmx" + heap, "-XX:+UseParallelGC", "-cp", classpath, mainClass));
        // Log levels given to this JVM (-Dorg.slf4j.simpleLogger.log.<logger>=info) apply to the child too, so a
        // failed kill test can be rerun with the broker's or Streams' INFO lines in the child's log.
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("org.slf4j.simpleLogger."))
                .sorted().forEach(k -> command.add(command.indexOf("-cp"), "-D" + k + "=" + System.getProperty(k)));
        command.addAll(args);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            return new ChildJvm(process, log, mainClass + " " + String.join(" ", args));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** This JVM's classpath (under Maven Surefire: the test classpath), so a child runs exactly this build. */
    public static String currentClasspath() {
        return System.getProperty("java.class.path");
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /**
     * Waits until {@code ready} is true, polling; fails early, quoting the log's tail, if the child dies.
     */
    public void awaitReady(BooleanSupplier ready, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(description + " exited with " + process.exitValue()
                        + " before " + what + "; log tail:\n" + logTail(40));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(description + " not ready (" + what + ") after " + timeout
                        + "; log tail:\n" + logTail(40));
            }
            sleep(200);
        }
    }

    /** True once the log holds a line containing {@code text}. */
    public boolean logContains(String text) {
        try {
            return Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log " + log + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** SIGKILL, then waits for the process to be gone (so its ports and directory lock are free). */
    public void kill() {
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(30));
    }

    /** SIGTERM (runs shutdown hooks), then SIGKILL if it has not exited within {@code grace}. */
    public void stop(Duration grace) {
        process.destroy();
        if (!waitForExit(grace)) {
            kill();
        }
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Kills the child if it is still running: a test that fails must not leave a 5 GB JVM behind. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
