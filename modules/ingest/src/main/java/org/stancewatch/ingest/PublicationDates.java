package org.stancewatch.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses publication dates: ISO-8601 dates and date-times (JSON Lines, Atom) and RFC-822 dates (RSS pubDate). */
public final class PublicationDates {

    /** A parsed date: either only the day ({@code date}) or an exact instant ({@code instant}); the other is null. */
    public record Published(LocalDate date, Instant instant) {
        public static Published day(LocalDate d) { return new Published(d, null); }
        public static Published at(Instant i) { return new Published(null, i); }
    }

    /**
     * RFC-822 as found in real feeds: optional weekday, 1- or 2-digit day, optional seconds, and a numeric
     * offset or a zone name. The JDK's RFC_1123 formatter alone rejects missing seconds, lower case and zone
     * names other than GMT, all of which real feeds use; 2-digit years are expanded before parsing.
     */
    private static final DateTimeFormatter RFC_822_LENIENT = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .optionalStart().appendPattern("EEE").optionalStart().appendLiteral(',').optionalEnd()
            .appendLiteral(' ').optionalEnd()
            .appendPattern("d MMM ")
            .appendValue(ChronoField.YEAR, 4)
            .appendPattern(" HH:mm[:ss] ")
            .optionalStart().appendPattern("XX").optionalEnd()
            .optionalStart().appendPattern("z").optionalEnd()
            .toFormatter(Locale.ENGLISH);

    private PublicationDates() {
    }

    /** ISO-8601 first, then RFC-822. A date-time without an offset is taken as UTC. */
    public static Published parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty date");
        }
        try {
            return parseIso(s);
        } catch (DateTimeParseException isoFailure) {
            try {
                return Published.at(parseRfc822(s));
            } catch (DateTimeParseException rfcFailure) {
                throw new IllegalArgumentException("unparseable date '" + s + "' (expected ISO-8601 such as "
                        + "2017-07-21 or 2017-07-21T10:15:00Z, or RFC-822 such as Sat, 08 Jul 2017 10:15:00 GMT)");
            }
        }
    }

    static Published parseIso(String s) {
        if (s.length() == 10) {
            return Published.day(LocalDate.parse(s, DateTimeFormatter.ISO_LOCAL_DATE));
        }
        try {
            return Published.at(OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeParseException noOffset) {
            return Published.at(LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC));
        }
    }

    /** RFC-822's zone names are fixed offsets (EST is always -0500), unlike java.time's region-based names. */
    private static final Map<String, String> RFC_822_ZONES = Map.of(
            "UT", "+0000", "GMT", "+0000",
            "EST", "-0500", "EDT", "-0400", "CST", "-0600", "CDT", "-0500",
            "MST", "-0700", "MDT", "-0600", "PST", "-0800", "PDT", "-0700");

    private static final Pattern TWO_DIGIT_YEAR = Pattern.compile("^(.*?\\b\\d{1,2} [A-Za-z]{3} )(\\d{2})( .*)$");

    /** RFC-822 / RFC-1123 date-time, as in RSS 2.0 {@code pubDate}. */
    public static Instant parseRfc822(String text) {
        String s = text.strip().replaceAll("\\s+", " ");
        Matcher twoDigits = TWO_DIGIT_YEAR.matcher(s);
        if (twoDigits.matches()) {
            // RFC 2822 section 4.3: 2-digit years below 50 are 20xx, others 19xx.
            int yy = Integer.parseInt(twoDigits.group(2));
            s = twoDigits.group(1) + (yy < 50 ? 2000 + yy : 1900 + yy) + twoDigits.group(3);
        }
        int lastSpace = s.lastIndexOf(' ');
        if (lastSpace > 0) {
            String zone = RFC_822_ZONES.get(s.substring(lastSpace + 1).toUpperCase(Locale.ROOT));
            if (zone != null) {
                s = s.substring(0, lastSpace + 1) + zone;
            }
        }
        try {
            return ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException strictFailure) {
            return ZonedDateTime.parse(s, RFC_822_LENIENT).toInstant();
        }
    }
}
