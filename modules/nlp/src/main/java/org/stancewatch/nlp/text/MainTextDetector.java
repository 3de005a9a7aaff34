package org.stancewatch.nlp.text;

import org.stancewatch.nlp.match.Mention;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds where trailing boilerplate starts: scraped pages often end with an unrelated item (a
 * football transfer, a "related stories" teaser). The rule is general: the main text ends at the
 * earliest line from which the rest of the text shares no actor with the text before it and
 * only a small share of its content words; lines that repeat an earlier line (a headline printed
 * again at the bottom) are ignored when judging, but are cut along with the tail.
 */
public final class MainTextDetector {

    /** A tail needs this many distinct content words to be judged at all; shorter ones carry too little evidence. */
    static final int MIN_TAIL_WORDS = 8;
    /** At most this share of a tail's content words may also occur before it for the tail to count as unrelated. */
    static final double MAX_SHARED_WORD_SHARE = 0.25;

    private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z'-]*[A-Za-z]");

    private record Line(int start, int end, String key) {
    }

    /** Offset where trailing unrelated boilerplate starts, or {@code text.length()} if there is none. */
    public int mainTextEnd(String text, List<Sentence> sentences, List<Mention> mentions) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        String norm = TextNormalizer.normalize(text);
        List<Line> lines = lines(norm);
        if (lines.size() < 2) {
            return text.length();
        }
        for (int cut = 1; cut < lines.size(); cut++) {
            Set<String> headKeys = new HashSet<>();
            Set<String> headWords = new HashSet<>();
            Set<String> headActors = new HashSet<>();
            for (int i = 0; i < cut; i++) {
                Line line = lines.get(i);
                headKeys.add(line.key());
                headWords.addAll(contentWords(norm.substring(line.start(), line.end())));
                headActors.addAll(actorsIn(mentions, line));
            }
            Set<String> tailWords = new HashSet<>();
            Set<String> tailActors = new HashSet<>();
            for (int i = cut; i < lines.size(); i++) {
                Line line = lines.get(i);
                if (headKeys.contains(line.key())) {
                    continue;
                }
                tailWords.addAll(contentWords(norm.substring(line.start(), line.end())));
                tailActors.addAll(actorsIn(mentions, line));
            }
            if (tailWords.size() < MIN_TAIL_WORDS || headWords.size() < tailWords.size()) {
                continue;
            }
            tailActors.retainAll(headActors);
            if (!tailActors.isEmpty()) {
                continue;
            }
            long shared = tailWords.stream().filter(headWords::contains).count();
            if (shared <= MAX_SHARED_WORD_SHARE * tailWords.size()) {
                return lines.get(cut).start();
            }
        }
        return text.length();
    }

    private static Set<String> actorsIn(List<Mention> mentions, Line line) {
        Set<String> ids = new HashSet<>();
        if (mentions != null) {
            for (Mention m : mentions) {
                if (m.start() >= line.start() && m.start() < line.end()) {
                    ids.add(m.actorId());
                }
            }
        }
        return ids;
    }

    static Set<String> contentWords(String s) {
        Set<String> words = new HashSet<>();
        Matcher m = WORD.matcher(s);
        while (m.find()) {
            String w = m.group().toLowerCase(Locale.ROOT);
            if (w.endsWith("'s")) {
                w = w.substring(0, w.length() - 2);
            }
            if (w.length() >= 3 && !Vocabulary.STOPWORDS.contains(w)) {
                words.add(w);
            }
        }
        return words;
    }

    private static List<Line> lines(String norm) {
        List<Line> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= norm.length(); i++) {
            if (i == norm.length() || norm.charAt(i) == '\n') {
                String content = norm.substring(start, i).strip();
                if (!content.isEmpty()) {
                    int s = start;
                    while (Character.isWhitespace(norm.charAt(s))) {
                        s++;
                    }
                    lines.add(new Line(s, i, content.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ")));
                }
                start = i + 1;
            }
        }
        return lines;
    }
}
