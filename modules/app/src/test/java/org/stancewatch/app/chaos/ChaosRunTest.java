package org.stancewatch.app.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill test, small: 5,000 articles through the real pipeline topology and embedded broker in a child JVM
 * (matcher-only analyser, see {@link PipelineProcess}), SIGKILLed 3 times while it processes, must end with
 * exactly the counts of a clean run. {@code -Dchaos.articles=N -Dchaos.seed=S} vary it when hunting a failure.
 */
class ChaosRunTest {

    static final int ARTICLES = Integer.getInteger("chaos.articles", 5_000);
    static final int KILLS = 3;

    @TempDir
    Path work;

    @Test
    void sigkilledPipelineLosesAndDoublesNothing() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        long seed = Long.getLong("chaos.seed", 42);
        ChaosRun chaos = new ChaosRun(ARTICLES, KILLS, seed, work, Path.of("../../seeds"), "1g", 3, 10,
                Duration.ofMinutes(10), PipelineProcess.class.getName(), null, new TeeStream(out, System.out));
        try {
            check(chaos.run(), printed);
        } catch (Exception | Error e) {
            keepLogs();
            throw e;
        }
    }

    private static void check(ChaosRun.Result result, ByteArrayOutputStream printed) {
        assertTrue(result.expectedRows() > 300, "the articles spread over many rows: " + result.expectedRows());
        assertEquals(0, result.lost(), "lost");
        assertEquals(0, result.doubled(), "doubled");
        assertEquals(0, result.mismatchedRows(), () -> "rows that differ: " + result.examples());
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("articles=" + ARTICLES + " kills=" + KILLS + " lost=0 doubled=0", lines.get(lines.size() - 1));
        List<String> killLines = lines.stream().filter(l -> l.contains("SIGKILL")).toList();
        assertEquals(KILLS, killLines.size());
        // The test means something only if kills hit articles in flight: acknowledged but not yet committed.
        assertTrue(killLines.stream().anyMatch(ChaosRunTest::inFlightAtKill), "a kill landed mid-stream: " + killLines);
    }

    /**
     * The child logs and the crashed run's broker data live in the temp dir that JUnit deletes: keep them under
     * target/ to explain a failure (the partitions' batches and markers show which transaction went which way).
     */
    private void keepLogs() throws IOException {
        Path to = Path.of("target", "chaos-logs-" + System.currentTimeMillis());
        for (String dir : List.of("logs", "crashed/cluster")) {
            Path from = work.resolve(dir);
            if (!Files.isDirectory(from)) {
                continue;
            }
            Files.createDirectories(to.resolve(dir).getParent());
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, to.resolve(dir).resolve(from.relativize(f).toString()));
                }
            }
        }
        System.out.println("child logs and crashed broker data kept in " + to.toAbsolutePath());
    }

    private static boolean inFlightAtKill(String killLine) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(\\d+) records acknowledged, (\\d+) committed as processed").matcher(killLine);
        return m.find() && Long.parseLong(m.group(2)) < Long.parseLong(m.group(1));
    }

    /** Prints to the test's buffer and to the console (the run takes a while; its progress helps). */
    private static final class TeeStream extends PrintStream {
        private final PrintStream second;

        TeeStream(PrintStream first, PrintStream second) {
            super(first, true, StandardCharsets.UTF_8);
            this.second = second;
        }

        @Override
        public void write(byte[] buf, int off, int len) {
            super.write(buf, off, len);
            second.write(buf, off, len);
        }
    }
}
