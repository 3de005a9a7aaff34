package org.stancewatch.app.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EvalDedupCommandTest {

    private static List<String> run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, new CommandLine(new EvalCommand()).execute(args));
        } finally {
            System.setOut(oldOut);
        }
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void printsOldAndNewRatesOnTheLastLineAndTheWiderBandsItIsAskedFor() {
        List<String> lines = run("dedup", "--seed", "3", "--stories", "40", "--negatives", "40", "--max-distance", "5");
        Matcher last = Pattern.compile("old_false_link=(\\S+) old_miss=(\\S+) new_false_link=(\\S+) new_miss=(\\S+) "
                + "\\(publication order, (\\d+) articles, (\\d+) copies\\)").matcher(lines.get(lines.size() - 1));
        assertTrue(last.matches(), lines.get(lines.size() - 1));
        double newMiss = Double.parseDouble(last.group(4));
        assertTrue(newMiss > 0 && newMiss < 1, "some copies found, some missed: " + newMiss);
        assertEquals(0.0, Double.parseDouble(last.group(3)), "no false link at distance 3 on this set");
        // Same seed, same figures: the set is generated, not sampled from the clock.
        assertEquals(lines, run("dedup", "--seed", "3", "--stories", "40", "--negatives", "40", "--max-distance", "5"));
        assertEquals(2, lines.stream().filter(l -> l.contains("(k=5, 6 bands)")).count(), "both orders");
    }
}
