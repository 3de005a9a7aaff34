package org.stancewatch.pipeline.alerts;

import java.time.LocalDate;
import org.stancewatch.events.AlertKind;

/**
 * A fired test, before it is dressed as a {@link org.stancewatch.events.StanceShiftAlert}.
 *
 * @param windowStart first day of the recent window the test compared against the baseline
 * @param baselineDays number of days in the baseline window
 */
public record Detection(AlertKind kind, LocalDate day, String direction, String metric, double before, double after,
                        long beforeN, long afterN, String statistic, double statisticValue, double threshold,
                        LocalDate windowStart, int baselineDays) {

    public static final String TOWARD_AGAINST = "TOWARD_AGAINST";
    public static final String TOWARD_FAVOR = "TOWARD_FAVOR";
    public static final String UP = "UP";
}
