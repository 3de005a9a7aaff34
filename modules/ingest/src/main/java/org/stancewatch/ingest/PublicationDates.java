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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses publication dates: ISO-8601 dates and date-times (JSON Lines, Atom), RFC-822 dates (RSS pubDate), and
 * dates as written in running text ({@link #findWritten}: "12 July 2017", "July 12, 2017", "08.07.2017").
 */
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

    /** A date written in text, found at {@code [start, end)}; {@code weekday} when a weekday name led it. */
    public record WrittenDate(LocalDate date, boolean weekday, int start, int end) {}

    private static final String MONTH = "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
            + "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
    private static final String WEEKDAY = "((?:mon|tue(?:s)?|wed(?:nes)?|thu(?:r(?:s)?)?|fri|sat(?:ur)?|sun)(?:day)?\\.?,?\\s+)?";
    /** "12 July 2017", "Sunday, 20 January 2019", "1st Aug. 2017". */
    private static final Pattern DAY_MONTH_YEAR = Pattern.compile("\\b" + WEEKDAY + "(\\d{1,2})(?:st|nd|rd|th)?\\s+"
            + MONTH + "\\.?,?\\s+(\\d{4})\\b", Pattern.CASE_INSENSITIVE);
    /** "July 12, 2017", "Wednesday, July 12, 2017", "JULY 7, 2017". */
    private static final Pattern MONTH_DAY_YEAR = Pattern.compile("\\b" + WEEKDAY + MONTH
            + "\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b", Pattern.CASE_INSENSITIVE);
    /** "08.07.2017", "08-07-2017" (day first, as in Europe), "13/07/2017" (slashes only when unambiguous). */
    private static final Pattern NUMERIC = Pattern.compile("(?<![\\d./-])(\\d{1,2})([./-])(\\d{1,2})\\2(\\d{4})(?![./-]?\\d)");
    private static final Pattern ISO_DAY = Pattern.compile("(?<![\\d-])(\\d{4})-(\\d{2})-(\\d{2})(?![\\d-])");

    /**
     * Every date written in {@code text}, in order. English month names (full or abbreviated), an optional leading
     * weekday, ISO days, and numeric days with dots or dashes read day first ("08.07.2017" is 8 July, as European
     * outlets write it). With slashes the order is only known when one number exceeds 12 ("13/07/2017",
     * "07/13/2017"); "08/07/2017" is ambiguous and not taken. Impossible days (31 June) are not dates.
     */
    public static List<WrittenDate> findWritten(String text) {
        List<WrittenDate> found = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return found;
        }
        Matcher m = DAY_MONTH_YEAR.matcher(text);
        while (m.find()) {
            add(found, m, m.group(4), month(m.group(3)), m.group(2));
        }
        m = MONTH_DAY_YEAR.matcher(text);
        while (m.find()) {
            add(found, m, m.group(4), month(m.group(2)), m.group(3));
        }
        m = NUMERIC.matcher(text);
        while (m.find()) {
            int a = Integer.parseInt(m.group(1));
            int b = Integer.parseInt(m.group(3));
            if (!m.group(2).equals("/")) {
                add(found, m, m.group(4), b, m.group(1));
            } else if (a > 12 && b <= 12) {
                add(found, m, m.group(4), b, m.group(1));
            } else if (b > 12 && a <= 12) {
                add(found, m, m.group(4), a, m.group(3));
            }
        }
        m = ISO_DAY.matcher(text);
        while (m.find()) {
            add(found, m, m.group(1), Integer.parseInt(m.group(2)), m.group(3));
        }
        found.sort(Comparator.comparingInt(WrittenDate::start));
        // The patterns cannot overlap in practice, but keep the first of any overlapping pair to be sure.
        List<WrittenDate> distinct = new ArrayList<>();
        for (WrittenDate d : found) {
            if (distinct.isEmpty() || d.start() >= distinct.get(distinct.size() - 1).end()) {
                distinct.add(d);
            }
        }
        return distinct;
    }

    /** {@code text} (surrounding spaces and a final full stop aside) is exactly one written date; else an exception. */
    public static LocalDate parseWritten(String text) {
        String s = text == null ? "" : text.strip();
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        List<WrittenDate> dates = findWritten(s);
        if (dates.size() != 1 || dates.get(0).start() != 0 || dates.get(0).end() != s.length()) {
            throw new IllegalArgumentException("not a date as written in text: '" + s + "' (expected e.g. 12 July 2017, "
                    + "July 12, 2017, 08.07.2017 or 2017-07-12)");
        }
        return dates.get(0).date();
    }

    private static void add(List<WrittenDate> found, Matcher m, String year, int month, String day) {
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(year), month, Integer.parseInt(day));
            boolean weekday = m.groupCount() >= 1 && m.pattern() != NUMERIC && m.pattern() != ISO_DAY && m.group(1) != null;
            found.add(new WrittenDate(date, weekday, m.start(), m.end()));
        } catch (java.time.DateTimeException impossible) {
            // "31 June 2017", "45.07.2017": digits that look like a date but are none.
        }
    }

    private static int month(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        String[] months = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
        for (int i = 0; i < months.length; i++) {
            if (n.startsWith(months[i])) {
                return i + 1;
            }
        }
        throw new IllegalStateException("pattern admits only month names: " + name);
    }
}
