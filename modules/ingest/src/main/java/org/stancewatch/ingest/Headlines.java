package org.stancewatch.ingest;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The headline of a raw text (a saved or scraped page), chosen among the lines before its first paragraph
 * ({@link TextDates#topEnd}). Skipped: date lines and bylines ("Sunday, 20 January 2019", "Posted on by X",
 * "08.07.2017"), breadcrumbs ("Main » ..."), and a short line of at most three words between two such lines ("Latest news"
 * between the page date and a breadcrumb, an outlet name between a byline and a date). The first line left is the
 * headline. With none, the title is the lead paragraph, cut at a word boundary near 120 characters.
 */
public final class Headlines {

    /** Lines longer than this are not headlines. */
    private static final int MAX_HEADLINE_WORDS = 30;
    private static final int MAX_CHROME_WORDS = 3;
    private static final Pattern BYLINE = Pattern.compile(
            "^(posted (on|by|in)|published|updated|last updated|written by|by\\s+[A-Z\\p{Ll}]).*", Pattern.CASE_INSENSITIVE);
    private static final Pattern BREADCRUMB = Pattern.compile(".*(\u00bb|\u203a| > ).*");
    private static final Pattern HAS_LETTER = Pattern.compile(".*\\p{L}.*");

    private Headlines() {
    }

    /** The headline of {@code lines} (the text after any header lines), or the lead cut short; null for no text. */
    public static String choose(List<String> lines) {
        int top = TextDates.topEnd(lines);
        for (int i = 0; i < top; i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || isFurniture(line)) {
                continue;
            }
            if (TextDates.words(line) <= MAX_CHROME_WORDS) {
                String previous = previousNonEmpty(lines, i - 1);
                String next = nextNonEmpty(lines, i + 1);
                if (previous != null && isFurniture(previous) && next != null && isFurniture(next)) {
                    continue;
                }
            }
            if (TextDates.words(line) <= MAX_HEADLINE_WORDS) {
                return line;
            }
        }
        for (int i = top; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !isFurniture(line)) {
                return ArticleValidator.titleFromBody(line);
            }
        }
        return lines.stream().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(null);
    }

    /** Dates, bylines, breadcrumbs and lines without letters: page furniture, never the headline. */
    static boolean isFurniture(String line) {
        // A byline is short: "By the numbers: how Mosul was retaken" is a headline.
        return TextDates.dateOfDateLine(line) != null || (BYLINE.matcher(line).matches() && TextDates.words(line) <= 6)
                || BREADCRUMB.matcher(line).matches() || !HAS_LETTER.matcher(line).matches();
    }

    private static String previousNonEmpty(List<String> lines, int from) {
        for (int i = from; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return lines.get(i).strip();
            }
        }
        return null;
    }

    private static String nextNonEmpty(List<String> lines, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                return lines.get(i).strip();
            }
        }
        return null;
    }
}
