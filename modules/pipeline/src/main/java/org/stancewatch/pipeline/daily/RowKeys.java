package org.stancewatch.pipeline.daily;

import java.time.LocalDate;

/**
 * Keys of `mentions.daily`: {@code actorId|YYYY-MM-DD} for all outlets, {@code actorId|YYYY-MM-DD|outlet}
 * for one outlet. Actor ids cannot contain '|'; an outlet may (it is the last field).
 */
public final class RowKeys {

    private RowKeys() {
    }

    public static String daily(String actorId, LocalDate day) {
        return actorId + "|" + day;
    }

    public static String dailyOutlet(String actorId, LocalDate day, String outlet) {
        return actorId + "|" + day + "|" + outlet;
    }

    /** Parts of a key: [actorId, day] or [actorId, day, outlet]. */
    static String[] parse(String key) {
        return key.split("\\|", 3);
    }
}
