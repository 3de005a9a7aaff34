package org.stancewatch.app.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The interval printed beside a run's false-alarm rate, so 2 alarms in 688 actor-days are not read as a rate. */
class FalseAlarmRateTest {

    @Test
    void poissonIntervalsMatchTheTables() {
        // Garwood's exact 95 % limits (e.g. Ulm 1990): 0 -> [0, 3.689], 2 -> [0.2422, 7.2247], 10 -> [4.7954, 18.3904].
        assertArrayEquals(new double[] {0, 3.6889}, FalseAlarmRate.poissonInterval(0), 1e-3);
        assertArrayEquals(new double[] {0.2422, 7.2247}, FalseAlarmRate.poissonInterval(2), 1e-3);
        assertArrayEquals(new double[] {4.7954, 18.3904}, FalseAlarmRate.poissonInterval(10), 1e-3);
    }

    @Test
    void theVerdictSaysWhetherTheSampleCanTellTheRateFromTheTarget() {
        // One pipeline run: 0 alarms in 688 actor-days cannot show a rate below 1 per 100 actor-months ...
        String none = FalseAlarmRate.describe(score(0, 688), 1);
        assertTrue(none.startsWith("false alarms (defaults): 0 in 688 actor-days = 0.00 per 100 actor-months, 95 % interval 0.00-16.3"), none);
        assertTrue(none.contains("too few actor-days to tell"), none);
        // ... while 2 alarms there already lie above it (lower limit 1.07), and 100 plans can show either side.
        String two = FalseAlarmRate.describe(score(2, 688), 1);
        assertTrue(two.contains("= 8.85 per 100 actor-months, 95 % interval 1.07-") && two.contains("above the target of 1"), two);
        assertTrue(FalseAlarmRate.describe(score(9, 65904), 1).contains("below the target of 1"), FalseAlarmRate.describe(score(9, 65904), 1));
        assertTrue(FalseAlarmRate.describe(score(40, 65904), 1).contains("above the target of 1"), FalseAlarmRate.describe(score(40, 65904), 1));
    }

    private static TextAlertEval.Score score(int alarms, double actorDays) {
        return new TextAlertEval.Score(0, 0, alarms, actorDays);
    }
}
