package org.stancewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void redrawsAtMostFourTimesASecondOnATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong now = new AtomicLong();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), 1_000_000, true, now::get);
        for (int i = 0; i < 100; i++) {         // 100 updates over one second
            now.addAndGet(10_000_000L);
            bar.addBytes(10_000, i, 0);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(4, out.chars().filter(c -> c == '\r').count(), out);
        bar.println("rejected: x:1: reason");
        bar.finish(100, 1);
        out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("rejected: x:1: reason\n"), out);
        assertTrue(out.endsWith("[##############################] 100% 1.0 MB/1.0 MB  100 sent  1 rejected\n"), out);
    }

    @Test
    void quietWhenNeverDrawnAndAutoModeWantsLargeInputs() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes), 100, false, () -> 0L);
        bar.addBytes(100, 1, 0);
        bar.finish(1, 0);
        assertFalse(bar.hasDrawn());
        assertEquals("", bytes.toString());
        assertTrue(ProgressBar.wanted(FeedOptions.Progress.AUTO, ProgressBar.LARGE_INPUT_BYTES));
        assertFalse(ProgressBar.wanted(FeedOptions.Progress.NEVER, Long.MAX_VALUE));
        assertTrue(ProgressBar.wanted(FeedOptions.Progress.ALWAYS, 0));
    }
}
