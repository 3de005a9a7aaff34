package org.stancewatch.ingest;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stancewatch.ingest.PublicationDates.WrittenDate;

/**
 * The publication date a raw text states about itself, for texts without a date header (scraped pages).
 *
 * <p>Only the top of the text is read: its lines before the first paragraph ({@link #topEnd}), and the start of
 * that paragraph. Ranked, strongest first:
 * <ol>
 *   <li>{@link DateSource#TEXT_DATELINE}: a line that is a date ("12 July 2017", "08.07.2017"), or a byline with one
 *   ("Posted on July 8, 2017 by X", "Published: 2017-07-12 10:15"), the top-most such line; else a dateline opening
 *   the first paragraph ("BAGHDAD, July 12, 2017 — ...").</li>
 *   <li>{@link DateSource#PAGE_DATE}: a weekday-led date as the text's first line ("Sunday, 20 January 2019"):
 *   that is where sites print the day the page was viewed, so it is only a last resort.</li>
 * </ol>
 * Dates further down the body ("On July 10, ...", "from June 2014 to July 2017") are never taken: they are
 * as often about events as about the article. Dates after {@code latest} (the future) are not publication dates.
 */
public final class TextDates {

    /** The date found and which rule found it. */
    public record Found(LocalDate date, DateSource source) {}

    /** The top of a page is a handful of lines; a "top" longer than this is body text without paragraphs. */
    static final int MAX_TOP_LINES = 12;
    private static final int MAX_DATE_LINE_WORDS = 12;
    private static final Pattern BYLINE = Pattern.compile(
            "^(posted|published|updated|last updated|written|by|date|dated|on)\\b.*", Pattern.CASE_INSENSITIVE);
    /** What may surround a date on a date line: a time, a zone, separators. */
    private static final Pattern TIME_AND_PUNCTUATION = Pattern.compile(
            "(\\b\\d{1,2}:\\d{2}(:\\d{2})?(\\s*[ap]\\.?m\\.?)?(\\s*[A-Z]{2,4}\\b)?)|[|,:;()\\[\\]\\-\u2013\u2014/\u00b7\u2022]",
            Pattern.CASE_INSENSITIVE);
    /** "BAGHDAD, " or "MOSUL, Iraq (Reuters) " before the date at the start of a paragraph. */
    private static final Pattern DATELINE_PLACE = Pattern.compile("^[A-Z][A-Z.'\u2019-]+( [A-Z][A-Z.'\u2019-]+)*"
            + "(, [A-Z][A-Za-z.'-]+( [A-Z][A-Za-z.'-]+)*)?( \\([A-Za-z .'-]+\\))?[,:]?\\s*$");
    private static final Pattern DATELINE_END = Pattern.compile("^\\s*[-\u2013\u2014:(]");

    private TextDates() {
    }

    /** The best-ranked date the top of {@code lines} states, if any (see the class comment). */
    public static Optional<Found> find(List<String> lines, LocalDate latest) {
        int top = topEnd(lines);
        Found page = null;
        boolean first = true;
        for (int i = 0; i < top; i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            WrittenDate d = dateOfDateLine(line);
            if (d != null && plausible(d.date(), latest)) {
                if (first && d.weekday() && d.start() == 0) {
                    page = new Found(d.date(), DateSource.PAGE_DATE);
                } else {
                    return Optional.of(new Found(d.date(), DateSource.TEXT_DATELINE));
                }
            }
            first = false;
        }
        if (top < lines.size()) {
            LocalDate dateline = datelineOf(lines.get(top).strip());
            if (dateline != null && plausible(dateline, latest)) {
                return Optional.of(new Found(dateline, DateSource.TEXT_DATELINE));
            }
        }
        return Optional.ofNullable(page);
    }

    /**
     * Index of the first paragraph line: a line of running text (12+ words ending a sentence, or 30+ words, or over
     * 200 characters). At most {@link #MAX_TOP_LINES} non-empty lines count as the top.
     */
    static int topEnd(List<String> lines) {
        int nonEmpty = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (isParagraph(line) || ++nonEmpty > MAX_TOP_LINES) {
                return i;
            }
        }
        return lines.size();
    }

    static boolean isParagraph(String line) {
        int words = words(line);
        return line.length() > 200 || words >= 30 || (words >= 12 && line.matches(".*[.!?]['\"\u201d\u2019)]?$"));
    }

    /**
     * The date of a line that is a date or a byline with a date: exactly one written date, and apart from it
     * only a time, punctuation and (for bylines) a few words; null for any other line.
     */
    static WrittenDate dateOfDateLine(String line) {
        if (words(line) > MAX_DATE_LINE_WORDS) {
            return null;
        }
        List<WrittenDate> dates = PublicationDates.findWritten(line);
        if (dates.size() != 1) {
            return null;
        }
        WrittenDate d = dates.get(0);
        String rest = (line.substring(0, d.start()) + " " + line.substring(d.end()));
        rest = TIME_AND_PUNCTUATION.matcher(rest).replaceAll(" ").strip();
        if (rest.isEmpty() || rest.equals(".")) {
            return d;
        }
        return BYLINE.matcher(rest).matches() && words(rest) <= 8 ? d : null;
    }

    /** "BAGHDAD, July 12, 2017 — Iraqi forces ...": a date right at the start of a paragraph, then a dash. */
    static LocalDate datelineOf(String paragraph) {
        List<WrittenDate> dates = PublicationDates.findWritten(paragraph.substring(0, Math.min(paragraph.length(), 100)));
        if (dates.isEmpty()) {
            return null;
        }
        WrittenDate d = dates.get(0);
        String before = paragraph.substring(0, d.start());
        if (!before.isBlank() && !DATELINE_PLACE.matcher(before).matches()) {
            return null;
        }
        return DATELINE_END.matcher(paragraph.substring(d.end())).lookingAt() ? d.date() : null;
    }

    private static boolean plausible(LocalDate date, LocalDate latest) {
        return date.getYear() >= 1900 && (latest == null || !date.isAfter(latest));
    }

    static int words(String s) {
        String t = s.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }
}
