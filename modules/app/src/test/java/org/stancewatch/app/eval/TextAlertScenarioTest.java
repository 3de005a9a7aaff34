package org.stancewatch.app.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.stancewatch.events.AlertKind;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.catalogue.ActorEntry;
import org.stancewatch.nlp.eval.NewsMtscExample;
import org.stancewatch.nlp.eval.StanceCalibrationBuilder;
import org.stancewatch.nlp.eval.TextArticles;
import org.stancewatch.pipeline.alerts.Detection;

/** Issue #17 point 4: the plan of the real-text evaluation, its scoring and the oracle. */
class TextAlertScenarioTest {

    private static final List<ActorEntry> PERSONS = StanceCalibrationBuilder.persons(ActorCatalogue.starter());

    private static List<NewsMtscExample> examples() {
        List<NewsMtscExample> out = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            int polarity = i % 3 - 1;
            out.add(new NewsMtscExample("Reporters said Smith" + i + " spoke on Monday.", 15, 20, "Smith", polarity));
        }
        return out;
    }

    @Test
    void planIsSeededAndStepsTheAgainstShareOfTheShiftedActorsOnly() {
        TextAlertScenario.Plan plan = TextAlertScenario.plan(examples(), PERSONS, 10, 60, 200, 0.5, 0.30, 7);
        assertEquals(plan, TextAlertScenario.plan(examples(), PERSONS, 10, 60, 200, 0.5, 0.30, 7));
        assertEquals(5, plan.actors().stream().filter(TextAlertScenario.Actor::shifted).count());
        for (TextAlertScenario.Actor a : plan.actors()) {
            double[] before = share(plan, a.id(), 0, a.shifted() ? a.tau() : 60);
            if (a.shifted()) {
                assertTrue(a.tau() >= TextAlertScenario.FIRST_TAU && a.tau() <= 60 - TextAlertScenario.DAYS_AFTER_TAU);
                double[] after = share(plan, a.id(), a.tau(), 60);
                assertEquals(0.30, after[0] - before[0], 0.04, a.toString());
            }
            // About 200 articles a day at the planned AGAINST share.
            assertEquals(a.p0(), before[0], 0.02, a.toString());
        }
    }

    /** {true AGAINST share} of an actor's planned articles on days [from, to). */
    private static double[] share(TextAlertScenario.Plan plan, String actorId, int from, int to) {
        long n = 0;
        long against = 0;
        for (TextAlertScenario.PlannedArticle a : plan.articles()) {
            if (a.actorId().equals(actorId) && a.dayIndex() >= from && a.dayIndex() < to) {
                n++;
                against += a.polarity() == -1 ? 1 : 0;
            }
        }
        return new double[] {(double) against / n};
    }

    @Test
    void articlesCarryTheActorsNameInTheBodyAndAGenericHeadline() {
        TextAlertScenario.Plan plan = TextAlertScenario.plan(examples(), PERSONS, 3, 52, 5, 1.0, 0.30, 1);
        Map<String, String> names = new java.util.HashMap<>();
        plan.actors().forEach(a -> names.put(a.id(), a.name()));
        for (TextAlertScenario.PlannedArticle a : plan.articles()) {
            assertTrue(a.body().startsWith("Reporters said " + names.get(a.actorId())), a.body());
            assertFalse(a.body().contains("Smith"), a.body());
            assertTrue(TextArticles.HEADLINES.contains(a.title()), a.title());
        }
    }

    @Test
    void rejectsRunsTooShortForABaseline() {
        assertThrows(IllegalArgumentException.class, () -> TextAlertScenario.plan(examples(), PERSONS, 3, 40, 5, 0.5, 0.3, 1));
    }

    @Test
    void scoreCountsRecallWithinTheWindowAndFalseAlarmsBeforeTau() {
        TextAlertScenario.Plan plan = TextAlertScenario.plan(examples(), PERSONS, 4, 60, 1, 0.5, 0.30, 3);
        Map<String, List<Detection>> found = new java.util.HashMap<>();
        TextAlertScenario.Actor shiftedA = null;
        TextAlertScenario.Actor shiftedB = null;
        TextAlertScenario.Actor calm = null;
        for (TextAlertScenario.Actor a : plan.actors()) {
            if (a.shifted() && shiftedA == null) {
                shiftedA = a;
            } else if (a.shifted()) {
                shiftedB = a;
            } else if (calm == null) {
                calm = a;
            }
        }
        found.put(shiftedA.id(), List.of(alert(shiftedA.tau() + 1))); // within 2 days
        found.put(shiftedB.id(), List.of(alert(shiftedB.tau() - 3), alert(shiftedB.tau() + 4))); // a false alarm, then late
        found.put(calm.id(), List.of(alert(50)));
        TextAlertEval.Score s = TextAlertEval.score(plan, found, 34, 57);
        assertEquals(0.5, s.recall2());
        assertEquals(1.0, s.recall5());
        assertEquals(2, s.falseAlarms());
        assertEquals((shiftedA.tau() - 34) + (shiftedB.tau() - 34) + 2 * (57 - 34 + 1), s.actorDays());
    }

    private static Detection alert(int day) {
        return new Detection(AlertKind.STANCE_SHIFT, TextAlertScenario.START.plusDays(day), Detection.TOWARD_AGAINST,
                "against_share", 0.1, 0.4, 100, 20, "test", 10, 9, TextAlertScenario.START.plusDays(day), 28);
    }

    @Test
    void oracleThresholdGivesAboutTheTargetFalseAlarmRate() {
        // H0 simulation: 20 articles a day at p0 = 0.10, CUSUM for p1 = 0.20 with h for one alarm per 3000 days.
        SequentialOracle oracle = new SequentialOracle(0.10, 0.20, 20, 3000);
        Random random = new Random(5);
        int days = 300_000;
        long[] n = new long[days];
        long[] x = new long[days];
        for (int d = 0; d < days; d++) {
            n[d] = 20;
            for (int k = 0; k < 20; k++) {
                x[d] += random.nextDouble() < 0.10 ? 1 : 0;
            }
        }
        int alarms = oracle.alarms(n, x, 0).size();
        // Siegmund's approximation is within a few tens of percent: 100 expected alarms.
        assertTrue(alarms >= 50 && alarms <= 150, alarms + " alarms in " + days + " days, h=" + oracle.h());
    }

    @Test
    void oracleAlarmsSoonAfterAClearStep() {
        SequentialOracle oracle = new SequentialOracle(0.10, 0.40, 20, 3000);
        long[] n = new long[60];
        long[] x = new long[60];
        for (int d = 0; d < 60; d++) {
            n[d] = 20;
            x[d] = d >= 40 ? 8 : 2;
        }
        // Before day 40 each day's LLR is negative (S stays 0); from day 40 it adds llr a day until it reaches h.
        double llr = 8 * Math.log(0.40 / 0.10) + 12 * Math.log(0.60 / 0.90);
        int expected = 40 + (int) Math.ceil(oracle.h() / llr) - 1;
        assertEquals(expected, oracle.alarms(n, x, 0).get(0));
        assertTrue(expected <= 41, "h " + oracle.h());
    }
}
