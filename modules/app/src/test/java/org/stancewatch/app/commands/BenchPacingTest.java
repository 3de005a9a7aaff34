package org.stancewatch.app.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.stancewatch.app.UserException;

/** The steady-rate publisher's schedule and the latency percentiles of `bench pipeline --rate` (point 11.4). */
class BenchPacingTest {

    @Test
    void recordsAreDueEvenlyAtTheRateFromTheStartNotFromTheLastSend() {
        BenchPacer pacer = new BenchPacer(200, 1_000_000_000L);
        assertEquals(1_000_000_000L, pacer.dueNanos(0));
        assertEquals(1_005_000_000L, pacer.dueNanos(1), "200/s: one every 5 ms");
        assertEquals(1_000_000_000L + 10_000_000_000L, pacer.dueNanos(2_000), "the 2,000th after 10 s, whatever came before");
        assertEquals(1_000_000_000L, new BenchPacer(0, 1_000_000_000L).dueNanos(5_000), "rate 0: all at once");
    }

    @Test
    void pacedSendsKeepTheRateAndNeverRunAhead() throws InterruptedException {
        long start = System.nanoTime();
        BenchPacer pacer = new BenchPacer(100, start);
        for (int i = 0; i < 30; i++) {
            pacer.awaitDue(i);
            assertTrue(System.nanoTime() >= start + i * 10_000_000L, "record " + i + " not before it is due");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds >= 0.29, "30 records at 100/s take 0.29 s at least: " + seconds);
    }

    @Test
    void nearestRankPercentiles() {
        BenchLatencies l = new BenchLatencies();
        for (int i = 100; i >= 1; i--) {
            l.add(i); // unsorted on purpose
        }
        assertEquals(100, l.count());
        assertEquals(50, l.percentile(0.50));
        assertEquals(95, l.percentile(0.95));
        assertEquals(99, l.percentile(0.99));
        assertEquals(100, l.percentile(1.0));
        assertEquals("p50=50 ms p95=95 ms p99=99 ms max=100 ms", l.describe());

        BenchLatencies few = new BenchLatencies();
        few.add(7);
        few.add(3);
        few.add(1000);
        assertEquals(7, few.percentile(0.50));
        assertEquals(1000, few.percentile(0.99), "with 3 samples p99 is the largest");
        assertTrue(Double.isNaN(new BenchLatencies().percentile(0.5)));
        assertThrows(IllegalArgumentException.class, () -> l.percentile(0));
    }

    @Test
    void rateOption() {
        assertEquals(0, BenchPipelineCommand.parseRate("max"));
        assertEquals(0, BenchPipelineCommand.parseRate("auto"));
        assertEquals(12.5, BenchPipelineCommand.parseRate("12.5"));
        assertThrows(UserException.class, () -> BenchPipelineCommand.parseRate("-3"));
        assertThrows(UserException.class, () -> BenchPipelineCommand.parseRate("fast"));
    }
}
