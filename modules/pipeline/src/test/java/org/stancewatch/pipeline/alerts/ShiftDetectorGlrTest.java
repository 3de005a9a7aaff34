package org.stancewatch.pipeline.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.stancewatch.events.AlertKind;
import org.stancewatch.nlp.stance.StanceCalibration;
import org.stancewatch.pipeline.alerts.synthetic.PlainSeries;
import org.stancewatch.pipeline.alerts.synthetic.SyntheticSeries;
import org.stancewatch.pipeline.alerts.synthetic.TaggedSeries;

/** Issue #17 point 2: the GLR CUSUM that adapts to the shift size, and expected counts as its input. */
class ShiftDetectorGlrTest {

    private static final LocalDate START = LocalDate.of(2024, 1, 1);
    private static final DetectorParams GLR_LABELS = DetectorParams.defaults().with(
            Map.of("shift.glr", "true", "shift.expected-counts", "false"), "test.");

    /** n articles a day, x AGAINST before {@code shiftDay} and y from it on. */
    private static NavigableMap<LocalDate, DaySample> series(int days, int n, int x, int y, int shiftDay) {
        NavigableMap<LocalDate, DaySample> s = new TreeMap<>();
        for (int i = 0; i < days; i++) {
            int against = i >= shiftDay ? y : x;
            s.put(START.plusDays(i), new DaySample(START.plusDays(i), n, 0, against, n - against, 0, 0, List.of()));
        }
        return s;
    }

    /** The GLR statistic of a window of w days of n articles, y AGAINST each, against a calm baseline of p0. */
    private static double glrStatistic(DetectorParams p, double p0, int nb, int kb, int n, int y, int w) {
        double pr = (double) y / n;
        double p1 = Math.min(0.995, Math.max(p0 + p.shiftMinEffect(), pr));
        double wn = (double) w * n;
        double llr = wn * pr * Math.log(p1 / p0) + wn * (1 - pr) * Math.log((1 - p1) / (1 - p0));
        double tau2 = p.shiftMinDayToDaySd() * p.shiftMinDayToDaySd();
        double v0 = p0 * (1 - p0) / nb + tau2 / kb;
        double dispersion = 1 + (tau2 * w * n * n + v0 * wn * wn) / (p0 * (1 - p0) * wn);
        return llr / dispersion;
    }

    @Test
    void knownSeriesAlarmsOnTheDayTheGlrStatisticFirstCrossesH() {
        // 100 articles a day, AGAINST 10% -> 22% from day 80: the w-day window of the new share reaches h on
        // day 80 + w - 1 for the first w whose statistic (computed here from the formula) clears h.
        DetectorParams p = GLR_LABELS;
        int firstW = -1;
        for (int w = 1; w <= p.shiftCusumDays() && firstW < 0; w++) {
            if (glrStatistic(p, 0.10, 2800, 28, 100, 22, w) >= p.shiftCusumH()) {
                firstW = w;
            }
        }
        assertTrue(firstW > 1, "one day of a +0.12 step is not enough evidence: " + firstW);
        List<Detection> d = ShiftDetector.detect(series(110, 100, 10, 22, 80), START.plusDays(73), START.plusDays(109), p);
        assertEquals(1, d.size(), d.toString());
        assertEquals(START.plusDays(80 + firstW - 1), d.get(0).day());
        assertEquals(START.plusDays(80), d.get(0).windowStart());
        assertEquals(glrStatistic(p, 0.10, 2800, 28, 100, 22, firstW), d.get(0).statisticValue(), 1e-9);
        assertEquals(0.22, d.get(0).after(), 1e-12);
        assertTrue(d.get(0).statistic().startsWith("binomial GLR CUSUM"), d.get(0).statistic());
    }

    @Test
    void glrCatchesASmallStepSoonerThanTheFixedDeltaCusum() {
        // +0.12 at 100/day: the CUSUM tuned for +0.25 (p1 = 0.35) gains only ~0.02 nats per article from a
        // share of 0.22; the GLR tests the share it sees.
        NavigableMap<LocalDate, DaySample> s = series(110, 100, 10, 22, 80);
        List<Detection> fixed = ShiftDetector.detect(s, START.plusDays(73), START.plusDays(109), ShiftDetectorTest.FIXED);
        List<Detection> glr = ShiftDetector.detect(s, START.plusDays(73), START.plusDays(109), GLR_LABELS);
        assertEquals(1, glr.size(), glr.toString());
        assertTrue(glr.get(0).day().isBefore(START.plusDays(85)), glr.toString());
        assertTrue(fixed.isEmpty() || fixed.get(0).day().isAfter(glr.get(0).day()), fixed + " vs " + glr);
    }

    @Test
    void noFalseAlarmsAboveTheTargetUnderH0() {
        // Seeded simulation under H0 (no change), hard labels: 150 plain binomial series of 240 days at 20/day.
        assertTrue(falseAlarmsPer100ActorMonths(PlainSeries::generate, GLR_LABELS) <= 1.0);
    }

    @Test
    void noFalseAlarmsAboveTheTargetUnderH0WithExpectedCounts() {
        // The same through the tagger measured on NewsMTSC dev, testing the calibrated expected counts.
        DetectorParams expected = DetectorParams.defaults().with(Map.of("shift.expected-counts", "true"), "test.");
        assertTrue(falseAlarmsPer100ActorMonths(TaggedSeries.over(PlainSeries::generate, StanceCalibration.shared()),
                expected) <= 1.0);
    }

    private static double falseAlarmsPer100ActorMonths(AlertEval.Generator generator, DetectorParams p) {
        int alarms = 0;
        double days = 0;
        for (int k = 0; k < 150; k++) {
            NavigableMap<LocalDate, DaySample> s = generator.generate(SyntheticSeries.Scenario.stationary("h0-" + k, 20, 240), 1000 + k);
            LocalDate from = s.firstKey().plusDays(p.lookbackDays());
            alarms += (int) ShiftDetector.detect(s, from, s.lastKey(), p).stream()
                    .filter(d -> d.kind() == AlertKind.STANCE_SHIFT).count();
            days += 240 - p.lookbackDays();
        }
        double rate = alarms / (days / 30.4375) * 100;
        System.out.printf("H0 false alarms: %d in %.0f series-days = %.2f per 100 actor-months%n", alarms, days, rate);
        return rate;
    }

    @Test
    void expectedCountsCarryAShiftTheHardLabelsMiss() {
        // The tagger labels almost nothing AGAINST (1 of 20 a day throughout), but the calibrated probabilities
        // move: expected AGAINST 6.0 -> 9.0 of 20 a day from day 80.
        NavigableMap<LocalDate, DaySample> s = new TreeMap<>();
        for (int i = 0; i < 110; i++) {
            double expected = i >= 80 ? 9.0 : 6.0;
            s.put(START.plusDays(i), new DaySample(START.plusDays(i), 20, 1, 1, 18, 0, 0, List.of(), 4.0, expected));
        }
        DetectorParams withExpected = DetectorParams.defaults().with(Map.of("shift.expected-counts", "true"), "test.");
        List<Detection> e = ShiftDetector.detect(s, START.plusDays(73), START.plusDays(109), withExpected);
        List<Detection> labels = ShiftDetector.detect(s, START.plusDays(73), START.plusDays(109), GLR_LABELS);
        assertEquals(List.of(), labels);
        assertEquals(1, e.size(), e.toString());
        // Within 6 days: the calibration's variance ratio sets how much each expected count weighs (classic 0.185: 4 days;
        // fused with the muted article path 0.463: 5; fused with FusedArticleStance, refitted on dev's first half, 0.569: 6).
        assertTrue(!e.get(0).day().isBefore(START.plusDays(80)) && e.get(0).day().isBefore(START.plusDays(86)), e.toString());
        assertEquals(withExpected.shiftExpectedCusumH(), e.get(0).threshold());
        assertTrue(e.get(0).statistic().contains("expected counts"), e.get(0).statistic());
    }
}
