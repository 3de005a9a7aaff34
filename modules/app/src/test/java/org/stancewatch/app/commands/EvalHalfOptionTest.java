package org.stancewatch.app.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancewatch.app.Stancewatch;
import org.stancewatch.nlp.eval.StanceCalibrationBuilder.Half;

/**
 * {@code --half} of {@code eval newsmtsc --via-article} and {@code eval alerts --text}: the calibration is fitted on
 * the first half of dev, so the halves must split a file without overlap, and a bad value is a clean error naming
 * the option before any model is loaded.
 */
class EvalHalfOptionTest {

    @TempDir
    Path dir;

    @Test
    void theHalvesSplitTheLinesWithoutOverlap() {
        List<Integer> lines = List.of(1, 2, 3, 4, 5);
        assertEquals(List.of(1, 2), Half.FIRST.of(lines));
        assertEquals(List.of(3, 4, 5), Half.SECOND.of(lines));
        assertEquals(lines, Half.ALL.of(lines));
        assertEquals(Half.SECOND, Half.parse(" Second "));
    }

    @Test
    void aBadHalfIsNamedByBothCommands() throws Exception {
        Path file = Files.writeString(dir.resolve("dev.jsonl"), "{}\n");
        for (List<String> args : List.of(
                List.of("eval", "newsmtsc", file.toString(), "--via-article", "--half", "middle"),
                List.of("eval", "alerts", "--text", file.toString(), "--half", "middle"))) {
            String message = failingRunsError(args);
            assertTrue(message.contains("--half") && message.contains("unknown half 'middle'"), args + ": " + message);
        }
    }

    @Test
    void badReplayOptionsAreNamedBeforeAnyModelLoads() throws Exception {
        Path file = Files.writeString(dir.resolve("dev.jsonl"), "{}\n");
        for (List<String> args : List.of(
                List.of("eval", "alerts", "--text", file.toString(), "--variant", "no-colon"),
                List.of("eval", "alerts", "--text", file.toString(), "--variant", "a:shift.glr"),
                List.of("eval", "alerts", "--text", file.toString(), "--variant", "a:shift.no-such-key=1"),
                List.of("eval", "alerts", "--text", file.toString(), "--replay-series", dir.resolve("missing.series").toString()))) {
            String message = failingRunsError(args);
            assertTrue(message.contains("--variant") || message.contains("missing.series"), args + ": " + message);
        }
    }

    @Test
    void badResampleOptionsAreNamedBeforeAnyModelLoads() throws Exception {
        Path file = Files.writeString(dir.resolve("dev.jsonl"), "{}\n");
        for (List<String> args : List.of(
                List.of("eval", "alerts", "--text", file.toString(), "--resample", "0"),
                List.of("eval", "alerts", "--text", file.toString(), "--resample", "2", "--dump", dir.resolve("d.txt").toString()),
                List.of("eval", "alerts", "--text", file.toString(), "--resample", "2", "--save-series", dir.resolve("s").toString()))) {
            String message = failingRunsError(args);
            assertTrue(message.contains("--resample N needs N >= 1") && message.contains("runs no pipeline"), args + ": " + message);
        }
    }

    /** Runs the command line, asserts that it fails, and returns what it wrote to stderr. */
    static String failingRunsError(List<String> args) {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Stancewatch.commandLine().execute(args.toArray(String[]::new));
        } finally {
            System.setErr(oldErr);
        }
        String message = err.toString(StandardCharsets.UTF_8);
        assertNotEquals(0, code, args + ": " + message);
        return message;
    }
}
