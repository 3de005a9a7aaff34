package org.stancewatch.app.http;

import java.time.LocalDate;

/** An inclusive range of publication days; both ends are always set (open ends use {@link #MIN}/{@link #MAX}). */
public record DateRange(LocalDate from, LocalDate to) {
    /** Bounds for "all time" that still format as four-digit ISO years, so they work as store-key bounds. */
    public static final LocalDate MIN = LocalDate.of(1000, 1, 1);
    public static final LocalDate MAX = LocalDate.of(9999, 12, 31);

    public DateRange {
        if (from == null) from = MIN;
        if (to == null) to = MAX;
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from " + from + " is after to " + to);
        }
    }

    public static DateRange all() {
        return new DateRange(MIN, MAX);
    }

    public boolean contains(LocalDate day) {
        return day != null && !day.isBefore(from) && !day.isAfter(to);
    }
}
