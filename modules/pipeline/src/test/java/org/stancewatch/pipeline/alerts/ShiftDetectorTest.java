package org.stancewatch.pipeline.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.stancewatch.events.AlertKind;

class ShiftDetectorTest {

    private static final LocalDate START = LocalDate.of(2024, 1, 1);
    /**
     * The fixed-delta CUSUM (p1 = p0 + delta) at h 7.5, design shift 0.25 over 28 days (the defaults before session 28):
     * the arithmetic below is written for it; the GLR is tested in ShiftDetectorGlrTest.
     */
    static final DetectorParams FIXED = DetectorParams.defaults().with(java.util.Map.of("shift.glr", "false",
            "shift.cusum-h", "7.5", "shift.delta", "0.25", "shift.baseline-days", "28"), "test.");

    private static NavigableMap<LocalDate, DaySample> series(int days, int n, int againstBefore, int againstAfter, int shiftDay) {
        NavigableMap<LocalDate, DaySample> s = new TreeMap<>();
        for (int i = 0; i < days; i++) {
            int against = i >= shiftDay ? againstAfter : againstBefore;
            s.put(START.plusDays(i), new DaySample(START.plusDays(i), n, 0, against, n - against, 0, 0, List.of()));
        }
        return s;
    }

    /** The quasi-log-likelihood ratio the detector should report for a window of w days of n articles, x AGAINST each. */
    private static double expectedStatistic(DetectorParams p, double p0, int nb, int kb, int n, int x, int w) {
        double p1 = p0 + p.shiftDelta();
        double llr = w * (x * Math.log(p1 / p0) + (n - x) * Math.log((1 - p1) / (1 - p0)));
        double tau2 = p.shiftMinDayToDaySd() * p.shiftMinDayToDaySd(); // calm baseline: the floor applies
        double baselineVariance = p0 * (1 - p0) / nb + tau2 / kb;
        double windowN = (double) w * n;
        double dispersion = 1 + (tau2 * w * n * n + baselineVariance * windowN * windowN) / (p0 * (1 - p0) * windowN);
        return llr / dispersion;
    }

    @Test
    void statisticIsTheQuasiLogLikelihoodRatioOfTheWindow() {
        // Baseline 28 days of 20 articles, 4 AGAINST (p0 = 0.2, no excess day-to-day variance, so the
        // floor sd applies); the tested day has 14/20 AGAINST, enough on its own.
        DetectorParams p = FIXED;
        NavigableMap<LocalDate, DaySample> s = series(80, 20, 4, 14, 79);
        List<Detection> d = ShiftDetector.detect(s, START.plusDays(79), START.plusDays(79), p);
        assertEquals(1, d.size());
        Detection det = d.get(0);
        assertEquals(expectedStatistic(p, 0.2, 560, 28, 20, 14, 1), det.statisticValue(), 1e-9);
        assertTrue(det.statisticValue() >= p.shiftCusumH());
        assertEquals(p.shiftCusumH(), det.threshold());
        assertTrue(det.statistic().startsWith("binomial CUSUM"), det.statistic());
        assertEquals(0.2, det.before(), 1e-12);
        assertEquals(0.7, det.after(), 1e-12);
        assertEquals(560, det.beforeN());
        assertEquals(20, det.afterN());
        assertEquals(START.plusDays(79), det.windowStart());
        assertEquals(Detection.TOWARD_AGAINST, det.direction());
    }

    @Test
    void lastingShiftFiresOnceThenCooldownHolds() {
        NavigableMap<LocalDate, DaySample> s = series(100, 20, 4, 12, 70);
        List<Detection> d = ShiftDetector.detect(s, START.plusDays(63), START.plusDays(99), FIXED);
        List<Detection> shifts = d.stream().filter(x -> x.kind() == AlertKind.STANCE_SHIFT).toList();
        assertEquals(1, shifts.size(), shifts.toString());
        assertTrue(shifts.get(0).day().isAfter(START.plusDays(69)));
    }

    @Test
    void smallChangeBelowMinimumEffectDoesNotFire() {
        // 4 -> 5 of 100 articles: clearly significant with 100 a day? 0.04 -> 0.05 is under the 0.10 minimum effect.
        NavigableMap<LocalDate, DaySample> s = series(100, 100, 4, 9, 70);
        assertEquals(List.of(), ShiftDetector.detect(s, START.plusDays(63), START.plusDays(99), FIXED));
    }

    @Test
    void decisionsDependOnlyOnTheLookbackWindow() {
        NavigableMap<LocalDate, DaySample> s = series(140, 20, 4, 12, 120);
        DetectorParams p = FIXED;
        LocalDate from = START.plusDays(110);
        List<Detection> full = ShiftDetector.detect(s, from, START.plusDays(139), p);
        NavigableMap<LocalDate, DaySample> trimmed = new TreeMap<>(s.tailMap(from.minusDays(p.lookbackDays()), true));
        assertEquals(full, ShiftDetector.detect(trimmed, from, START.plusDays(139), p));
        assertEquals(1, full.size());
    }

    @Test
    void moderateShiftAccumulatesOverDays() {
        // 20 a day, AGAINST 20% -> 45%: one day is far from enough evidence, three days are.
        NavigableMap<LocalDate, DaySample> s = series(110, 20, 4, 9, 80);
        DetectorParams p = FIXED;
        assertTrue(expectedStatistic(p, 0.2, 560, 28, 20, 9, 2) < p.shiftCusumH());
        List<Detection> d = ShiftDetector.detect(s, START.plusDays(73), START.plusDays(109), p);
        assertEquals(1, d.size(), d.toString());
        Detection det = d.get(0);
        assertEquals(START.plusDays(82), det.day());
        assertEquals(START.plusDays(80), det.windowStart());
        assertEquals(0.45, det.after(), 1e-12);
        assertEquals(60, det.afterN());
        assertEquals(expectedStatistic(p, 0.2, 560, 28, 20, 9, 3), det.statisticValue(), 1e-9);
    }

    @Test
    void overDispersedBaselineNeedsMoreEvidence() {
        // The same 20% -> 45% shift, but the baseline's daily AGAINST share swings between 5% and 35%:
        // such a series moves a lot by itself, so three days at 45% are not yet a shift.
        NavigableMap<LocalDate, DaySample> s = new TreeMap<>();
        for (int i = 0; i < 110; i++) {
            int against = i >= 80 ? 9 : (i % 2 == 0 ? 1 : 7);
            s.put(START.plusDays(i), new DaySample(START.plusDays(i), 20, 0, against, 20 - against, 0, 0, List.of()));
        }
        List<Detection> d = ShiftDetector.detect(s, START.plusDays(73), START.plusDays(109), FIXED);
        assertTrue(d.isEmpty() || d.get(0).day().isAfter(START.plusDays(82)), d.toString());
    }
}
