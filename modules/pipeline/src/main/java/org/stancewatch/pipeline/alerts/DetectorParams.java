package org.stancewatch.pipeline.alerts;

import java.util.Map;
import org.stancewatch.nlp.stance.StanceCalibration;

/**
 * Tuning of the detector for one series (an actor, or an actor at one outlet). Defaults come from
 * {@link AlertConfig}; any field can be overridden per actor. Keys are the names in {@link #KEYS}.
 *
 * @param shiftDelta           design shift of the stance CUSUM: the rise of a share (p0 -> p0 + delta) it is tuned to catch fastest
 * @param shiftCusumH          decision threshold h of the CUSUM, in nats of (quasi-)log-likelihood ratio
 * @param shiftCusumDays       longest window of the window-limited CUSUM, in days
 * @param shiftMinEffect       minimum absolute change in share (e.g. 0.10 = ten points)
 * @param shiftMinRecentArticles articles needed in the recent window before it is tested
 * @param shiftMinBaselineArticles articles needed in the baseline window
 * @param shiftBaselineDays    length of the baseline window in days (its pooled share is p0)
 * @param shiftDispersionDays  days, ending with the baseline, over which the between-day variance of the share is estimated
 * @param shiftMinDayToDaySd   floor for the between-day standard deviation of a daily share (over-dispersion)
 * @param burstPValue          negative-binomial upper-tail probability below which a day is a burst
 * @param burstMinArticles     a burst day needs at least this many articles
 * @param burstMinRatio        and at least this multiple of its expected count
 * @param burstBaselineDays    days before the tested day used for the level and dispersion
 * @param burstWeekdayDays     days before the tested day used for day-of-week factors
 * @param burstMinDispersion   floor of the negative-binomial dispersion (variance = mu + phi mu^2)
 * @param cooldownDays         an alert fires only if the same test was quiet on the previous this-many days
 * @param enabled              false silences the series
 * @param shiftGlr             true: GLR CUSUM, p1 estimated per window over [p0 + min-effect, 0.995]; false: CUSUM with fixed p1 = p0 + delta
 * @param shiftExpectedCounts  true: the stance test counts calibrated expected AGAINST/FAVOR articles (sum of per-article
 *                             probabilities) where the day carries them; false: the tagger's hard labels
 * @param shiftExpectedVarianceRatio variance of one article's calibrated probability over its binomial value (default: measured
 *                             on NewsMTSC dev, {@link org.stancewatch.nlp.stance.StanceCalibration#articleVarianceRatio()}); scales the
 *                             binomial variance when the test counts expected counts
 * @param shiftExpectedEffectScale how much a true step moves the expected AGAINST share (default: measured on dev for AGAINST,
 *                             {@link StanceCalibration#discriminationGap(int)}); with expected counts the AGAINST test's minimum effect (guard and the
 *                             GLR's smallest p1) and the floor of its day-to-day sd are scaled by it
 * @param shiftExpectedCusumH  threshold h used instead of {@code shiftCusumH} when the test counts expected counts (derived
 *                             separately under H0: ALERTS.md)
 * @param shiftExpectedPersistentJitter with expected counts, true: the between-day variance tau^2 is taken as shared by every
 *                             day of a window (a wandering mix: Var = tau^2 n_w^2), false: independent between days (tau^2 sum n_d^2,
 *                             as always with hard labels)
 * @param shiftExpectedFavorEffectScale as {@code shiftExpectedEffectScale}, for the FAVOR share (default: measured on dev for FAVOR)
 * @param shiftExpectedFloorIndependent with persistent jitter, true: only the measured between-day variance above the floor
 *                             ({@code shiftMinDayToDaySd} squared) is shared by a window's days, the floor's share counts as
 *                             independent between days; false: all of it is shared
 */
public record DetectorParams(
        double shiftDelta,
        double shiftCusumH,
        int shiftCusumDays,
        double shiftMinEffect,
        int shiftMinRecentArticles,
        int shiftMinBaselineArticles,
        int shiftBaselineDays,
        int shiftDispersionDays,
        double shiftMinDayToDaySd,
        double burstPValue,
        int burstMinArticles,
        double burstMinRatio,
        int burstBaselineDays,
        int burstWeekdayDays,
        double burstMinDispersion,
        int cooldownDays,
        boolean enabled,
        boolean shiftGlr,
        boolean shiftExpectedCounts,
        double shiftExpectedVarianceRatio,
        double shiftExpectedEffectScale,
        double shiftExpectedCusumH,
        boolean shiftExpectedPersistentJitter,
        double shiftExpectedFavorEffectScale,
        boolean shiftExpectedFloorIndependent) {

    /** Config key suffixes, in field order. */
    public static final String[] KEYS = {
            "shift.delta", "shift.cusum-h", "shift.cusum-days", "shift.min-effect", "shift.min-recent-articles",
            "shift.min-baseline-articles", "shift.baseline-days", "shift.dispersion-days", "shift.min-day-to-day-sd",
            "burst.p-value", "burst.min-articles", "burst.min-ratio", "burst.baseline-days",
            "burst.weekday-days", "burst.min-dispersion", "cooldown-days", "enabled", "shift.glr", "shift.expected-counts",
            "shift.expected-variance-ratio", "shift.expected-effect-scale",
            "shift.expected-cusum-h", "shift.expected-persistent-jitter",
            "shift.expected-favor-effect-scale", "shift.expected-floor-independent"};

    public DetectorParams {
        requireRange("shift.delta", shiftDelta, 0.01, 0.9);
        requirePositive("shift.cusum-h", shiftCusumH);
        requireRange("shift.cusum-days", shiftCusumDays, 1, 28);
        requireRange("shift.min-effect", shiftMinEffect, 0, 1);
        requirePositive("shift.min-recent-articles", shiftMinRecentArticles);
        requirePositive("shift.min-baseline-articles", shiftMinBaselineArticles);
        requireRange("shift.baseline-days", shiftBaselineDays, 7, 365);
        requireRange("shift.dispersion-days", shiftDispersionDays, 7, 365);
        requireRange("shift.min-day-to-day-sd", shiftMinDayToDaySd, 0, 0.5);
        requireRange("burst.p-value", burstPValue, 1e-15, 0.5);
        requirePositive("burst.min-articles", burstMinArticles);
        requireRange("burst.min-ratio", burstMinRatio, 1, 1000);
        requireRange("burst.baseline-days", burstBaselineDays, 7, 365);
        requireRange("burst.weekday-days", burstWeekdayDays, 7, 365);
        requireRange("burst.min-dispersion", burstMinDispersion, 0, 10);
        requireRange("cooldown-days", cooldownDays, 0, 365);
        requireRange("shift.expected-variance-ratio", shiftExpectedVarianceRatio, 0.01, 1);
        requireRange("shift.expected-effect-scale", shiftExpectedEffectScale, 0.01, 1);
        requirePositive("shift.expected-cusum-h", shiftExpectedCusumH);
        requireRange("shift.expected-favor-effect-scale", shiftExpectedFavorEffectScale, 0.01, 1);
    }

    /**
     * Defaults; the CUSUM threshold is derived in ALERTS.md and checked with {@link AlertEval}. The stance test is the
     * fixed-delta CUSUM on the tagger's hard labels at the h {@link StanceShiftThreshold} derived from the configured
     * source's calibration (6.75 for the default source's): under the synthetic guard (tagged primary generator, at
     * most 1 false alarm per 100 actor-months) it catches more real-text shifts within 5 days than the GLR on expected
     * counts (ALERTS.md "Hard labels again"). Design shift 0.20 over a baseline of up to 56 days (pooled over the days
     * a series has, so a new actor is not held back): a steadier p0 and a smaller design shift catch more within 5 days
     * at fewer false alarms than 0.25 over 28 days, and a little later within 2 (ALERTS.md, session 28).
     */
    public static DetectorParams defaults() {
        return defaultsWithShiftH(StanceShiftThreshold.forConfiguredSource());
    }

    /** The defaults with this stance-shift h (the hard-label test's): what {@link StanceShiftThreshold} derives h on. */
    static DetectorParams defaultsWithShiftH(double shiftCusumH) {
        StanceCalibration c = StanceCalibration.shared();
        return new DetectorParams(0.20, shiftCusumH, 7, 0.10, 15, 40, 56, 56, 0.03,
                1e-8, 10, 2.5, 28, 56, 0.05, 7, true, false, false,
                clamp(c.articleVarianceRatio()), clamp(c.discriminationGap(StanceCalibration.AGAINST)), 6.25, true,
                clamp(c.discriminationGap(StanceCalibration.FAVOR)), false);
    }

    private static double clamp(double measured) {
        return Math.min(1, Math.max(0.01, measured));
    }

    /** Days of history a decision on one day depends on (baselines, windows and cooldown). */
    public int lookbackDays() {
        return Math.max(Math.max(shiftBaselineDays, shiftDispersionDays) + shiftGapDays(),
                Math.max(burstBaselineDays, burstWeekdayDays)) + cooldownDays;
    }

    /** Days between the baseline's end and the tested day: the CUSUM window, so the baseline never overlaps it. */
    public int shiftGapDays() {
        return shiftCusumDays;
    }

    /** A copy with the keys in {@code overrides} (suffixes from {@link #KEYS}) replaced; unknown keys are an error. */
    public DetectorParams with(Map<String, String> overrides, String source) {
        Object[] v = {shiftDelta, shiftCusumH, shiftCusumDays, shiftMinEffect, shiftMinRecentArticles,
                shiftMinBaselineArticles, shiftBaselineDays, shiftDispersionDays, shiftMinDayToDaySd, burstPValue, burstMinArticles,
                burstMinRatio, burstBaselineDays, burstWeekdayDays, burstMinDispersion, cooldownDays, enabled, shiftGlr,
                shiftExpectedCounts, shiftExpectedVarianceRatio, shiftExpectedEffectScale,
                shiftExpectedCusumH, shiftExpectedPersistentJitter, shiftExpectedFavorEffectScale, shiftExpectedFloorIndependent};
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            int i = indexOf(e.getKey());
            if (i < 0) {
                throw new IllegalArgumentException("Unknown alert setting '" + source + e.getKey()
                        + "': expected one of " + String.join(", ", KEYS));
            }
            String raw = e.getValue().trim();
            try {
                v[i] = v[i] instanceof Integer ? (Object) Integer.parseInt(raw)
                        : v[i] instanceof Boolean ? (Object) parseBoolean(raw)
                        : (Object) Double.parseDouble(raw);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("Alert setting '" + source + e.getKey() + "' has value '" + raw
                        + "', which is not a valid " + v[i].getClass().getSimpleName().toLowerCase(), ex);
            }
        }
        try {
            return new DetectorParams((double) v[0], (double) v[1], (int) v[2], (double) v[3], (int) v[4], (int) v[5],
                    (int) v[6], (int) v[7], (double) v[8], (double) v[9], (int) v[10], (double) v[11], (int) v[12],
                    (int) v[13], (double) v[14], (int) v[15], (boolean) v[16], (boolean) v[17], (boolean) v[18],
                    (double) v[19], (double) v[20], (double) v[21], (boolean) v[22], (double) v[23], (boolean) v[24]);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("Alert settings with prefix '" + source + "': " + ex.getMessage(), ex);
        }
    }

    static int indexOf(String key) {
        for (int i = 0; i < KEYS.length; i++) {
            if (KEYS[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean parseBoolean(String raw) {
        if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(raw);
        }
        throw new IllegalArgumentException("not true/false");
    }

    private static void requirePositive(String name, double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
    }

    private static void requireRange(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + value);
        }
    }

}
