package org.stancewatch.nlp.discover;

import org.stancewatch.nlp.match.Mention;
import org.stancewatch.nlp.text.Sentence;
import org.stancewatch.nlp.text.SentenceSplitter;
import org.stancewatch.nlp.text.TextNormalizer;
import org.stancewatch.nlp.text.Vocabulary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Proper-noun sequences ("Karim al-Nouri", "Tribal Mobilization") that no actor mention covers:
 * candidates for the catalogue, with counts. Sentence-initial common words, months, days, titles
 * and all-capitals headlines are skipped. Stateless and thread-safe.
 */
public final class CandidateFinder {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]");
    /** Lower-case words allowed inside a name: "Bank of England", "Riad Hassoun al-Tai". */
    private static final Set<String> CONNECTORS = Set.of("of", "bin", "ibn", "de", "al", "el", "la", "van", "von", "der", "abu");
    private static final Pattern ARABIC_PREFIXED = Pattern.compile("(?:al|el|ad|ar|as|ash|at|az|an)-[A-Z].*");
    private static final Set<String> TITLES = Set.of("mr", "mrs", "ms", "dr", "president", "prime", "minister",
            "gen", "general", "brig", "col", "lt", "maj", "capt", "sgt", "sheikh", "ayatollah", "grand", "king",
            "queen", "prince", "sir", "lord", "commander", "spokesman", "chief", "deputy", "vice", "interviewed",
            "media", "caption", "latest", "news", "main", "posted", "read", "more", "related", "advertisement");

    private final SentenceSplitter splitter = new SentenceSplitter();

    public List<Candidate> find(String text, List<Mention> mentions) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        String norm = TextNormalizer.normalize(text);
        boolean[] covered = new boolean[norm.length()];
        if (mentions != null) {
            for (Mention m : mentions) {
                for (int i = Math.max(0, m.start()); i < Math.min(norm.length(), m.end()); i++) {
                    covered[i] = true;
                }
            }
        }
        Set<String> lowerCaseWords = new HashSet<>();
        Matcher all = TOKEN.matcher(norm);
        while (all.find()) {
            if (Character.isLowerCase(all.group().charAt(0))) {
                lowerCaseWords.add(all.group());
            }
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Sentence s : splitter.split(text)) {
            String sentence = norm.substring(s.start(), s.end());
            if (isShouting(sentence)) {
                continue;
            }
            List<String> run = new ArrayList<>();
            int lastEnd = -1;
            boolean first = true;
            Matcher m = TOKEN.matcher(sentence);
            while (m.find()) {
                String token = m.group();
                int absStart = s.start() + m.start();
                boolean sentenceInitial = first;
                first = false;
                boolean adjacent = lastEnd >= 0 && sentence.substring(lastEnd, m.start()).matches(" +");
                if (!adjacent) {
                    flush(run, counts);
                }
                String bare = token.endsWith("'s") ? token.substring(0, token.length() - 2) : token;
                boolean possessive = !bare.equals(token);
                String lower = bare.toLowerCase(Locale.ROOT);
                boolean isCovered = covered[absStart];
                boolean capitalised = Character.isUpperCase(bare.charAt(0)) || ARABIC_PREFIXED.matcher(bare).matches();
                boolean common = Vocabulary.STOPWORDS.contains(lower) || Vocabulary.MONTHS_AND_DAYS.contains(lower)
                        || (sentenceInitial && lowerCaseWords.contains(lower)) || (bare.length() == 1);
                if (isCovered || !capitalised || common) {
                    if (!isCovered && !run.isEmpty() && CONNECTORS.contains(token) && adjacent) {
                        run.add(token); // may be trimmed again if no name follows
                    } else {
                        flush(run, counts);
                    }
                } else if (run.isEmpty() && TITLES.contains(lower)) {
                    // a title before a name is not part of the name
                } else {
                    run.add(bare);
                }
                if (possessive) {
                    flush(run, counts);
                }
                lastEnd = m.end();
            }
            flush(run, counts);
        }
        List<Candidate> out = new ArrayList<>();
        counts.forEach((name, count) -> out.add(new Candidate(name, count)));
        out.sort(Comparator.comparingInt(Candidate::count).reversed().thenComparing(Candidate::name));
        return out;
    }

    private static void flush(List<String> run, Map<String, Integer> counts) {
        while (!run.isEmpty() && CONNECTORS.contains(run.get(run.size() - 1))) {
            run.remove(run.size() - 1);
        }
        while (!run.isEmpty() && TITLES.contains(run.get(run.size() - 1).toLowerCase(Locale.ROOT))) {
            run.remove(run.size() - 1);
        }
        if (!run.isEmpty()) {
            counts.merge(String.join(" ", run), 1, Integer::sum);
        }
        run.clear();
    }

    /** Headlines in capitals: every word looks like a name, so they tell nothing. */
    private static boolean isShouting(String sentence) {
        int words = 0;
        int upper = 0;
        Matcher m = TOKEN.matcher(sentence);
        while (m.find()) {
            String t = m.group();
            if (t.length() > 1) {
                words++;
                if (t.equals(t.toUpperCase(Locale.ROOT))) {
                    upper++;
                }
            }
        }
        return words >= 4 && upper * 2 > words;
    }
}
