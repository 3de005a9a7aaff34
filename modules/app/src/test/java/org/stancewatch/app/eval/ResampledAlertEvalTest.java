package org.stancewatch.app.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancewatch.nlp.ActorResult;
import org.stancewatch.nlp.ArticleAnalyzer;
import org.stancewatch.nlp.Stance;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.eval.NewsMtscExample;
import org.stancewatch.nlp.eval.StanceCalibrationBuilder;
import org.stancewatch.nlp.stance.StanceCalibration;
import org.stancewatch.pipeline.alerts.DaySample;

/**
 * #17: {@code eval alerts --text --resample N} counts rows as the count topology does, from one analysis per distinct
 * body, the same on every run; pooled over N plans.
 */
class ResampledAlertEvalTest {

    @TempDir
    static Path dir;

    static Path text;
    static ArticleAnalyzer analyzer;

    @BeforeAll
    static void fixture() throws Exception {
        text = dir.resolve("text.jsonl");
        String[] sentences = {
            "Critics said Smith had lied to voters and betrayed the party.",
            "Smith was praised for a brave and honest speech on Monday.",
            "Smith arrived in the capital on Tuesday for talks.",
            "The scandal has badly damaged Smith and his reputation.",
            "Smith will meet the delegation next week, officials said.",
            "Supporters cheered Smith, calling the plan a great success."};
        int[] polarity = {-1, 1, 0, -1, 0, 1};
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < sentences.length; i++) {
            int from = sentences[i].indexOf("Smith");
            lines.append(String.format("{\"mention\": \"Smith\", \"polarity\": %d, \"from\": %d, \"to\": %d, \"sentence\": \"%s\"}%n",
                    polarity[i], from, from + 5, sentences[i]));
        }
        Files.writeString(text, lines);
        analyzer = new ArticleAnalyzer(ActorCatalogue.starter());
    }

    private static TextAlertScenario.Plan plan(long seed) throws Exception {
        return TextAlertScenario.plan(NewsMtscExample.read(text), StanceCalibrationBuilder.persons(ActorCatalogue.starter()),
                3, 56, 3, 0.67, 0.3, seed);
    }

    @Test
    void rowsCountEveryArticleAsItsOwnAnalysisTagsIt() throws Exception {
        TextAlertScenario.Plan plan = plan(7);
        Map<String, NavigableMap<LocalDate, DaySample>> rows = ResampledAlertEval.rows(plan, analyzer, new ConcurrentHashMap<>());
        // The slow way: every article analysed with its own headline and day, counted per planned actor it names.
        Map<String, long[]> counts = new HashMap<>();
        Map<String, double[]> expected = new HashMap<>();
        List<String> planned = plan.actors().stream().map(TextAlertScenario.Actor::id).toList();
        for (TextAlertScenario.PlannedArticle a : plan.articles()) {
            for (ActorResult r : analyzer.analyze(a.title(), a.body(), a.day()).actors()) {
                if (!planned.contains(r.actorId())) {
                    continue;
                }
                long[] c = counts.computeIfAbsent(r.actorId() + "|" + a.day(), k -> new long[3]);
                c[0]++;
                c[1] += r.stance() == Stance.AGAINST ? 1 : 0;
                c[2] += r.stance() == Stance.FAVOR ? 1 : 0;
                double[] p = StanceCalibration.shared().probabilities(r.score());
                double[] e = expected.computeIfAbsent(r.actorId() + "|" + a.day(), k -> new double[2]);
                e[0] += p[0];
                e[1] += p[1];
            }
        }
        int days = 0;
        for (Map.Entry<String, NavigableMap<LocalDate, DaySample>> s : rows.entrySet()) {
            for (DaySample d : s.getValue().values()) {
                long[] c = counts.get(s.getKey() + "|" + d.day());
                double[] e = expected.get(s.getKey() + "|" + d.day());
                assertEquals(c[0], d.articles(), s.getKey() + " " + d.day());
                assertEquals(c[1], d.against(), s.getKey() + " " + d.day());
                assertEquals(c[2], d.favor(), s.getKey() + " " + d.day());
                assertEquals(e[0], d.expectedAgainst(), 1e-9, s.getKey() + " " + d.day());
                assertEquals(e[1], d.expectedFavor(), 1e-9, s.getKey() + " " + d.day());
                days++;
            }
        }
        assertEquals(counts.size(), days, "every counted actor-day has a row");
        assertTrue(rows.values().stream().flatMap(s -> s.values().stream()).anyMatch(d -> d.against() > 0),
                "the fixture's critical sentences are tagged AGAINST somewhere");
    }

    @Test
    void rowsAreTheSameOnEveryRun() throws Exception {
        TextAlertScenario.Plan plan = plan(8);
        assertEquals(ResampledAlertEval.rows(plan, analyzer, new ConcurrentHashMap<>()),
                ResampledAlertEval.rows(plan, analyzer, new ConcurrentHashMap<>()));
    }

    @Test
    void scoresArePooledOverThePlans() throws Exception {
        TextAlertEval.Options o = new TextAlertEval.Options(text, 3, 56, 3, 0.67, 0.3, 11, Duration.ofMinutes(1), null, null, null,
                Map.of("never", Map.of("shift.expected-cusum-h", "1000", "shift.cusum-h", "1000")));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ResampledAlertEval.run(o, 3, new PrintStream(bytes, true, StandardCharsets.UTF_8), System.err);
        String out = bytes.toString(StandardCharsets.UTF_8);
        // Each plan judges its actors' days from monitorFrom (34) to day 53; shifted ones only before tau.
        double actorDays = 0;
        int shifted = 0;
        for (long seed = 11; seed < 14; seed++) {
            for (TextAlertScenario.Actor a : plan(seed).actors()) {
                actorDays += (a.shifted() ? a.tau() - 1 : 53) - 34 + 1;
                shifted += a.shifted() ? 1 : 0;
            }
        }
        String last = out.lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.startsWith("plans=3 shifted=" + shifted + " actor_days=" + Math.round(actorDays) + " "), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("variant never") && l.contains(" 0.000      0.000 ")), out);
    }
}
