package org.stancewatch.pipeline.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancewatch.nlp.stance.StanceCalibration;

/** The stance-shift h is what the rule gives for the tagger the product ships, and moves when the tagger does. */
class StanceShiftThresholdTest {

    @Test
    void everyBundledCalibrationIsTheOneItsThresholdWasDerivedFor() {
        for (String resource : StanceShiftThreshold.CALIBRATIONS) {
            assertEquals(StanceShiftThreshold.committed(resource).calibrationSha256(),
                    StanceShiftThreshold.calibrationSha256(resource),
                    resource + " changed since its stance-shift threshold was derived; derive it again: " + StanceShiftThreshold.REDERIVE);
        }
    }

    @Test
    void theRuleOnTheShippedCalibrationGivesTheCommittedThresholdAndRates() {
        StanceShiftThreshold committed = StanceShiftThreshold.committed(StanceCalibration.RESOURCE);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        StanceShiftThreshold derived = StanceShiftThreshold.derive(DetectorParams.defaultsWithShiftH(5.0),
                StanceCalibration.forResource(StanceCalibration.RESOURCE), committed.calibrationSha256(),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(committed.h(), derived.h(), log.toString(StandardCharsets.UTF_8));
        for (Map.Entry<Long, Double> e : committed.falseAlarmsBySeed().entrySet()) {
            assertEquals(e.getValue(), derived.falseAlarmsBySeed().get(e.getKey()), 1e-4, "seed " + e.getKey());
        }
        double mean = derived.falseAlarmsBySeed().values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertTrue(mean <= StanceShiftThreshold.CEILING_PER_100_ACTOR_MONTHS, "chosen h keeps the ceiling: " + mean);
        // The h one step lower breaks the ceiling: the rule took the smallest h that holds it.
        assertTrue(log.toString(StandardCharsets.UTF_8).contains(String.format(Locale.ROOT, "h %5.2f", derived.h() - 0.25)),
                "the step below was tried and failed");
        assertEquals(committed.h(), DetectorParams.defaults().shiftCusumH(), "the defaults run the committed h");
    }

    @Test
    void aPerfectTaggerNeedsAHigherThresholdThanTodaysNoisyOne() {
        // Labels equal the truth: the drifting mix reaches the detector undamped, so the same h alarms more often.
        long[][] confusion = {{100, 0, 0}, {0, 100, 0}, {0, 0, 100}};
        long[][] bins = {{100, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 100, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 100}};
        StanceShiftThreshold perfect = StanceShiftThreshold.derive(DetectorParams.defaultsWithShiftH(5.0),
                new StanceCalibration(confusion, bins), "perfect", System.out);
        double shipped = StanceShiftThreshold.committed(StanceCalibration.RESOURCE).h();
        assertTrue(perfect.h() > shipped, "perfect tagger h " + perfect.h() + " vs shipped " + shipped);
    }

    @Test
    void aCalibrationWithoutARecordIsNamedWithTheCommandThatDerivesIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> StanceShiftThreshold.committed("/stance/calibration-new.json"));
        assertTrue(e.getMessage().contains("/stance/calibration-new.json") && e.getMessage().contains("--derive-threshold"),
                e.getMessage());
    }

    @Test
    void theWrittenFileReadsBackAsDerived(@TempDir Path dir) throws Exception {
        StanceShiftThreshold t = new StanceShiftThreshold(6.5, "abc", Map.of(42L, 0.91, 1L, 0.8));
        Path out = dir.resolve("t.json");
        Files.writeString(out, StanceShiftThreshold.toJson(Map.of(StanceCalibration.RESOURCE, t)));
        assertEquals(t, StanceShiftThreshold.fromJson(new ObjectMapper().readTree(out.toFile()), StanceCalibration.RESOURCE));
    }

    @Test
    void theExpectedCountTestIsNotWhatTheRuleDerives() {
        DetectorParams expected = DetectorParams.defaultsWithShiftH(5.0).with(Map.of("shift.expected-counts", "true"), "test.");
        assertThrows(IllegalArgumentException.class, () -> StanceShiftThreshold.derive(expected,
                StanceCalibration.forResource(StanceCalibration.RESOURCE), "x", System.out));
    }
}
