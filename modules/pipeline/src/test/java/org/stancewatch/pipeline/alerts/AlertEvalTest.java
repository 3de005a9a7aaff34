package org.stancewatch.pipeline.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.stancewatch.pipeline.alerts.synthetic.PlainSeries;
import org.stancewatch.pipeline.alerts.synthetic.SyntheticSeries;

class AlertEvalTest {

    @Test
    void reportEndsWithHeadlineAndIsReproducible() {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        AlertEval.Result r = AlertEval.run(3, new PrintStream(first, true, StandardCharsets.UTF_8));
        String text = first.toString(StandardCharsets.UTF_8);
        String[] lines = text.strip().split("\n");
        assertTrue(lines[lines.length - 1].matches("recall=\\d\\.\\d\\d delay_days=\\d+\\.\\d false_per_100am=\\d+\\.\\d\\d"),
                lines[lines.length - 1]);
        assertTrue(text.contains("       100   0.50"), "table has a row per volume and shift");
        assertTrue(text.contains("Generator plain") && text.contains("Generator primary"), "both generators are reported");
        assertTrue(text.matches("(?s).*\\nplain: recall=\\d\\.\\d\\d .*"), "the plain generator has its own headline");
        assertTrue(text.contains("Generator tagged primary") && text.matches("(?s).*\\nprimary: recall=\\d\\.\\d\\d .*"),
                "the primary generator is reported with its true labels and, as the headline, through the tagger");
        // Guards against regressions of the tuned detector, with slack for the seed.
        assertTrue(r.recall() >= 0.6, "recall " + r.recall());
        assertTrue(r.falsePer100ActorMonths() <= 2.0, "false alarms " + r.falsePer100ActorMonths());
    }

    @Test
    void generatorsAreReproducible() {
        var scenario = new SyntheticSeries.Scenario("a", 20, 90, 60, 0.25, -1, 1);
        assertEquals(SyntheticSeries.generate(scenario, 11), SyntheticSeries.generate(scenario, 11));
        assertEquals(PlainSeries.generate(scenario, 11), PlainSeries.generate(scenario, 11));
    }

    @Test
    void plainGeneratorShiftsTheAgainstShareByTheShiftSize() {
        // 2000 articles a day: the daily AGAINST share is within a few points of its probability.
        var scenario = new SyntheticSeries.Scenario("a", 2000, 60, 30, 0.25, -1, 1);
        var series = PlainSeries.generate(scenario, 5);
        double before = 0;
        double after = 0;
        for (var d : series.values()) {
            double share = (double) d.against() / d.articles();
            if (d.day().isBefore(SyntheticSeries.START.plusDays(30))) {
                before += share / 30;
            } else {
                after += share / 30;
            }
        }
        assertEquals(0.25, after - before, 0.01);
    }
}
