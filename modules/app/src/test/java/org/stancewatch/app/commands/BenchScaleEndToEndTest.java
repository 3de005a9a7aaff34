package org.stancewatch.app.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `stancewatch bench scale` small (point 11.3): real child JVMs (matcher-only pipeline, pinned with taskset where
 * it exists) against the embedded broker in this JVM; one instance, then two with the same application id, then a
 * third joining and leaving during a steady stream; every mentions.daily row of the scaled run must equal the
 * one-instance run's.
 */
class BenchScaleEndToEndTest {

    @TempDir
    Path work;

    @Test
    void twoInstancesAndARebalanceCountExactlyWhatOneInstanceCounts() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        BenchScaleCommand bench = new BenchScaleCommand();
        new CommandLine(bench).parseArgs("--articles", "300", "--partitions", "4", "--rebalance-seconds", "20",
                "--rebalance-rate", "15", "--heap", "512m", "--seeds", "../../seeds", "--work-dir", work.toString(),
                "--timeout", "PT3M");
        bench.out = new PrintStream(printed, true, StandardCharsets.UTF_8);

        BenchScaleCommand.Result result;
        try {
            result = bench.run();
        } finally {
            System.out.print(printed.toString(StandardCharsets.UTF_8));
        }

        assertTrue(result.counts().expectedRows() > 100, "the articles spread over many rows: " + result.counts().expectedRows());
        assertEquals(0, result.counts().lost(), "lost");
        assertEquals(0, result.counts().doubled(), "doubled");
        assertEquals(0, result.counts().mismatchedRows(), () -> "rows that differ: " + result.counts().examples());
        assertTrue(result.oneRate() > 0 && result.twoRate() > 0);
        // The instances reported their state changes: the joining one made the others rebalance.
        assertTrue(result.join().rebalancingMs() > 0, "a rebalance was seen at the join: " + result.join());
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("ratio 2 instances / 1 instance")), "ratio printed");
        assertTrue(lines.stream().anyMatch(l -> l.contains("measures the pipeline, not ClearNLP")), "says what it measures");
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("scale: articles=300 partitions=4 ") && last.endsWith(" differ=0"), last);
    }
}
