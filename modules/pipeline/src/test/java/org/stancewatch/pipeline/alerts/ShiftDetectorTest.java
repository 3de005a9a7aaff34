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

    private static NavigableMap<LocalDate, DaySample> series(int days, int n, int againstBefore, int againstAfter, int shiftDay) {
        NavigableMap<LocalDate, DaySample> s = new TreeMap<>();
        for (int i = 0; i < days; i++) {
            int against = i >= shiftDay ? againstAfter : againstBefore;
            s.put(START.plusDays(i), new DaySample(START.plusDays(i), n, 0, against, n - against, 0, 0, List.of()));
        }
        return s;
    }

    @Test
    void zStatisticIsTheOverDispersedTwoProportionScore() {
        // Baseline 28 days of 20 articles, 4 AGAINST (p0 = 0.2, no excess day-to-day variance, so the
        // floor sd applies); recent day 14/20 AGAINST.
        DetectorParams p = DetectorParams.defaults();
        NavigableMap<LocalDate, DaySample> s = series(70, 20, 4, 14, 69);
        List<Detection> d = ShiftDetector.detect(s, START.plusDays(69), START.plusDays(69), p);
        assertEquals(1, d.size());
        Detection det = d.get(0);
        double p0 = 0.2;
        double sd = p.shiftMinDayToDaySd();
        double variance = p0 * (1 - p0) * (1.0 / 20 + 1.0 / 560) + sd * sd * (1 + 1.0 / 28);
        assertEquals((0.7 - p0) / Math.sqrt(variance), det.statisticValue(), 1e-9);
        assertEquals(0.2, det.before(), 1e-12);
        assertEquals(0.7, det.after(), 1e-12);
        assertEquals(560, det.beforeN());
        assertEquals(20, det.afterN());
        assertEquals(START.plusDays(69), det.windowStart());
        assertEquals(Detection.TOWARD_AGAINST, det.direction());
    }

    @Test
    void lastingShiftFiresOnceThenCooldownHolds() {
        NavigableMap<LocalDate, DaySample> s = series(100, 20, 4, 12, 70);
        List<Detection> d = ShiftDetector.detect(s, START.plusDays(63), START.plusDays(99), DetectorParams.defaults());
        List<Detection> shifts = d.stream().filter(x -> x.kind() == AlertKind.STANCE_SHIFT).toList();
        assertEquals(1, shifts.size(), shifts.toString());
        assertTrue(shifts.get(0).day().isAfter(START.plusDays(69)));
    }

    @Test
    void smallChangeBelowMinimumEffectDoesNotFire() {
        // 4 -> 5 of 100 articles: clearly significant with 100 a day? 0.04 -> 0.05 is under the 0.10 minimum effect.
        NavigableMap<LocalDate, DaySample> s = series(100, 100, 4, 9, 70);
        assertEquals(List.of(), ShiftDetector.detect(s, START.plusDays(63), START.plusDays(99), DetectorParams.defaults()));
    }

    @Test
    void decisionsDependOnlyOnTheLookbackWindow() {
        NavigableMap<LocalDate, DaySample> s = series(140, 20, 4, 12, 120);
        DetectorParams p = DetectorParams.defaults();
        LocalDate from = START.plusDays(110);
        List<Detection> full = ShiftDetector.detect(s, from, START.plusDays(139), p);
        NavigableMap<LocalDate, DaySample> trimmed = new TreeMap<>(s.tailMap(from.minusDays(p.lookbackDays()), true));
        assertEquals(full, ShiftDetector.detect(trimmed, from, START.plusDays(139), p));
        assertEquals(1, full.size());
    }

    @Test
    void cusumCatchesALastingShiftThatNoShortWindowShows() {
        // 20 a day, AGAINST 20% -> 45%: a 3-day window reaches z of about 4.0 (< 4.2) every day,
        // but the daily z of about 2.4 exceeds k = 1.25 and adds up to h = 7 on the sixth day.
        NavigableMap<LocalDate, DaySample> s = series(100, 20, 4, 9, 70);
        DetectorParams p = DetectorParams.defaults();
        List<Detection> d = ShiftDetector.detect(s, START.plusDays(63), START.plusDays(99), p);
        assertEquals(1, d.size(), d.toString());
        Detection det = d.get(0);
        assertTrue(det.statistic().startsWith("window-limited CUSUM"), det.statistic());
        assertEquals(START.plusDays(75), det.day());
        assertEquals(0.45, det.after(), 1e-12);
        assertEquals(120, det.afterN());
        assertEquals(START.plusDays(70), det.windowStart());
        double dailyZ = 0.25 / Math.sqrt(0.16 / 20 + p.shiftMinDayToDaySd() * p.shiftMinDayToDaySd());
        assertEquals(6 * (dailyZ - p.shiftCusumK()), det.statisticValue(), 1e-9);
        assertEquals(p.shiftCusumH(), det.threshold());
    }
}
