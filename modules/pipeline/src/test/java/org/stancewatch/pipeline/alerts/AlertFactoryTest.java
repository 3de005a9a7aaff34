package org.stancewatch.pipeline.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.stancewatch.events.AlertKind;
import org.stancewatch.events.ActorDay;
import org.stancewatch.nlp.stance.StanceCalibration;

/** #17 point 2: what the alert says about raw and corrected shares, and how old rows read. */
class AlertFactoryTest {

    private static final LocalDate DAY = LocalDate.of(2024, 3, 1);

    @Test
    void explanationGivesRawAndConfusionCorrectedSharesOfWindowAndBaseline() {
        NavigableMap<LocalDate, DaySample> s = new TreeMap<>();
        for (int i = 1; i <= 28; i++) { // baseline: 20 a day, 2 AGAINST, 4 FAVOR
            s.put(DAY.minusDays(2 + i), new DaySample(DAY.minusDays(2 + i), 20, 4, 2, 14, 0, 0, List.of()));
        }
        for (int i = 0; i < 3; i++) { // window: 20 a day, 6 AGAINST, 2 FAVOR
            s.put(DAY.minusDays(i), new DaySample(DAY.minusDays(i), 20, 2, 6, 12, 0, 0, List.of()));
        }
        Detection d = new Detection(AlertKind.STANCE_SHIFT, DAY, Detection.TOWARD_AGAINST, "against_share", 0.1, 0.3, 560, 60,
                "test", 12, 9, DAY.minusDays(2), 28);
        StanceCalibration c = StanceCalibration.shared();
        double[] cr = c.correctedShares(18, 6, 60);
        double[] cb = c.correctedShares(56, 112, 560);
        // A mix the dev confusion cannot produce has no corrected share (null), and the text says so instead of 100 %.
        String expected = cr == null || cb == null
                ? " Tagged AGAINST share 30% vs 10% before; a share corrected for the tagger's known confusion is not computable for this mix."
                : String.format(Locale.ROOT,
                        " Tagged AGAINST share 30%% vs 10%% before; corrected for the tagger's known confusion: %.0f%% vs %.0f%%.",
                        100 * cr[0], 100 * cb[0]);
        assertEquals(expected, AlertFactory.correctedShares(d, s));
    }

    @Test
    void rowsWithoutExpectedCountsFallBackToHardLabels() {
        ActorDay old = ActorDay.newBuilder().setActorId("a").setDay(DAY).setArticles(10).setAgainst(3).setFavor(1)
                .setNeutral(6).build(); // expected counts at their schema default -1
        DaySample s = DaySample.of(old);
        assertTrue(!s.hasExpectedCounts());
        ActorDay current = ActorDay.newBuilder(old).setExpectedAgainst(4.2).setExpectedFavor(2.5).build();
        assertEquals(4.2, DaySample.of(current).expectedAgainst(), 1e-12);
        assertEquals(2.5, DaySample.of(current).expectedFavor(), 1e-12);
    }
}
