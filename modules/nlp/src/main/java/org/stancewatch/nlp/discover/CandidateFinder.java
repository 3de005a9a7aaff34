package org.stancewatch.nlp.discover;

import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.catalogue.ActorEntry;
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

    /** Capitalised only as part of a longer title ("Iraqi Embassy"): never a candidate alone. */
    private static final Set<String> GENERIC_NOUNS = Set.of("embassy", "ministry", "government", "army", "forces", "police",
            "province", "affairs", "charge", "council", "committee", "department", "office", "city", "state", "court",
            "parliament", "agency", "party", "front", "union", "republic", "kingdom", "region", "district", "fatwa");

    private final SentenceSplitter splitter = new SentenceSplitter();
    private final Set<String> knownAliases;

    /** Reports every uncovered proper-noun sequence. */
    public CandidateFinder() {
        this.knownAliases = Set.of();
    }

    /**
     * Also leaves out names that are aliases of {@code catalogue} but were not counted as mentions
     * here (a demonym without a state noun, a country named only as a place): they are not missing.
     */
    public CandidateFinder(ActorCatalogue catalogue) {
        Set<String> known = new HashSet<>();
        for (ActorEntry e : catalogue.all()) {
            e.aliases().forEach(a -> known.add(a.toLowerCase(Locale.ROOT)));
            e.caseSensitiveAliases().forEach(a -> known.add(a.toLowerCase(Locale.ROOT)));
            e.roleAliases().forEach(r -> known.add(r.alias().toLowerCase(Locale.ROOT)));
        }
        this.knownAliases = Set.copyOf(known);
    }

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
            if (isShouting(sentence) || isTitleCaseHeadline(sentence)) {
                continue;
            }
            List<String> run = new ArrayList<>();
            boolean runAtSentenceStart = false;
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
                    flush(run, counts, runAtSentenceStart);
                }
                String bare = token.endsWith("'s") ? token.substring(0, token.length() - 2) : token;
                boolean possessive = !bare.equals(token);
                String lower = bare.toLowerCase(Locale.ROOT);
                // A known alias opening a run ("in Damascus Riad al-Tai") is not part of the new name;
                // inside one ("Real Madrid") it is.
                boolean isCovered = covered[absStart] || (run.isEmpty() && knownAliases.contains(lower));
                // "Iranian-backed", "ISIS-held": a name used as a modifier, not a name of its own.
                boolean modifier = bare.matches(".*-[a-z]+");
                boolean capitalised = !modifier && (Character.isUpperCase(bare.charAt(0)) || ARABIC_PREFIXED.matcher(bare).matches());
                boolean common = Vocabulary.STOPWORDS.contains(lower) || Vocabulary.MONTHS_AND_DAYS.contains(lower)
                        || (sentenceInitial && lowerCaseWords.contains(lower)) || (bare.length() == 1);
                if (isCovered || !capitalised || common) {
                    if (!isCovered && !run.isEmpty() && CONNECTORS.contains(token) && adjacent) {
                        run.add(token); // may be trimmed again if no name follows
                    } else {
                        flush(run, counts, runAtSentenceStart);
                    }
                } else if (run.isEmpty() && TITLES.contains(lower)) {
                    // a title before a name is not part of the name
                } else {
                    if (run.isEmpty()) {
                        runAtSentenceStart = sentenceInitial;
                    }
                    run.add(bare);
                }
                if (possessive) {
                    flush(run, counts, runAtSentenceStart);
                }
                lastEnd = m.end();
            }
            flush(run, counts, runAtSentenceStart);
        }
        // Count spellings that differ only in case ("al-Tai", "Al-Tai") together, under the first one seen.
        Map<String, String> display = new LinkedHashMap<>();
        Map<String, Integer> merged = new LinkedHashMap<>();
        counts.forEach((name, count) -> {
            String key = name.toLowerCase(Locale.ROOT);
            display.putIfAbsent(key, name);
            merged.merge(key, count, Integer::sum);
        });
        List<Candidate> out = new ArrayList<>();
        merged.forEach((key, count) -> {
            if (!knownAliases.contains(key)) {
                out.add(new Candidate(display.get(key), count));
            }
        });
        out.sort(Comparator.comparingInt(Candidate::count).reversed().thenComparing(Candidate::name));
        return out;
    }

    /**
     * A lone capitalised word opening a sentence is as likely a common word ("Double blow") as a name; so is one
     * followed only by a tracked name ("Thousands of Iraqi families").
     */
    private void flush(List<String> run, Map<String, Integer> counts, boolean atSentenceStart) {
        if (atSentenceStart && run.stream().filter(w -> !CONNECTORS.contains(w)
                && !knownAliases.contains(w.toLowerCase(Locale.ROOT))).count() <= 1) {
            run.clear();
            return;
        }
        flush(run, counts);
    }

    private static void flush(List<String> run, Map<String, Integer> counts) {
        while (!run.isEmpty() && CONNECTORS.contains(run.get(run.size() - 1))) {
            run.remove(run.size() - 1);
        }
        while (!run.isEmpty() && TITLES.contains(run.get(run.size() - 1).toLowerCase(Locale.ROOT))) {
            run.remove(run.size() - 1);
        }
        boolean generic = run.size() == 1 && GENERIC_NOUNS.contains(run.get(0).toLowerCase(Locale.ROOT));
        if (!run.isEmpty() && !generic) {
            counts.merge(String.join(" ", run), 1, Integer::sum);
        }
        run.clear();
    }

    /** "Mosul Liberation Broke ISIS Back, Proved Iraqi People' Unity": a headline in title case. */
    private static boolean isTitleCaseHeadline(String sentence) {
        String trimmed = sentence.strip();
        if (trimmed.endsWith(".") || trimmed.endsWith("?") || trimmed.endsWith("!") || trimmed.endsWith("\"")) {
            return false;
        }
        int words = 0;
        int capitalised = 0;
        Matcher m = TOKEN.matcher(trimmed);
        while (m.find()) {
            String t = m.group();
            if (t.length() > 3) {
                words++;
                if (Character.isUpperCase(t.charAt(0))) {
                    capitalised++;
                }
            }
        }
        return words >= 4 && capitalised * 10 >= words * 7;
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
