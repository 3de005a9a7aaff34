package org.stancewatch.nlp.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits scraped news text into sentences whose offsets point into the original text.
 *
 * <p>Hand-written rather than {@link java.text.BreakIterator} because scraped text needs rules the
 * JDK iterator lacks: it keeps "completely.The" as one sentence, splits after "Brig." and "Gen.",
 * and ignores line structure (headlines and bylines without final punctuation). Stateless, so
 * one instance may be shared by threads.
 */
public final class SentenceSplitter {

    /** Lower-case abbreviations (without the dot) after which a '.' does not end a sentence. */
    private static final Set<String> ABBREVIATIONS = Set.of(
            "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "ft", "rev", "hon",
            "gen", "brig", "col", "lt", "maj", "capt", "cpt", "sgt", "cpl", "pvt", "adm", "cmdr", "cdr", "gov",
            "sen", "rep", "pres", "amb", "sec", "dept", "univ", "inc", "ltd", "co", "corp", "bros", "no", "nos",
            "vs", "approx", "est", "fig", "vol", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
            "oct", "nov", "dec", "al", "e.g", "i.e", "cf");

    public List<Sentence> split(String text) {
        List<Sentence> sentences = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return sentences;
        }
        String norm = TextNormalizer.normalize(text);
        int n = norm.length();
        int segmentStart = 0;
        int i = 0;
        while (i < n) {
            char c = norm.charAt(i);
            if (c == '\n') {
                if (isLineBreakBoundary(norm, i)) {
                    add(sentences, text, segmentStart, i);
                    segmentStart = i + 1;
                }
                i++;
                continue;
            }
            if (c == '.' || c == '!' || c == '?') {
                int end = i + 1;
                while (end < n && (norm.charAt(end) == '.' || norm.charAt(end) == '!' || norm.charAt(end) == '?')) {
                    end++;
                }
                while (end < n && isClosing(norm.charAt(end))) {
                    end++;
                }
                if (isSentenceEnd(norm, i, end)) {
                    add(sentences, text, segmentStart, end);
                    segmentStart = end;
                }
                i = end;
                continue;
            }
            i++;
        }
        add(sentences, text, segmentStart, n);
        return sentences;
    }

    /** A newline ends a sentence unless the text plainly runs on (previous line unfinished, next one lower-case). */
    private static boolean isLineBreakBoundary(String s, int newline) {
        int next = newline + 1;
        while (next < s.length() && s.charAt(next) == ' ') {
            next++;
        }
        if (next >= s.length() || s.charAt(next) == '\n') {
            return true;
        }
        int prev = newline - 1;
        while (prev >= 0 && s.charAt(prev) == ' ') {
            prev--;
        }
        if (prev < 0 || s.charAt(prev) == '\n') {
            return true;
        }
        boolean nextLower = Character.isLowerCase(s.charAt(next));
        boolean prevUnfinished = Character.isLetterOrDigit(s.charAt(prev)) || s.charAt(prev) == ',';
        return !(nextLower && prevUnfinished);
    }

    private static boolean isClosing(char c) {
        return c == '"' || c == '\'' || c == ')' || c == ']';
    }

    /**
     * @param punct index of the first terminal punctuation char
     * @param end   index just after the punctuation and any closing quotes/brackets
     */
    private static boolean isSentenceEnd(String s, int punct, int end) {
        int n = s.length();
        if (end >= n) {
            return true;
        }
        char after = s.charAt(end);
        boolean period = s.charAt(punct) == '.' && end == punct + 1;
        if (after == ' ' || after == '\n') {
            int next = end;
            while (next < n && (s.charAt(next) == ' ' || s.charAt(next) == '\n')) {
                next++;
            }
            if (next >= n) {
                return true;
            }
            char first = s.charAt(next);
            if (Character.isLowerCase(first)) {
                return false;
            }
            if (period && isAbbreviationOrInitial(s, punct)) {
                return false;
            }
            return Character.isUpperCase(first) || Character.isDigit(first) || first == '"' || first == '\''
                    || first == '(' || first == '[' || first == '-' || !Character.isLetter(first);
        }
        // Glued sentences from scraping: "completely.The" (a lower-case word, then a capitalised word).
        if (period && Character.isUpperCase(after) && end + 1 < n && Character.isLowerCase(s.charAt(end + 1))) {
            String before = wordBefore(s, punct);
            return before.length() >= 2 && Character.isLowerCase(before.charAt(before.length() - 1))
                    && !ABBREVIATIONS.contains(before.toLowerCase(Locale.ROOT));
        }
        return false;
    }

    private static boolean isAbbreviationOrInitial(String s, int dot) {
        String word = wordBefore(s, dot);
        if (word.isEmpty()) {
            return false;
        }
        if (word.length() == 1 && Character.isUpperCase(word.charAt(0))) {
            return true; // an initial: "George W. Bush", "U.S."
        }
        if (word.indexOf('.') >= 0 && word.length() <= 5) {
            return true; // dotted acronyms: "U.S", "U.N", "e.g"
        }
        return ABBREVIATIONS.contains(word.toLowerCase(Locale.ROOT));
    }

    /** The run of letters and inner dots right before {@code dot}. */
    private static String wordBefore(String s, int dot) {
        int start = dot;
        while (start > 0 && (Character.isLetter(s.charAt(start - 1)) || s.charAt(start - 1) == '.')) {
            start--;
        }
        return s.substring(start, dot);
    }

    private static void add(List<Sentence> out, String original, int from, int to) {
        while (from < to && Character.isWhitespace(TextNormalizer.normalize(original.charAt(from)))) {
            from++;
        }
        while (to > from && Character.isWhitespace(TextNormalizer.normalize(original.charAt(to - 1)))) {
            to--;
        }
        if (to > from) {
            out.add(new Sentence(from, to, original.substring(from, to)));
        }
    }
}
