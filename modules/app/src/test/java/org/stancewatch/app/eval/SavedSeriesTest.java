package org.stancewatch.app.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancewatch.events.ActorDay;

/**
 * #17 point 2: the rows of one real-text run saved and replayed offline, so detector settings can be chosen on one
 * half of dev without running the pipeline again, and never on a series of another plan.
 */
class SavedSeriesTest {

    @TempDir
    Path dir;

    private static ActorDay row(String actor, int day, String outlet, long articles, long against, double expectedAgainst) {
        return ActorDay.newBuilder().setActorId(actor).setDay(LocalDate.of(2025, 1, 6).plusDays(day)).setOutlet(outlet)
                .setArticles(articles).setAgainst(against).setFavor(1).setNeutral(articles - against - 1)
                .setMeanScore(-0.125).setExpectedAgainst(expectedAgainst).setExpectedFavor(0.75).build();
    }

    @Test
    void theAllOutletRowsComeBackWithEveryCountTheDetectorReads() throws Exception {
        Map<String, ActorDay> rows = new HashMap<>();
        rows.put("a|2025-01-06", row("a", 0, null, 20, 5, 6.25));
        rows.put("a|2025-01-07", row("a", 1, null, 18, 7, -1));   // a row without expected counts stays without
        rows.put("a|2025-01-06|outlet", row("a", 0, "outlet", 3, 1, 1.5));
        Path file = dir.resolve("s.series");
        SavedSeries.write(file, "plan-x", rows);
        Map<String, ActorDay> back = SavedSeries.read(file, "plan-x");
        assertEquals(2, back.size(), "per-outlet rows are not saved: the eval scores the all-outlet series");
        for (String key : List.of("a|2025-01-06", "a|2025-01-07")) {
            ActorDay want = rows.get(key);
            ActorDay got = back.get(key);
            assertEquals(want.getDay(), got.getDay());
            assertEquals(want.getArticles(), got.getArticles());
            assertEquals(want.getAgainst(), got.getAgainst());
            assertEquals(want.getFavor(), got.getFavor());
            assertEquals(want.getNeutral(), got.getNeutral());
            assertEquals(want.getMeanScore(), got.getMeanScore());
            assertEquals(want.getExpectedAgainst(), got.getExpectedAgainst());
            assertEquals(want.getExpectedFavor(), got.getExpectedFavor());
            assertEquals(null, got.getOutlet());
        }
    }

    @Test
    void aSeriesSavedForAnotherPlanIsRefusedNamingBoth() throws Exception {
        Path file = dir.resolve("s.series");
        SavedSeries.write(file, "seed=1 text=first-half-of-dev.jsonl", Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SavedSeries.read(file, "seed=1 text=second-half-of-dev.jsonl"));
        assertTrue(e.getMessage().contains("first-half-of-dev.jsonl") && e.getMessage().contains("second-half-of-dev.jsonl"),
                e.getMessage());
        Path other = Files.writeString(dir.resolve("other.txt"), "actor\tday\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SavedSeries.read(other, "x")).getMessage()
                .contains("not written by eval alerts --save-series"));
    }

    @Test
    void aReplayScoresTheSavedRowsWithTheVariantsBesideTheDefaults() throws Exception {
        // A tiny plan; its articles are not analysed (no pipeline): the saved rows say what the tagger did.
        Path text = dir.resolve("text.jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            int polarity = i % 3 - 1;
            lines.append(String.format("{\"mention\": \"Smith\", \"polarity\": %d, \"from\": 15, \"to\": 20, "
                    + "\"sentence\": \"Reporters said Smith spoke on day %d.\"}%n", polarity, i));
        }
        Files.writeString(text, lines);
        TextAlertEval.Options plain = new TextAlertEval.Options(text, 2, 60, 5, 0.5, 0.3, 3, Duration.ofMinutes(1));
        TextAlertScenario.Plan plan;
        try {
            plan = TextAlertScenario.plan(org.stancewatch.nlp.eval.NewsMtscExample.read(text),
                    org.stancewatch.nlp.eval.StanceCalibrationBuilder.persons(org.stancewatch.nlp.catalogue.ActorCatalogue.starter()),
                    2, 60, 5, 0.5, 0.3, 3);
        } catch (RuntimeException e) {
            throw new AssertionError("fixture text not readable as NewsMTSC: " + e.getMessage(), e);
        }
        // Rows: each actor's days with its planned counts, tagged perfectly.
        Map<String, ActorDay> rows = new LinkedHashMap<>();
        for (TextAlertScenario.PlannedArticle a : plan.articles()) {
            String key = a.actorId() + "|" + a.day();
            ActorDay old = rows.get(key);
            long n = old == null ? 0 : old.getArticles();
            long x = old == null ? 0 : old.getAgainst();
            long f = old == null ? 0 : old.getFavor();
            rows.put(key, ActorDay.newBuilder().setActorId(a.actorId()).setDay(a.day()).setArticles(n + 1)
                    .setAgainst(x + (a.polarity() == -1 ? 1 : 0)).setFavor(f + (a.polarity() == 1 ? 1 : 0))
                    .setExpectedAgainst(x + (a.polarity() == -1 ? 1 : 0)).setExpectedFavor(f + (a.polarity() == 1 ? 1 : 0))
                    .build());
        }
        Path file = dir.resolve("plan.series");
        SavedSeries.write(file, SavedSeries.planKey(plain, plan), rows);
        TextAlertEval.Options replay = new TextAlertEval.Options(text, 2, 60, 5, 0.5, 0.3, 3, Duration.ofMinutes(1), null,
                null, file, Map.of("never", Map.of("shift.expected-cusum-h", "1000", "shift.cusum-h", "1000")));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TextAlertEval.run(replay, new PrintStream(bytes, true, StandardCharsets.UTF_8), System.err);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("replaying the saved rows of " + file), out);
        assertTrue(!out.contains("pipeline alerts.stance"), "no pipeline ran: " + out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("variant never") && l.contains(" 0.000      0.000 ")), out);
        assertTrue(out.lines().reduce((a, b) -> b).orElseThrow().startsWith("recall@2d="), out);
    }
}
