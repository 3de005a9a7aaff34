package org.stancewatch.pipeline.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stancewatch.nlp.stance.StanceCalibration;
import org.stancewatch.nlp.stance.StanceSource;
import org.stancewatch.pipeline.alerts.synthetic.SyntheticSeries;
import org.stancewatch.pipeline.alerts.synthetic.TaggedSeries;

/**
 * The stance-shift threshold h of the default test (fixed-delta CUSUM on the tagger's hard labels), derived from the
 * stance tagger's calibration instead of set by hand: the detector only ever sees the tagger's labels, and how noisy
 * they are decides how many false alarms a given h raises. A better stance model (or a rebuilt calibration) therefore
 * needs a new h; a literal would go stale silently.
 *
 * <p><b>The rule</b> (ALERTS.md, "A threshold derived from the calibration"): simulate the primary synthetic generator
 * (over-dispersed, drifting mix) seen through the tagger's confusion ({@link TaggedSeries}) under H0 for seeds 42 and 1,
 * exactly as {@code AlertEval --h-scan --tagged} does, and take the smallest h on a quarter-nat grid from 5.0 whose
 * mean stance-shift false-alarm rate is at most 1 per 100 actor-months.
 *
 * <p>The result for each bundled calibration is committed in {@link #RESOURCE}, keyed by the calibration's resource
 * and recorded with its SHA-256. {@code modules/nlp/rebuild-calibration.sh} derives it again after rebuilding a
 * calibration ({@code AlertEval --derive-threshold --write FILE}); a unit test fails when a calibration's bytes no
 * longer match their record, and at run time a mismatch is logged once with the command that fixes it.
 */
public record StanceShiftThreshold(double h, String calibrationSha256, Map<Long, Double> falseAlarmsBySeed) {

    /** The committed thresholds, one per bundled calibration. */
    public static final String RESOURCE = "/alerts/stance-shift-threshold.json";
    /** Where {@link #RESOURCE} lives in the source tree (what {@code --write} should be given). */
    public static final String SOURCE_PATH = "modules/pipeline/src/main/resources" + RESOURCE;
    static final long[] SEEDS = {42, 1};
    static final double CEILING_PER_100_ACTOR_MONTHS = 1.0;
    static final double FIRST_H = 5.0;
    static final double STEP = 0.25;
    static final double LAST_H = 14.0;
    /** The calibrations the product bundles (the default source's and FUSED's). */
    static final List<String> CALIBRATIONS = List.of(StanceCalibration.RESOURCE, StanceCalibration.FUSED_RESOURCE);
    static final String REDERIVE = "modules/nlp/rebuild-calibration.sh (or: java -cp ... "
            + "org.stancewatch.pipeline.alerts.AlertEval --derive-threshold --write " + SOURCE_PATH + ")";

    private static final Logger LOG = LoggerFactory.getLogger(StanceShiftThreshold.class);
    private static final Map<String, StanceShiftThreshold> COMMITTED = new ConcurrentHashMap<>();

    public StanceShiftThreshold {
        falseAlarmsBySeed = Collections.unmodifiableMap(new LinkedHashMap<>(falseAlarmsBySeed));
    }

    /**
     * The committed h for the calibration of the configured stance source. A calibration whose bytes differ from the
     * recorded ones keeps the recorded h but is logged once as stale: the detector still runs, at a false-alarm rate
     * nobody measured.
     */
    public static double forConfiguredSource() {
        String resource = StanceCalibration.resource(StanceSource.configured());
        return COMMITTED.computeIfAbsent(resource, r -> {
            StanceShiftThreshold t = committed(r);
            String now = calibrationSha256(r);
            if (!t.calibrationSha256().equals(now)) {
                LOG.warn("The stance-shift threshold h {} was derived for {} with SHA-256 {}, but the bundled file has {}: "
                        + "its false-alarm rate is unmeasured. Derive it again: {}", t.h(), r, t.calibrationSha256(), now, REDERIVE);
            }
            return t;
        }).h();
    }

    /** The committed record for one calibration resource; an error names the file and what is missing. */
    static StanceShiftThreshold committed(String calibrationResource) {
        return fromJson(readCommitted(), calibrationResource);
    }

    /** One calibration's record in a file written by {@link #toJson}. */
    static StanceShiftThreshold fromJson(JsonNode root, String calibrationResource) {
        JsonNode t = root.path("thresholds").path(calibrationResource);
        if (!t.path("h").isNumber() || !t.path("calibrationSha256").isTextual()) {
            throw new IllegalStateException(RESOURCE + " has no threshold (h and calibrationSha256) for " + calibrationResource
                    + "; derive it: " + REDERIVE);
        }
        Map<Long, Double> rates = new LinkedHashMap<>();
        t.path("falseAlarmsPer100ActorMonthsBySeed").fields()
                .forEachRemaining(e -> rates.put(Long.parseLong(e.getKey()), e.getValue().asDouble()));
        return new StanceShiftThreshold(t.path("h").asDouble(), t.path("calibrationSha256").asText(), rates);
    }

    private static JsonNode readCommitted() {
        try (InputStream in = StanceShiftThreshold.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing classpath resource " + RESOURCE + "; derive it: " + REDERIVE);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    /** SHA-256 (hex) of a bundled calibration's bytes, the identity its threshold is recorded under. */
    static String calibrationSha256(String calibrationResource) {
        return StanceCalibration.resourceSha256(calibrationResource);
    }

    /**
     * Applies the rule to one tagger: the detector settings are {@code base} with each candidate h, the H0 series the
     * primary generator through {@code tagger}. Prints one line per h tried to {@code progress}.
     */
    public static StanceShiftThreshold derive(DetectorParams base, StanceCalibration tagger, String calibrationSha256,
                                              PrintStream progress) {
        if (base.shiftExpectedCounts()) {
            throw new IllegalArgumentException("the derived threshold is the hard-label test's (shift.cusum-h); "
                    + "these settings use expected counts");
        }
        AlertEval.Generator generator = TaggedSeries.over(SyntheticSeries::generate, tagger);
        for (double h = FIRST_H; h <= LAST_H; h += STEP) {
            DetectorParams p = base.with(Map.of("shift.cusum-h", Double.toString(h)), "derive.");
            // The seeds' series are independent: one per core.
            double[] bySeedRate = Arrays.stream(SEEDS).parallel()
                    .mapToDouble(seed -> AlertEval.stationaryShiftFalseAlarms(seed, generator, p)).toArray();
            Map<Long, Double> rates = new LinkedHashMap<>();
            for (int i = 0; i < SEEDS.length; i++) {
                rates.put(SEEDS[i], bySeedRate[i]);
            }
            double mean = Arrays.stream(bySeedRate).average().orElseThrow();
            StringBuilder bySeed = new StringBuilder();
            rates.forEach((seed, rate) -> bySeed.append(String.format(Locale.ROOT, "  seed %d %.2f", seed, rate)));
            progress.printf(Locale.ROOT, "h %5.2f  tagged primary stance-shift false alarms per 100 actor-months:%s  mean %.2f%s%n",
                    h, bySeed, mean, mean <= CEILING_PER_100_ACTOR_MONTHS ? "  <= ceiling: chosen" : "");
            if (mean <= CEILING_PER_100_ACTOR_MONTHS) {
                return new StanceShiftThreshold(h, calibrationSha256, rates);
            }
        }
        throw new IllegalStateException("no h in [" + FIRST_H + ", " + LAST_H + "] keeps the tagged primary generator under "
                + CEILING_PER_100_ACTOR_MONTHS + " false alarm per 100 actor-months: check the calibration");
    }

    /** Derives the threshold for every bundled calibration and, when {@code out} is given, writes {@link #RESOURCE} there. */
    static Map<String, StanceShiftThreshold> deriveAll(DetectorParams base, Path out, PrintStream progress) throws IOException {
        Map<String, StanceShiftThreshold> derived = new LinkedHashMap<>();
        for (String resource : CALIBRATIONS) {
            progress.println("Calibration " + resource + ":");
            derived.put(resource, derive(base, StanceCalibration.forResource(resource), calibrationSha256(resource), progress));
        }
        if (out != null) {
            Files.writeString(out, toJson(derived));
            progress.println("Wrote " + out);
        }
        return derived;
    }

    static String toJson(Map<String, StanceShiftThreshold> derived) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("rule", String.format(Locale.ROOT, "smallest h on a %.2f grid from %.1f whose mean stance-shift false-alarm rate "
                        + "of the primary synthetic generator through the calibration's confusion (AlertEval --h-scan --tagged, "
                        + "stationary series, seeds %s) is at most %.1f per 100 actor-months; fixed-delta CUSUM on hard labels",
                STEP, FIRST_H, Arrays.toString(SEEDS), CEILING_PER_100_ACTOR_MONTHS));
        root.put("command", "java -cp \"modules/app/target/stancewatch.jar:modules/app/target/lib/*\" "
                + "org.stancewatch.pipeline.alerts.AlertEval --derive-threshold --write " + SOURCE_PATH);
        ObjectNode thresholds = root.putObject("thresholds");
        derived.forEach((resource, t) -> {
            ObjectNode o = thresholds.putObject(resource);
            o.put("h", t.h());
            o.put("calibrationSha256", t.calibrationSha256());
            ObjectNode rates = o.putObject("falseAlarmsPer100ActorMonthsBySeed");
            t.falseAlarmsBySeed().forEach((seed, rate) -> rates.put(Long.toString(seed), Math.round(rate * 1e4) / 1e4));
        });
        return mapper.writeValueAsString(root) + "\n";
    }
}
