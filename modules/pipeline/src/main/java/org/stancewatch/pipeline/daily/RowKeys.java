package org.stancewatch.pipeline.daily;

import java.time.LocalDate;

/**
 * Keys of `mentions.daily`: {@code actorId|YYYY-MM-DD} for all outlets, {@code actorId|YYYY-MM-DD|outlet}
 * for one outlet; {@link #UNDATED} in place of the day for the articles with no publication date (a null day).
 * Actor ids cannot contain '|'; an outlet may (it is the last field).
 */
public final class RowKeys {

    private RowKeys() {
    }

    /** The day part of an undated row's key. */
    public static final String UNDATED = "undated";

    public static String daily(String actorId, LocalDate day) {
        return actorId + "|" + dayPart(day);
    }

    public static String dailyOutlet(String actorId, LocalDate day, String outlet) {
        return actorId + "|" + dayPart(day) + "|" + outlet;
    }

    /** The day of a key's day part; null for {@link #UNDATED}. */
    public static LocalDate day(String dayPart) {
        return UNDATED.equals(dayPart) ? null : LocalDate.parse(dayPart);
    }

    private static String dayPart(LocalDate day) {
        return day == null ? UNDATED : day.toString();
    }

    /** Parts of a key: [actorId, day] or [actorId, day, outlet]. */
    static String[] parse(String key) {
        return key.split("\\|", 3);
    }
}
