package org.stancewatch.pipeline.holders;

import java.time.LocalDate;

/**
 * Keys of {@code stances.by-holder} and {@code holder-stances-store}: {@code holder|target|YYYY-MM-DD}
 * ({@code undated} for an article with no publication date), and of the by-target index store:
 * {@code target|holder|YYYY-MM-DD}. Actor ids have no '|' and {@link Holder} replaces it in outlet and speaker
 * ids, so every key has exactly three parts.
 */
public final class HolderKeys {

    public static final String UNDATED = "undated";

    private HolderKeys() {
    }

    public static String byHolder(String holder, String target, LocalDate day) {
        return holder + "|" + target + "|" + dayPart(day);
    }

    public static String byTarget(String holder, String target, LocalDate day) {
        return target + "|" + holder + "|" + dayPart(day);
    }

    /** [holder, target, day part] of a {@link #byHolder} key. */
    public static String[] parse(String key) {
        return key.split("\\|", 3);
    }

    /** The day of a key's day part; null for {@link #UNDATED}. */
    public static LocalDate day(String dayPart) {
        return UNDATED.equals(dayPart) ? null : LocalDate.parse(dayPart);
    }

    private static String dayPart(LocalDate day) {
        return day == null ? UNDATED : day.toString();
    }
}
