package org.stancewatch.nlp.match;

import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.catalogue.ActorEntry;
import org.stancewatch.nlp.catalogue.ActorKind;
import org.stancewatch.nlp.catalogue.AliasKind;
import org.stancewatch.nlp.catalogue.ContextRule;
import org.stancewatch.nlp.catalogue.RoleAlias;
import org.stancewatch.nlp.text.Sentence;
import org.stancewatch.nlp.text.SentenceSplitter;
import org.stancewatch.nlp.text.TextNormalizer;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds actor mentions in a text with an Aho-Corasick automaton over every alias of a catalogue.
 * Rules (see modules/nlp/README.md): whole words only; case-sensitive aliases match exactly,
 * other aliases in any case except all lower-case; context rules and role-alias dates apply;
 * of overlapping matches the longest wins; countries named only as a place ("in Iraq and Syria")
 * are left out; "Syrian and Iraqi armies" also yields the Syrian army; acronyms defined in the
 * article ("Popular Mobilization Forces (PMF)") and surnames of people named in full
 * ("Maliki" after "Nouri al-Maliki") are learned for that article.
 *
 * <p>Immutable and thread-safe: build once per catalogue version and share.
 */
public final class ActorMatcher {

    private static final Set<String> LOCATIVE_PREPOSITIONS = Set.of(
            "in", "inside", "into", "across", "throughout", "within", "around", "near", "via", "through");
    /** "northern Iraq", "northeast Syria": a region of the country, a place. */
    private static final Set<String> COMPASS_MODIFIERS = Set.of("northern", "southern", "eastern", "western", "central",
            "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern", "southeastern",
            "southwestern");
    /** "much of Yemen", "a large part of Iraq", "the rest of Syria": a share of the country's land, a place. */
    private static final Set<String> PLACE_PARTS = Set.of("part", "parts", "much", "most", "swath", "swaths", "swathe",
            "swathes", "tract", "tracts", "stretches", "area", "areas", "region", "regions", "rest", "north", "south",
            "east", "west", "northeast", "northwest", "southeast", "southwest", "corner", "corners", "territory");
    /**
     * "in neighbouring Lebanon", "in war-torn Yemen", "in both Iraq and Syria": words between a locative and the country
     * that keep it a place. ("from" is no locative: "thugs from Russia, Iran and Hezbollah" names actors; measured on
     * the tuning sets it drops as many labelled actors as false ones.)
     */
    private static final Set<String> PLACE_ADJECTIVES = Set.of("neighbouring", "neighboring", "nearby", "torn", "ravaged", "both");
    /** "the Lebanon-Israel border", "the Iraq-Syria border", "the Syria border region": the country names the border. */
    private static final Pattern BORDER_AFTER = Pattern.compile("^(?:-[A-Z][a-z]+)?\\s+(?:border|borders|frontier)\\b");
    /** Rule M7: "Lebanon-based Hezbollah", "a Yemen based group": the country is where the group is. */
    private static final Pattern BASED_AFTER = Pattern.compile("^[- ]based\\b");
    /** Rule M7: "Yemen's port city", "Syria's northeast": after a possessive, a place in the country. */
    private static final Set<String> PLACE_NOUNS_AFTER_POSSESSIVE = Set.of("city", "town", "village", "port", "province",
            "capital", "coast", "border", "borders", "region", "territory", "soil", "airspace", "waters", "north",
            "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "northern", "southern",
            "eastern", "western");
    private static final Set<String> PAST_ROLE_MARKERS = Set.of("former", "ex", "late", "then", "previous", "past", "outgoing");
    private static final Pattern ARABIC_ARTICLE = Pattern.compile("^(?:al|el|ad|ar|as|ash|at|az|an|ul)-", Pattern.CASE_INSENSITIVE);
    private static final Pattern ACRONYM_AFTER = Pattern.compile("^\\s*[(\\[]\\s*([A-Z][A-Za-z0-9&]{1,9})\\s*[)\\]]");
    private static final Pattern ACRONYM_BEFORE = Pattern.compile("(?:^|[^A-Za-z0-9])([A-Z][A-Za-z0-9&]{1,9})\\s*[(\\[]\\s*$");
    private static final Pattern COORDINATED_MODIFIER = Pattern.compile(
            "(?:^|[^A-Za-z'-])(?:[Tt]he\\s+)?([A-Z][A-Za-z'-]+)\\s*(?:,|and|or|&)\\s+(?:the\\s+)?$");

    private record AliasTarget(ActorEntry actor, String alias, boolean caseSensitive, List<CompiledRule> rules,
                               RoleAlias role, int order, AliasKind kind) {
    }

    /**
     * A dateline at the start of a paragraph: the place (and agency) of writing, not a mention ("ERBIL, Kurdistan
     * Region -", "TABQA, Syria (Reuters) -", "(BAGHDAD) -", "Washington, Oct 18 (EFE). -", "KYIV -"). A place in
     * capitals may stand alone before the dash; a place in mixed case needs a region, date or agency, so that
     * "Iraq - the war" or "Alwaght- ..." are no datelines.
     */
    private static final Pattern DATELINE = Pattern.compile(
            "(?m)^[ \\t]*(?:(?<caps>\\(?[A-Z][A-Z.'-]+(?:[ /][A-Z][A-Z.'-]+){0,3}\\)?)|(?<mixed>[A-Z][a-z][A-Za-z.'-]*(?: [A-Z][A-Za-z.'-]*){0,2}))"
            + "(?<region>,[ \\t]*[A-Z][A-Za-z.'-]*(?: [A-Z][A-Za-z.'-]*){0,3})?"
            + "(?<date>,?[ \\t]+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\\.?[ \\t]+\\d{1,2}(?:,[ \\t]*\\d{4})?)?"
            + "(?<agency>[ \\t]*\\([A-Za-z][A-Za-z .&-]{1,38}\\))?"
            + "[ \\t]*\\.?[ \\t]*,?[ \\t]*(?:-{1,3}(?=[ \\t])|:(?=[ \\t]|[A-Z\"]))");

    /**
     * An outlet's credit for the text it carries, not a source it cites (labelling rules 2 and 6): an agency in
     * brackets before a dash near a paragraph's start ("July 2 (Reuters) -", "WASHINGTON (Reuters) -U.S.", "(AP/Reuters)
     * -"), a slash-wrapped agency ("MOSCOW, May 28. /TASS/."), or a byline line ("By: Kayhan Int'l Staff Writer").
     */
    private static final Pattern AGENCY_CREDIT = Pattern.compile(
            "(?m)^[^\\n]{0,60}?(?<paren>\\([A-Za-z][A-Za-z .&/-]{1,38}\\))[ \\t]*-{1,3}"
                    + "|(?<slashed>/[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+){0,2}/)"
                    + "|^[ \\t]*(?<byline>By:?[ \\t]+[^\\n]{1,57})$");

    /** Words before a bare surname that are titles, not another person's given name ("President Putin", "Mr Biden"). */
    private static final Set<String> TITLE_WORDS = Set.of("president", "presidents", "prime", "minister", "pm", "premier",
            "mr", "mrs", "ms", "dr", "gen", "general", "sheikh", "shaikh", "ayatollah", "king", "queen", "prince",
            "emir", "chancellor", "secretary", "senator", "sen", "rep", "speaker", "leader", "chairman", "commander",
            "marshal", "colonel", "col", "lt", "lieutenant", "major", "imam", "sayyed", "sayyid", "seyyed", "grand",
            "pope", "vice", "foreign", "defence", "defense", "fm", "cleric", "sultan", "crown", "former", "ex",
            "late", "then", "brig", "admiral", "envoy", "ambassador", "spokesman", "chief", "head");

    /** Capitalised words that start sentences or headlines and are no given names. */
    private static final Set<String> NOT_GIVEN_NAMES = Set.of("the", "a", "an", "and", "but", "or", "as", "when",
            "while", "after", "before", "since", "if", "so", "yet", "then", "today", "yesterday", "tomorrow", "on",
            "in", "at", "for", "with", "by", "from", "to", "of", "meanwhile", "however", "also", "both", "why", "how",
            "what", "where", "who", "whom", "said", "says", "says:", "that", "this", "these", "those", "under",
            "against", "over", "without", "quoting", "according", "unlike", "like", "monday", "tuesday", "wednesday",
            "thursday", "friday", "saturday", "sunday", "watch", "video", "update", "breaking", "exclusive",
            "analysis", "opinion", "live");

    private enum Where { AFTER, BEFORE, SENTENCE }

    /** One requireAny/forbidAny entry, normalised and lower-cased once when the matcher is built. */
    private record Condition(Where where, String phrase) {
        static Condition of(String entry) {
            Where where = entry.startsWith(">") ? Where.AFTER : entry.startsWith("<") ? Where.BEFORE : Where.SENTENCE;
            String phrase = where == Where.SENTENCE ? entry : entry.substring(1);
            return new Condition(where, lower(TextNormalizer.normalize(phrase.strip())));
        }
    }

    private record CompiledRule(List<Condition> requireAny, List<Condition> forbidAny) {
        static CompiledRule of(ContextRule rule) {
            return new CompiledRule(rule.requireAny().stream().map(Condition::of).toList(),
                    rule.forbidAny().stream().map(Condition::of).toList());
        }

        boolean requiresSomething() {
            return !requireAny.isEmpty();
        }
    }

    private record Candidate(int start, int end, List<AliasTarget> targets) {
        int length() {
            return end - start;
        }
    }

    private final ActorCatalogue catalogue;
    private final AliasTrie trie;
    private final Map<String, List<AliasTarget>> targetsByKey;
    private final SentenceSplitter splitter = new SentenceSplitter();
    private final Map<String, String> countryByDemonym;
    /** Countries by their name and aliases as written ("Kazakhstan"), for roles written with the country's possessive. */
    private final Map<String, String> countryByName;
    /** A state's demonym or name ("Turkish", "Russia", "US") -> its armed forces (rule M5). */
    private final Map<String, String> armedForcesByStateWord;
    private final int longestStateWord;
    /** The armed groups that are some state's forces (rule M5); every other armed group is non-state (rule M7). */
    private final Set<String> stateForces;

    public ActorMatcher(ActorCatalogue catalogue) {
        this.catalogue = catalogue;
        Map<String, List<AliasTarget>> byKey = new HashMap<>();
        Map<String, String> countries = new HashMap<>();
        int order = 0;
        Map<String, String> countryNames = new HashMap<>();
        for (ActorEntry e : catalogue.all()) {
            if (e.type() == ActorKind.COUNTRY) {
                countryNames.putIfAbsent(e.name(), e.id());
                for (String alias : e.aliases()) countryNames.putIfAbsent(alias, e.id());
            }
            Map<String, List<CompiledRule>> rulesByAlias = new HashMap<>();
            for (ContextRule r : e.contextRules()) {
                rulesByAlias.computeIfAbsent(lower(r.alias()), k -> new ArrayList<>()).add(CompiledRule.of(r));
                if (e.type() == ActorKind.COUNTRY && ActorCatalogue.isDemonymRule(r)) {
                    countries.putIfAbsent(r.alias(), e.id());
                }
            }
            Set<String> surnames = e.type() == ActorKind.PERSON ? surnamesOf(e) : Set.of();
            for (String alias : e.aliases()) {
                List<CompiledRule> rules = rulesByAlias.getOrDefault(lower(alias), List.of());
                AliasKind kind = surnames.contains(lower(alias)) ? AliasKind.SURNAME : e.kindOf(alias);
                for (String variant : variants(alias, true)) {
                    add(byKey, new AliasTarget(e, variant, false, rules, null, order, kind));
                }
            }
            for (String alias : e.caseSensitiveAliases()) {
                List<CompiledRule> rules = rulesByAlias.getOrDefault(lower(alias), List.of());
                for (String variant : variants(alias, false)) {
                    add(byKey, new AliasTarget(e, variant, true, rules, null, order, e.kindOf(alias)));
                }
            }
            for (RoleAlias role : e.roleAliases()) {
                List<CompiledRule> rules = rulesByAlias.getOrDefault(lower(role.alias()), List.of());
                for (String variant : variants(role.alias(), false)) {
                    add(byKey, new AliasTarget(e, variant, false, rules, role, order, AliasKind.ROLE));
                }
            }
            order++;
        }
        this.targetsByKey = byKey;
        this.trie = new AliasTrie(byKey.keySet());
        this.countryByDemonym = Map.copyOf(countries);
        this.countryByName = Map.copyOf(countryNames);
        this.armedForcesByStateWord = armedForcesByStateWord(catalogue, countries);
        this.longestStateWord = armedForcesByStateWord.keySet().stream().mapToInt(String::length).max().orElse(0);
        this.stateForces = Set.copyOf(armedForcesByStateWord.values());
    }

    /** What follows a state's word when it names the state's forces; the group itself is learnt from the catalogue. */
    private static final Set<String> FORCE_ALIAS_HEADS = Set.of("military", "army", "forces", "armed forces");
    private static final Set<String> FORCE_MODIFIERS = Set.of("ground", "fighter", "occupying", "occupation", "regular", "special",
            "naval", "combat");
    /**
     * Words for a state's forces, looked for with {@link String#indexOf} in the lowered text: an alternation of every
     * state word tried at every position cost the matcher about a third of its articles/s, and even a second trie walk
     * over the text a tenth.
     */
    private static final List<String> FORCE_NOUNS = List.of("military", "armed forces", "forces", "army", "troops", "soldiers",
            "air force", "navy", "warplanes", "jets", "aircraft", "warships");

    /**
     * Each state word (demonym or country alias) of a country whose armed forces the catalogue names as one ARMED_GROUP
     * with an alias like "Russian military" or "Syrian army" (rule M5, eval/heldout/README.md "Session 36"). A country
     * with two such groups is left out: the words could not say which.
     */
    private static Map<String, String> armedForcesByStateWord(ActorCatalogue catalogue, Map<String, String> countryByDemonym) {
        Map<String, Set<String>> groupsByCountry = new HashMap<>();
        for (ActorEntry e : catalogue.all()) {
            if (e.type() != ActorKind.ARMED_GROUP) {
                continue;
            }
            for (String alias : e.aliases()) {
                int space = alias.indexOf(' ');
                String country = space > 0 ? countryByDemonym.get(alias.substring(0, space)) : null;
                if (country != null && FORCE_ALIAS_HEADS.contains(lower(alias.substring(space + 1)))) {
                    groupsByCountry.computeIfAbsent(country, k -> new TreeSet<>()).add(e.id());
                }
            }
        }
        Map<String, String> byWord = new HashMap<>();
        countryByDemonym.forEach((demonym, country) -> {
            Set<String> groups = groupsByCountry.getOrDefault(country, Set.of());
            if (groups.size() == 1) {
                byWord.put(demonym, groups.iterator().next());
            }
        });
        for (ActorEntry e : catalogue.all()) {
            Set<String> groups = groupsByCountry.getOrDefault(e.id(), Set.of());
            if (e.type() == ActorKind.COUNTRY && groups.size() == 1) {
                for (List<String> aliases : List.of(e.aliases(), e.caseSensitiveAliases())) {
                    for (String alias : aliases) {
                        byWord.putIfAbsent(alias, groups.iterator().next());
                    }
                }
            }
        }
        return Map.copyOf(byWord);
    }

    /**
     * "Turkish fighter jets", "Russia's military", "US warships": a state's forces written with its demonym or name
     * name its armed forces, as the catalogue's listed aliases ("Russian military") do (rule M5). The state's own
     * mention, if any, stays; words another actor's mention already covers ("Free Syrian Army") are left to it.
     */
    private List<Mention> addArmedForcesOfStates(String text, String norm, String lowered, List<Mention> mentions) {
        List<Mention> added = new ArrayList<>();
        List<int[]> nouns = new ArrayList<>();
        for (String word : FORCE_NOUNS) {
            for (int at = lowered.indexOf(word); at >= 0; at = lowered.indexOf(word, at + 1)) {
                if (isWordBoundary(norm, at - 1) && isWordBoundary(norm, at + word.length())) {
                    nouns.add(new int[] {at, at + word.length()});
                }
            }
        }
        nouns.sort(Comparator.comparingInt(n -> n[0]));
        int searchedTo = 0, nounsTo = 0;
        for (int[] noun : nouns) {
            if (noun[0] < nounsTo) {
                continue; // "forces" inside "armed forces"
            }
            nounsTo = noun[1];
            int stateEnd = stateWordEnd(norm, noun[0]);
            // The leftmost start that makes a state's word, so "Russian Federation" wins over a shorter word inside it.
            for (int start = Math.max(searchedTo, stateEnd - longestStateWord); start < stateEnd; start++) {
                boolean wordStart = start == 0 || !(Character.isLetterOrDigit(norm.charAt(start - 1)) || norm.charAt(start - 1) == '.');
                String forces = wordStart ? armedForcesByStateWord.get(norm.substring(start, stateEnd)) : null;
                if (forces != null) {
                    searchedTo = noun[1];
                    if (!coveredByAnother(mentions, start, stateEnd, noun[1])) {
                        added.add(new Mention(forces, start, noun[1], text.substring(start, noun[1]), AliasKind.NAME));
                    }
                    break;
                }
            }
        }
        return withAdded(mentions, added);
    }

    /** Where a state's word must end for the force noun at {@code nounStart}: before a space, a modifier and a possessive. */
    private static int stateWordEnd(String norm, int nounStart) {
        if (nounStart == 0 || norm.charAt(nounStart - 1) != ' ') {
            return -1;
        }
        int at = nounStart - 1;
        String modifier = wordBefore(norm, at);
        if (FORCE_MODIFIERS.contains(lower(modifier)) && at - modifier.length() > 0 && norm.charAt(at - modifier.length() - 1) == ' ') {
            at -= modifier.length() + 1;
        }
        if (norm.startsWith("'s", at - 2)) {
            at -= 2;
        } else if (at > 0 && norm.charAt(at - 1) == '\'') {
            at--;
        }
        return at;
    }

    /** Whether a mention other than the state's own at its word [start, stateEnd) covers any of [start, end). */
    private boolean coveredByAnother(List<Mention> mentions, int start, int stateEnd, int end) {
        for (Mention x : mentions) {
            boolean theStatesOwn = x.start() == start && x.end() <= stateEnd + 2
                    && catalogue.get(x.actorId()).map(e -> e.type() == ActorKind.COUNTRY).orElse(false);
            if (x.start() < end && start < x.end() && !theStatesOwn) {
                return true;
            }
        }
        return false;
    }

    public ActorCatalogue catalogue() {
        return catalogue;
    }

    /** Mentions of catalogue actors in {@code text}, sorted by start; {@code day} (may be null) selects role aliases. */
    public List<Mention> find(String text, LocalDate day) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        String norm = unbracketNames(TextNormalizer.normalize(text));
        String lowered = lowerSameLength(norm);
        List<Candidate> accepted = match(norm, lowered, day, new LazySentences(splitter, text));
        List<Mention> mentions = resolveActors(text, accepted);
        mentions = dropLocativeCountries(norm, mentions, accepted);
        mentions = addCoordinatedModifiers(text, norm, day, mentions);
        Set<Integer> roleStarts = new HashSet<>();
        for (Candidate c : accepted) {
            if (c.targets().stream().anyMatch(t -> t.role() != null)) {
                roleStarts.add(c.start());
            }
        }
        mentions = dropUnsupportedSurnames(norm, day, mentions);
        mentions = addLearnedForms(text, norm, mentions, roleStarts);
        mentions = dropDatelines(norm, mentions);
        mentions = dropAgencyCredits(norm, mentions);
        mentions = addStatesOfRoles(text, mergeAdjacent(text, norm, mentions, roleStarts), roleStarts);
        return addArmedForcesOfStates(text, norm, lowered, mentions);
    }

    /** {@code mentions} with {@code added} (which may overlap them), sorted by start then end. */
    private static List<Mention> withAdded(List<Mention> mentions, List<Mention> added) {
        if (added.isEmpty()) {
            return mentions;
        }
        List<Mention> out = new ArrayList<>(mentions);
        out.addAll(added);
        out.sort(Comparator.comparingInt(Mention::start).thenComparingInt(Mention::end));
        return List.copyOf(out);
    }

    /**
     * "German Chancellor Friedrich Merz", "Russian President Vladimir Putin": a role written with a demonym names the
     * state as well as the holder (labelling rule 3, as "Turkish Foreign Minister" does through the demonym's own
     * rule), but the role alias, being longer, wins the match. "US President" is no demonym and names the holder only.
     * A role written with the country's possessive names the country the same way (rule M9: "Kazakhstan's Foreign
     * Minister Kairat Abdrakhmanov" names Kazakhstan, as "Kazakh Foreign Minister" would).
     */
    private List<Mention> addStatesOfRoles(String text, List<Mention> mentions, Set<Integer> roleStarts) {
        List<Mention> added = new ArrayList<>();
        for (Mention m : mentions) {
            if (!roleStarts.contains(m.start())) {
                continue;
            }
            int space = m.text().indexOf(' ');
            String country = space > 0 ? countryByDemonym.get(m.text().substring(0, space)) : null;
            if (country != null && !country.equals(m.actorId())) {
                added.add(new Mention(country, m.start(), m.start() + space, text.substring(m.start(), m.start() + space), AliasKind.DEMONYM));
                continue;
            }
            Matcher possessive = COUNTRY_POSSESSIVE.matcher(m.text());
            country = possessive.lookingAt() ? countryByName.get(possessive.group(1)) : null;
            if (country != null && !country.equals(m.actorId())) {
                int end = m.start() + possessive.end(1);
                added.add(new Mention(country, m.start(), end, text.substring(m.start(), end), AliasKind.NAME));
            }
        }
        return withAdded(mentions, added);
    }

    /** A role's leading possessive: "Kazakhstan's" or "Iraq’s" of "Kazakhstan's Foreign Minister". */
    private static final Pattern COUNTRY_POSSESSIVE = Pattern.compile("(.+?)['’]s\\s");

    /** An editor's insertion of capitalised words before a name, in brackets: "[Hassan] Nasrallah". */
    private static final Pattern BRACKETED_NAME_PART =
            Pattern.compile("\\[([A-Z][A-Za-z.'-]*(?:\\s+[A-Z][A-Za-z.'-]*)*)\\](?=\\s+[A-Z])");

    /**
     * Quotes name people with the editor's insertions in brackets ("took care of [Yahya] Sinwar ... [Hassan] Nasrallah"):
     * the brackets become spaces, so the surname reads as it would without them, after its first name, and is not
     * dropped as unsupported. One char for one, so offsets stay those of the text.
     */
    static String unbracketNames(String norm) {
        if (norm.indexOf('[') < 0) {
            return norm;
        }
        Matcher m = BRACKETED_NAME_PART.matcher(norm);
        char[] chars = null;
        while (m.find()) {
            if (chars == null) {
                chars = norm.toCharArray();
            }
            chars[m.start()] = ' ';
            chars[m.end() - 1] = ' ';
        }
        return chars == null ? norm : new String(chars);
    }

    /** Mentions per actor id, most mentioned first (ties in order of first mention). */
    public static Map<String, Integer> countByActor(List<Mention> mentions) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Mention m : mentions) {
            counts.merge(m.actorId(), 1, Integer::sum);
        }
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEachOrdered(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    // ---- matching --------------------------------------------------------------------------

    private List<Candidate> match(String norm, String lowered, LocalDate day, LazySentences sentences) {
        List<Candidate> candidates = new ArrayList<>();
        List<int[]> pastRoles = new ArrayList<>();
        List<AliasTrie.Hit> hits = new ArrayList<>(256);
        trie.findWholeWords(norm, lowered, hits);
        for (AliasTrie.Hit hit : hits) {
            int start = hit.start();
            int end = hit.end();
            String found = norm.substring(start, end);
            List<AliasTarget> ok = new ArrayList<>();
            for (AliasTarget t : targetsByKey.getOrDefault(hit.key(), List.of())) {
                if (t.caseSensitive() ? !found.equals(t.alias()) : isAllLowerWhileAliasIsNot(found, t.alias())) {
                    continue;
                }
                if (t.caseSensitive() && isShortAcronym(found) && isInsideCapitalsRun(norm, start, end)) {
                    continue; // "ISIS IS DEFEATED": in a headline in capitals "IS" is just a word
                }
                if (t.role() != null && isPastRole(lowered, start)) {
                    pastRoles.add(new int[] {start, end});
                    continue;
                }
                if (t.role() != null && !t.role().validOn(day)) {
                    continue;
                }
                if (!rulesHold(t.rules(), norm, lowered, start, end, sentences)) {
                    continue;
                }
                ok.add(t);
            }
            if (!ok.isEmpty()) {
                candidates.add(new Candidate(start, end, ok));
            }
        }
        // "former Iraqi Prime Minister": neither the role holder nor, through "Iraqi", the country.
        candidates.removeIf(c -> pastRoles.stream().anyMatch(r -> r[0] <= c.start() && c.end() <= r[1]));
        // Longest match wins; among equals, the earlier one.
        candidates.sort(Comparator.comparingInt(Candidate::length).reversed().thenComparingInt(Candidate::start));
        List<Candidate> accepted = new ArrayList<>();
        boolean[] taken = new boolean[norm.length()];
        for (Candidate c : candidates) {
            boolean free = true;
            for (int i = c.start(); i < c.end() && free; i++) {
                free = !taken[i];
            }
            if (free) {
                for (int i = c.start(); i < c.end(); i++) {
                    taken[i] = true;
                }
                accepted.add(c);
            }
        }
        accepted.sort(Comparator.comparingInt(Candidate::start));
        return accepted;
    }

    /** "former Iraqi Prime Minister ...": the role no longer names its holder on the article's day. */
    private static boolean isPastRole(String lowered, int start) {
        int at = skipSpacesBack(lowered, start);
        String word = wordBefore(lowered, at);
        if (at > 0 && lowered.charAt(at - 1) == '-') {
            word = wordBefore(lowered, at - 1);
        }
        return PAST_ROLE_MARKERS.contains(word);
    }

    /** An alias matched by several actors goes to one already named unambiguously in the text, else the first listed. */
    private static List<Mention> resolveActors(String text, List<Candidate> accepted) {
        Set<String> unambiguous = new HashSet<>();
        for (Candidate c : accepted) {
            String id = c.targets().get(0).actor().id();
            boolean single = true;
            for (AliasTarget t : c.targets()) {
                single &= t.actor().id().equals(id);
            }
            if (single) {
                unambiguous.add(id);
            }
        }
        List<Mention> out = new ArrayList<>();
        for (Candidate c : accepted) {
            AliasTarget chosen = null;
            for (AliasTarget t : c.targets()) {
                if (unambiguous.contains(t.actor().id())) {
                    chosen = t;
                    break;
                }
            }
            if (chosen == null) {
                chosen = c.targets().stream().min(Comparator.comparingInt(AliasTarget::order)).orElseThrow();
            }
            out.add(new Mention(chosen.actor().id(), c.start(), c.end(), text.substring(c.start(), c.end()), chosen.kind()));
        }
        return out;
    }

    // ---- context rules ---------------------------------------------------------------------

    private static boolean rulesHold(List<CompiledRule> rules, String norm, String lowered, int start, int end,
                                     LazySentences sentences) {
        // Plain loops, not streams: this runs for every alias hit (the matcher's hottest path after the trie).
        for (CompiledRule rule : rules) {
            if (!rule.requireAny().isEmpty() && !anyHolds(rule.requireAny(), norm, lowered, start, end, sentences)) {
                return false;
            }
            if (anyHolds(rule.forbidAny(), norm, lowered, start, end, sentences)) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyHolds(List<Condition> conditions, String norm, String lowered, int start, int end,
                                    LazySentences sentences) {
        for (Condition c : conditions) {
            if (contextHolds(c, norm, lowered, start, end, sentences)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contextHolds(Condition condition, String norm, String lowered, int start, int end,
                                        LazySentences lazySentences) {
        String phrase = condition.phrase();
        if (condition.where() == Where.AFTER) {
            int at = end;
            if (!phrase.startsWith("'") && lowered.startsWith("'s", at) && isWordBoundary(norm, at + 2)) {
                at += 2;
            }
            if (!phrase.startsWith("'")) {
                while (at < lowered.length() && Character.isWhitespace(lowered.charAt(at))) {
                    at++;
                }
            }
            return lowered.startsWith(phrase, at) && isWordBoundary(norm, at + phrase.length());
        }
        if (condition.where() == Where.BEFORE) {
            int at = start;
            while (at > 0 && Character.isWhitespace(lowered.charAt(at - 1))) {
                at--;
            }
            int from = at - phrase.length();
            return from >= 0 && lowered.startsWith(phrase, from) && isWordBoundary(norm, from - 1);
        }
        int sentenceStart = 0;
        int sentenceEnd = norm.length();
        int lo = 0;
        List<Sentence> sentences = lazySentences.get();
        int hi = sentences.size() - 1;
        while (lo <= hi) { // sentences are sorted and disjoint
            int mid = (lo + hi) >>> 1;
            Sentence s = sentences.get(mid);
            if (start < s.start()) {
                hi = mid - 1;
            } else if (start >= s.end()) {
                lo = mid + 1;
            } else {
                sentenceStart = s.start();
                sentenceEnd = s.end();
                break;
            }
        }
        String sentence = lowered.substring(sentenceStart, sentenceEnd);
        for (int i = sentence.indexOf(phrase); i >= 0; i = sentence.indexOf(phrase, i + 1)) {
            int at = sentenceStart + i;
            boolean outside = at + phrase.length() <= start || at >= end;
            if (outside && isWordBoundary(norm, at - 1) && isWordBoundary(norm, at + phrase.length())) {
                return true;
            }
        }
        return false;
    }

    // ---- places, coordination, learned forms -----------------------------------------------

    /** "in Iraq and Syria": a country named as a place is not an actor of the story. */
    private List<Mention> dropLocativeCountries(String norm, List<Mention> mentions, List<Candidate> accepted) {
        List<Mention> out = new ArrayList<>();
        Set<Integer> locativeEnds = new HashSet<>();
        for (int i = 0; i < mentions.size(); i++) {
            Mention m = mentions.get(i);
            Candidate c = accepted.get(i);
            boolean plainCountryName = catalogue.get(m.actorId()).map(e -> e.type() == ActorKind.COUNTRY).orElse(false)
                    && c.targets().stream().allMatch(t -> t.role() == null
                            && t.rules().stream().noneMatch(CompiledRule::requiresSomething));
            if (plainCountryName && isLocative(norm, m.start(), locativeEnds)) {
                locativeEnds.add(m.end());
                continue;
            }
            if (plainCountryName && BORDER_AFTER.matcher(norm.substring(m.end(), Math.min(norm.length(), m.end() + 40))).find()) {
                continue;
            }
            if (plainCountryName && isHomeOrPlace(norm, m.end(), i + 1 < mentions.size() ? mentions.get(i + 1) : null)) {
                continue;
            }
            out.add(m);
        }
        return out;
    }

    /**
     * Rule M7: "Lebanon-based Hezbollah", "Yemen's Houthis", "Yemen's port city": the country is the home of a
     * non-state armed group or a place in it. "Syria's army" stays the state's (its forces, rule M5).
     */
    private boolean isHomeOrPlace(String norm, int end, Mention next) {
        if (BASED_AFTER.matcher(norm.substring(end, Math.min(norm.length(), end + 7))).find()) {
            return true;
        }
        int at = afterPossessive(norm, end);
        if (at < 0) {
            return false;
        }
        if (next != null && next.start() == at && !stateForces.contains(next.actorId())
                && catalogue.get(next.actorId()).map(e -> e.type() == ActorKind.ARMED_GROUP).orElse(false)) {
            return true;
        }
        int wordEnd = at;
        while (wordEnd < norm.length() && Character.isLetter(norm.charAt(wordEnd))) {
            wordEnd++;
        }
        return PLACE_NOUNS_AFTER_POSSESSIVE.contains(lower(norm.substring(at, wordEnd)));
    }

    private static boolean isLocative(String norm, int start, Set<Integer> locativeEnds) {
        int at = skipSpacesBack(norm, start);
        String word = wordBefore(norm, at);
        if (PLACE_ADJECTIVES.contains(word.toLowerCase(Locale.ROOT))) {
            at -= word.length();
            if (at > 0 && norm.charAt(at - 1) == '-') {
                at = at - 1 - wordBefore(norm, at - 1).length(); // "war-torn"
            }
            at = skipSpacesBack(norm, at);
            word = wordBefore(norm, at);
        }
        if (word.equalsIgnoreCase("the")) {
            at = skipSpacesBack(norm, at - word.length());
            word = wordBefore(norm, at);
        }
        String lowered = word.toLowerCase(Locale.ROOT);
        if (LOCATIVE_PREPOSITIONS.contains(lowered) || COMPASS_MODIFIERS.contains(lowered)) {
            return true;
        }
        if (lowered.equals("of")) {
            int before = skipSpacesBack(norm, at - word.length());
            if (PLACE_PARTS.contains(wordBefore(norm, before).toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        // Coordinated with a country already found locative: "in Syria and Yemen", "in Iraq, Syria".
        int connectorEnd = at;
        if (word.equalsIgnoreCase("and") || word.equalsIgnoreCase("or")) {
            connectorEnd = at - word.length();
        } else if (at > 0 && norm.charAt(at - 1) == ',') {
            connectorEnd = at - 1;
        } else {
            return false;
        }
        return locativeEnds.contains(skipSpacesBack(norm, connectorEnd));
    }

    /** "Syrian and Iraqi armies": the first modifier shares the head noun of the matched second one. */
    private List<Mention> addCoordinatedModifiers(String text, String norm, LocalDate day, List<Mention> mentions) {
        List<Mention> added = new ArrayList<>();
        for (Mention m : mentions) {
            int firstWordEnd = m.start();
            while (firstWordEnd < m.end() && !Character.isWhitespace(norm.charAt(firstWordEnd))) {
                firstWordEnd++;
            }
            String window = norm.substring(Math.max(0, m.start() - 60), m.start());
            if (!endsWithCoordination(window)) {
                continue; // cheap test first: most mentions follow no "and"/"or"/","
            }
            Matcher before = COORDINATED_MODIFIER.matcher(window);
            // Searched from the fifth-last word on, not from every position of the window: a match spans at most
            // "the Word and the" and one separator before them, so it cannot begin earlier (the leftmost match, and
            // its group, are the same). Without anchoring bounds "^" still means only the window's own start.
            before.region(coordinationSearchStart(window), window.length()).useAnchoringBounds(false);
            if (!before.find()) {
                continue;
            }
            int offset = Math.max(0, m.start() - 60);
            int xStart = offset + before.start(1);
            int xEnd = offset + before.end(1);
            if (overlapsAny(mentions, xStart, xEnd)) {
                continue;
            }
            String modifier = norm.substring(xStart, xEnd);
            String rest = norm.substring(firstWordEnd, Math.min(norm.length(), Math.max(m.end(), firstWordEnd + 40)));
            int newline = rest.indexOf('\n');
            if (newline >= 0) {
                rest = rest.substring(0, newline);
            }
            String synthetic = modifier + rest;
            for (Candidate c : match(synthetic, lowerSameLength(synthetic), day, new LazySentences(splitter, synthetic))) {
                // The match must take in the shared head, not just the modifier ("Russia and Iraqi forces" is no "Russia forces").
                if (c.start() == 0 && c.end() >= modifier.length() + (m.end() - firstWordEnd)) {
                    AliasTarget first = c.targets().stream().min(Comparator.comparingInt(AliasTarget::order)).orElseThrow();
                    added.add(new Mention(first.actor().id(), xStart, xEnd, text.substring(xStart, xEnd), first.kind()));
                }
            }
        }
        if (added.isEmpty()) {
            return mentions;
        }
        List<Mention> all = new ArrayList<>(mentions);
        all.addAll(added);
        all.sort(Comparator.comparingInt(Mention::start));
        return all;
    }

    /** The start of the fifth-last word of {@code window} (words split at regex {@code \\s}), less one; 0 if it has fewer. */
    private static int coordinationSearchStart(String window) {
        int at = window.length();
        for (int words = 0; words < 5 && at > 0; words++) {
            at = skipRegexSpacesBack(window, at, 0);
            while (at > 0 && !isRegexSpace(window.charAt(at - 1))) {
                at--;
            }
        }
        return Math.max(0, at - 1);
    }

    private static boolean endsWithCoordination(String window) {
        String w = window.stripTrailing();
        if (w.endsWith(" the")) {
            w = w.substring(0, w.length() - 4).stripTrailing();
        }
        return w.endsWith(",") || w.endsWith("&") || w.endsWith(" and") || w.endsWith(" or");
    }

    /**
     * Bare surname aliases of people ("Putin", "al-Maliki": an alias that ends another, longer alias of the same
     * person), lower case. They need support in the article, because other people share them.
     */
    private static Set<String> surnamesOf(ActorEntry e) {
        Set<String> longer = new HashSet<>();
        for (String a : e.aliases()) {
            if (a.strip().contains(" ")) {
                longer.add(lower(a.strip()));
            }
        }
        Set<String> out = new HashSet<>();
        for (String a : e.aliases()) {
            String l = lower(a.strip());
            if (l.contains(" ")) {
                continue;
            }
            String bare = ARABIC_ARTICLE.matcher(l).replaceFirst("");
            for (String full : longer) {
                if (full.endsWith(" " + l) || full.endsWith(" " + bare) || full.endsWith("-" + bare)) {
                    out.add(l);
                    break;
                }
            }
        }
        return out;
    }

    /**
     * A bare surname names the catalogue person only with support: not right after another given name ("Turki
     * al-Maliki" is a namesake of Nouri al-Maliki; "Tayyib Erdogan" is a spelling of Tayyip, same initial), and,
     * once the article has such a namesake, only if it also names the person in full or by role. Otherwise the
     * person named in full or by role anywhere in the article, a title right before ("Mr Biden"), a statement
     * verb right after ("Biden says"), or holding one of their catalogue roles on the article's day (rule M6: a bare
     * "Putin" in 2023 is the sitting president, the one a bare surname means) is support enough.
     */
    private List<Mention> dropUnsupportedSurnames(String norm, LocalDate day, List<Mention> mentions) {
        if (mentions.stream().noneMatch(m -> m.kind() == AliasKind.SURNAME)) {
            return mentions;
        }
        Set<String> fullyNamed = new HashSet<>();
        for (Mention m : mentions) {
            if (m.kind() != AliasKind.SURNAME) {
                fullyNamed.add(m.actorId());
            } else if (catalogue.get(m.actorId()).map(e -> containsWord(norm, e.name())).orElse(false)) {
                fullyNamed.add(m.actorId()); // named in full inside a longer match: "the Donald Trump administration"
            }
        }
        Set<String> namesakes = new HashSet<>();
        Set<Mention> rejected = new HashSet<>();
        for (Mention m : mentions) {
            if (m.kind() == AliasKind.SURNAME) {
                String given = givenNameBefore(norm, m.start());
                if (given == null) {
                    continue;
                }
                if (isVariantOfGivenName(given, m.actorId())) {
                    fullyNamed.add(m.actorId()); // "Recep Tayyib Erdogan": the full name in another spelling
                } else {
                    namesakes.add(m.actorId());
                    rejected.add(m);
                }
            }
        }
        List<Mention> out = new ArrayList<>();
        for (Mention m : mentions) {
            if (m.kind() == AliasKind.SURNAME && !rejected.contains(m)) {
                boolean supported = fullyNamed.contains(m.actorId()) || (!namesakes.contains(m.actorId())
                        && (titleBefore(norm, m.start()) || statementAfter(norm, m.end()) || possessiveAgentAfter(norm, m.end())
                                || (holdsRoleOn(m.actorId(), day) && !familyPossessive(norm, m.start(), m.end()))));
                if (!supported) {
                    continue;
                }
            }
            if (!rejected.contains(m)) {
                out.add(m);
            }
        }
        return out;
    }

    /** Whether the person holds one of their catalogue roles on {@code day} (never on an unknown day). */
    private boolean holdsRoleOn(String actorId, LocalDate day) {
        return day != null && catalogue.get(actorId)
                .map(e -> e.roleAliases().stream().anyMatch(r -> r.validOn(day)))
                .orElse(false);
    }

    /** "the Erdogan's restaurant": a family or its business, not the office holder. */
    private static boolean familyPossessive(String norm, int start, int end) {
        return norm.startsWith("'s", end) && lower(wordBefore(norm, skipSpacesBack(norm, start))).equals("the");
    }

    /** Whether {@code phrase} occurs in {@code norm} as whole words (exact case). */
    private static boolean containsWord(String norm, String phrase) {
        for (int at = norm.indexOf(phrase); at >= 0; at = norm.indexOf(phrase, at + 1)) {
            if (isWordBoundary(norm, at - 1) && isWordBoundary(norm, at + phrase.length())) {
                return true;
            }
        }
        return false;
    }

    /** The capitalised word right before {@code start} on the same line when it reads as a given name, else null. */
    private static String givenNameBefore(String norm, int start) {
        int at = start;
        while (at > 0 && norm.charAt(at - 1) == ' ') {
            at--;
        }
        if (at == start) {
            return null;
        }
        String word = wordBefore(norm, at);
        if (word.length() < 2 || !Character.isUpperCase(word.charAt(0)) || word.chars().allMatch(Character::isUpperCase)) {
            return null;
        }
        String l = lower(word);
        return TITLE_WORDS.contains(l) || NOT_GIVEN_NAMES.contains(l) ? null : word;
    }

    /** Whether {@code given} starts like a given or middle name of the actor's longer aliases ("Tayyib" ~ "Tayyip"). */
    private boolean isVariantOfGivenName(String given, String actorId) {
        ActorEntry e = catalogue.get(actorId).orElse(null);
        if (e == null) {
            return false;
        }
        char initial = Character.toLowerCase(given.charAt(0));
        for (String alias : e.aliases()) {
            String[] words = alias.strip().split("\\s+");
            for (int i = 0; i < words.length - 1; i++) {
                String w = lower(words[i]);
                if (!w.isEmpty() && w.charAt(0) == initial && !TITLE_WORDS.contains(w)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean titleBefore(String norm, int start) {
        int at = skipSpacesBack(norm, start);
        if (at > 0 && norm.charAt(at - 1) == '.') {
            at--; // "Mr. Biden"
        }
        return TITLE_WORDS.contains(lower(wordBefore(norm, at)));
    }

    private static boolean statementAfter(String norm, int end) {
        int at = end;
        while (at < norm.length() && norm.charAt(at) == ' ') {
            at++;
        }
        String rest = lower(norm.substring(at, Math.min(norm.length(), at + 20)));
        for (String verb : ActorCatalogue.CAPITAL_STATEMENT_VERBS) {
            if (!verb.startsWith("-") && !verb.startsWith("'") && rest.startsWith(verb)
                    && isWordBoundary(norm, at + verb.length())) {
                return true;
            }
        }
        return rest.startsWith("told ") || rest.startsWith("tweeted") || rest.startsWith("stressed")
                || rest.startsWith("explained") || rest.startsWith("added");
    }

    /**
     * Acts of a leader that name him after a possessive ("Putin's war") but not a state after a demonym ("the Syrian
     * war" is the war in Syria), so they are not among the demonym nouns.
     */
    private static final List<String> POSSESSIVE_ONLY_NOUNS = List.of("war", "wars", "war machine", "crackdown");

    /**
     * "Erdogan's army", "Putin's invasion", "Netanyahu's government": a possessive followed by an agent or act of a
     * state (the nouns that make a demonym name its country) reads as the leader's, not a namesake's.
     */
    private static boolean possessiveAgentAfter(String norm, int end) {
        int at = afterPossessive(norm, end);
        if (at < 0) {
            return false;
        }
        String rest = lower(norm.substring(at, Math.min(norm.length(), at + 30)));
        for (List<String> nouns : List.of(ActorCatalogue.DEMONYM_STATE_NOUNS, ActorCatalogue.DEMONYM_AGENT_NOUNS, POSSESSIVE_ONLY_NOUNS)) {
            for (String noun : nouns) {
                if (!noun.startsWith("-") && rest.startsWith(noun) && isWordBoundary(norm, at + noun.length())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Where the next word starts after a possessive ending at {@code end} ("Putin's war", "Hamas' leaders"); -1 if none. */
    private static int afterPossessive(String norm, int end) {
        if (norm.startsWith("'s ", end)) {
            return end + 3;
        }
        return norm.startsWith("' ", end) ? end + 2 : -1;
    }

    /** Mentions inside a dateline ("ERBIL, Kurdistan Region -") name the place of writing, not an actor. */
    private static List<Mention> dropDatelines(String norm, List<Mention> mentions) {
        if (mentions.isEmpty()) {
            return mentions;
        }
        List<int[]> spans = new ArrayList<>();
        Matcher m = DATELINE.matcher(norm);
        // A dateline starts a line and never crosses one, and the normalised text ends lines with '\n' only: trying
        // each line start is the same as find(), without trying the pattern at every position of the text.
        for (int lineStart = 0; lineStart < norm.length(); ) {
            m.region(lineStart, norm.length());
            if (m.lookingAt()) {
                boolean capsPlace = m.group("caps") != null;
                boolean qualified = m.group("region") != null || m.group("date") != null || m.group("agency") != null;
                if ((capsPlace || qualified) && m.end() - m.start() <= 80) {
                    spans.add(new int[] {m.start(), m.end()});
                }
            }
            int lineEnd = norm.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                break;
            }
            lineStart = lineEnd + 1;
        }
        if (spans.isEmpty()) {
            return mentions;
        }
        List<Mention> out = new ArrayList<>();
        for (Mention x : mentions) {
            boolean inDateline = false;
            for (int[] s : spans) {
                inDateline |= s[0] <= x.start() && x.end() <= s[1];
            }
            if (!inDateline) {
                out.add(x);
            }
        }
        return out;
    }

    /** An outlet named in its own credit ({@link #AGENCY_CREDIT}) is no actor of the story; other actors there are. */
    private List<Mention> dropAgencyCredits(String norm, List<Mention> mentions) {
        List<int[]> credits = null; // found once per text, and only in a text that names an outlet
        List<Mention> out = new ArrayList<>(mentions.size());
        for (Mention x : mentions) {
            boolean media = catalogue.get(x.actorId()).map(e -> e.type() == ActorKind.MEDIA).orElse(false);
            if (media && credits == null) {
                credits = agencyCredits(norm);
            }
            if (!media || !insideAny(credits, x)) {
                out.add(x);
            }
        }
        return out;
    }

    /** The spans of {@code norm} that credit an outlet ({@link #AGENCY_CREDIT}); none crosses a line. */
    private static List<int[]> agencyCredits(String norm) {
        List<int[]> spans = new ArrayList<>();
        Matcher m = AGENCY_CREDIT.matcher(norm);
        while (m.find()) {
            for (String part : List.of("paren", "slashed", "byline")) {
                if (m.group(part) != null) {
                    spans.add(new int[] {m.start(part), m.end(part)});
                }
            }
        }
        return spans;
    }

    private static boolean insideAny(List<int[]> spans, Mention x) {
        for (int[] span : spans) {
            if (span[0] <= x.start() && x.end() <= span[1]) {
                return true;
            }
        }
        return false;
    }

    /** Acronyms defined in the text and surnames of people named in full, valid for this text only. */
    private List<Mention> addLearnedForms(String text, String norm, List<Mention> mentions, Set<Integer> roleStarts) {
        Map<String, String> learned = new LinkedHashMap<>();
        Set<String> conflicting = new HashSet<>();
        for (Mention m : mentions) {
            // The regexes only run where a bracket opens next to the mention: most mentions have none.
            int afterEnd = Math.min(norm.length(), m.end() + 20);
            if (isBracket(norm, skipRegexSpaces(norm, m.end(), afterEnd))) {
                Matcher after = ACRONYM_AFTER.matcher(norm.substring(m.end(), afterEnd));
                if (after.find() && isAcronymOf(after.group(1), m.text())) {
                    learn(learned, conflicting, after.group(1), m.actorId());
                }
            }
            int beforeStart = Math.max(0, m.start() - 20);
            if (isBracket(norm, skipRegexSpacesBack(norm, m.start(), beforeStart) - 1)) {
                Matcher before = ACRONYM_BEFORE.matcher(norm.substring(beforeStart, m.start()));
                if (before.find() && isAcronymOf(before.group(1), m.text())) {
                    learn(learned, conflicting, before.group(1), m.actorId());
                }
            }
            boolean person = catalogue.get(m.actorId()).map(e -> e.type() == ActorKind.PERSON).orElse(false);
            if (!person || roleStarts.contains(m.start())) {
                continue;
            }
            String[] words = norm.substring(m.start(), m.end()).split("\\s+");
            if (words.length >= 2) {
                String last = words[words.length - 1];
                String bare = ARABIC_ARTICLE.matcher(last).replaceFirst("");
                for (String form : new java.util.LinkedHashSet<>(List.of(last, bare))) {
                    if (form.length() >= 3 && Character.isUpperCase(form.charAt(0)) && !targetsByKey.containsKey(lower(form))) {
                        learn(learned, conflicting, form, m.actorId());
                    }
                }
            }
        }
        conflicting.forEach(learned::remove);
        if (learned.isEmpty()) {
            return mentions;
        }
        List<Mention> all = new ArrayList<>(mentions);
        for (Map.Entry<String, String> e : learned.entrySet()) {
            String form = e.getKey();
            for (int at = norm.indexOf(form); at >= 0; at = norm.indexOf(form, at + 1)) {
                int end = at + form.length();
                if (isWordBoundary(norm, at - 1) && isWordBoundary(norm, end) && !overlapsAny(all, at, end)) {
                    all.add(new Mention(e.getValue(), at, end, text.substring(at, end), AliasKind.LEARNED));
                }
            }
        }
        all.sort(Comparator.comparingInt(Mention::start));
        return all;
    }

    /**
     * Whether {@code token} can abbreviate {@code longForm}: at least two capitals, the first letter
     * is the long form's first letter and the others occur in order (after Schwartz & Hearst 2003),
     * so "PMF" abbreviates "Popular Mobilization Forces" but "MOSCOW (Reuters)" defines nothing.
     */
    static boolean isAcronymOf(String token, String longForm) {
        if (token.chars().filter(Character::isUpperCase).count() < 2) {
            return false;
        }
        String letters = token.replaceAll("[^A-Za-z]", "").toLowerCase(Locale.ROOT);
        String longLower = longForm.toLowerCase(Locale.ROOT);
        if (letters.isEmpty() || longLower.isEmpty() || letters.charAt(0) != longLower.charAt(0)) {
            return false;
        }
        int at = 1;
        for (int i = 1; i < letters.length(); i++) {
            at = longLower.indexOf(letters.charAt(i), at);
            if (at < 0) {
                return false;
            }
            at++;
        }
        return true;
    }

    private static void learn(Map<String, String> learned, Set<String> conflicting, String form, String actorId) {
        String previous = learned.putIfAbsent(form, actorId);
        if (previous != null && !previous.equals(actorId)) {
            conflicting.add(form);
        }
    }

    /** "US President Donald Trump": a role alias followed directly by the name is one mention. */
    private List<Mention> mergeAdjacent(String text, String norm, List<Mention> mentions, Set<Integer> roleStarts) {
        List<Mention> out = new ArrayList<>();
        for (Mention m : mentions) {
            if (!out.isEmpty()) {
                Mention prev = out.get(out.size() - 1);
                boolean adjacent = prev.end() < m.start() && onlySpaces(norm, prev.end(), m.start());
                if (adjacent && prev.actorId().equals(m.actorId())) {
                    AliasKind kind = prev.kind().compareTo(m.kind()) <= 0 ? prev.kind() : m.kind();
                    out.set(out.size() - 1, new Mention(m.actorId(), prev.start(), m.end(), text.substring(prev.start(), m.end()), kind));
                    continue;
                }
                // "US President Barack Obama" in a text dated after his term: the name says who held the role.
                boolean nextIsPerson = catalogue.get(m.actorId()).map(e -> e.type() == ActorKind.PERSON).orElse(false);
                if (adjacent && roleStarts.contains(prev.start()) && nextIsPerson) {
                    out.set(out.size() - 1, m);
                    continue;
                }
            }
            out.add(m);
        }
        return List.copyOf(out);
    }

    /** The sentences of a text, split on first use: only sentence-wide context rules need them. */
    private static final class LazySentences {
        private final SentenceSplitter splitter;
        private final String text;
        private List<Sentence> sentences;

        LazySentences(SentenceSplitter splitter, String text) {
            this.splitter = splitter;
            this.text = text;
        }

        List<Sentence> get() {
            if (sentences == null) {
                sentences = splitter.split(text);
            }
            return sentences;
        }
    }

    // ---- alias lookup ----------------------------------------------------------------------

    /**
     * The lower-cased alias keys in a character trie, walked from every word start. Hand-written in
     * place of the org.ahocorasick automaton because only whole-word matches count: walking from word
     * starts finds exactly the whole-word occurrences that a full Aho-Corasick scan reports (every
     * occurrence of every key) without visiting the inside of words, and arrays instead of the
     * library's per-state HashMap of boxed Characters made the lookup ~40% of matching time.
     */
    private static final class AliasTrie {
        record Hit(int start, int end, String key) {
        }

        private static final class Node {
            char[] labels = new char[0];
            Node[] children = new Node[0];
            String key; // non-null when a key ends here
            /** After {@link #freeze()}: children indexed by {@code c - lowest}, when the labels span a small range. */
            Node[] dense;
            char lowest;

            Node child(char c) {
                if (dense != null) {
                    int i = c - lowest;
                    return i >= 0 && i < dense.length ? dense[i] : null;
                }
                int i = java.util.Arrays.binarySearch(labels, c);
                return i >= 0 ? children[i] : null;
            }

            void freeze() {
                if (labels.length > 0 && labels[labels.length - 1] - labels[0] < 128) {
                    lowest = labels[0];
                    Node[] d = new Node[labels[labels.length - 1] - lowest + 1];
                    for (int i = 0; i < labels.length; i++) {
                        d[labels[i] - lowest] = children[i];
                    }
                    dense = d;
                }
                for (Node k : children) {
                    k.freeze();
                }
            }

            Node childOrAdd(char c) {
                int i = java.util.Arrays.binarySearch(labels, c);
                if (i >= 0) {
                    return children[i];
                }
                int at = -i - 1;
                char[] l = new char[labels.length + 1];
                Node[] k = new Node[children.length + 1];
                System.arraycopy(labels, 0, l, 0, at);
                System.arraycopy(children, 0, k, 0, at);
                System.arraycopy(labels, at, l, at + 1, labels.length - at);
                System.arraycopy(children, at, k, at + 1, children.length - at);
                l[at] = c;
                k[at] = new Node();
                labels = l;
                children = k;
                return k[at];
            }
        }

        private final Node root = new Node();
        /** The root's children for ASCII chars, looked up at every word start. */
        private final Node[] asciiFirst = new Node[128];

        AliasTrie(Iterable<String> keys) {
            for (String key : keys) {
                Node n = root;
                for (int i = 0; i < key.length(); i++) {
                    n = n.childOrAdd(key.charAt(i));
                }
                n.key = key;
            }
            root.freeze();
            for (char c = 0; c < asciiFirst.length; c++) {
                asciiFirst[c] = root.child(c);
            }
        }

        /** Every key occurring in {@code lowered} with a word boundary (in {@code norm}) on both sides, in no particular order. */
        void findWholeWords(String norm, String lowered, List<Hit> out) {
            int n = lowered.length();
            for (int start = 0; start < n; start++) {
                if (!isWordBoundary(norm, start - 1)) {
                    continue;
                }
                char first = lowered.charAt(start);
                Node node = first < asciiFirst.length ? asciiFirst[first] : root.child(first);
                for (int j = start + 1; node != null; ) {
                    if (node.key != null && isWordBoundary(norm, j)) {
                        out.add(new Hit(start, j, node.key));
                    }
                    if (j == n) {
                        break;
                    }
                    node = node.child(lowered.charAt(j++));
                }
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** Whether [from, to) holds only ' '. */
    private static boolean onlySpaces(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) != ' ') {
                return false;
            }
        }
        return true;
    }

    /** Regex {@code \\s}: [ \\t\\n\\x0B\\f\\r], as in the acronym patterns. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    private static int skipRegexSpaces(String s, int from, int limit) {
        while (from < limit && isRegexSpace(s.charAt(from))) {
            from++;
        }
        return from;
    }

    private static int skipRegexSpacesBack(String s, int to, int limit) {
        while (to > limit && isRegexSpace(s.charAt(to - 1))) {
            to--;
        }
        return to;
    }

    private static boolean isBracket(String s, int at) {
        return at >= 0 && at < s.length() && (s.charAt(at) == '(' || s.charAt(at) == '[');
    }

    private static boolean overlapsAny(List<Mention> mentions, int start, int end) {
        for (Mention m : mentions) {
            if (m.start() < end && start < m.end()) {
                return true;
            }
        }
        return false;
    }

    private static int skipSpacesBack(String s, int at) {
        while (at > 0 && s.charAt(at - 1) == ' ') {
            at--;
        }
        return at;
    }

    private static String wordBefore(String s, int at) {
        int from = at;
        while (from > 0 && Character.isLetter(s.charAt(from - 1))) {
            from--;
        }
        return s.substring(from, at);
    }

    private static void add(Map<String, List<AliasTarget>> byKey, AliasTarget t) {
        byKey.computeIfAbsent(lower(t.alias()), k -> new ArrayList<>()).add(t);
    }

    /**
     * Spelling variants an alias is matched in: the plural of a lower-case head noun
     * ("Iraqi army" also matches "Iraqi armies") and spaced hyphens as scraped text has them
     * ("US -led coalition").
     */
    private static Set<String> variants(String alias, boolean pluralize) {
        Set<String> out = new java.util.LinkedHashSet<>();
        String normalized = TextNormalizer.normalize(alias);
        out.add(normalized);
        if (pluralize) {
            int space = normalized.lastIndexOf(' ');
            String last = normalized.substring(space + 1);
            if (space > 0 && last.length() >= 3 && last.chars().allMatch(Character::isLowerCase) && !last.endsWith("s")) {
                String stem = normalized.substring(0, space + 1);
                if (last.endsWith("y") && "aeiou".indexOf(last.charAt(last.length() - 2)) < 0) {
                    out.add(stem + last.substring(0, last.length() - 1) + "ies");
                } else if (last.endsWith("ch") || last.endsWith("sh") || last.endsWith("x")) {
                    out.add(stem + last + "es");
                } else {
                    out.add(stem + last + "s");
                }
            }
        }
        if (normalized.matches(".*[A-Za-z.]-[A-Za-z].*")) {
            for (String form : List.copyOf(out)) {
                String hyphenAt = form.replaceAll("(?<=[A-Za-z.])-(?=[A-Za-z])", "\u0000");
                out.add(hyphenAt.replace("\u0000", " -"));
                out.add(hyphenAt.replace("\u0000", "- "));
                out.add(hyphenAt.replace("\u0000", " - "));
            }
        }
        return out;
    }

    private static boolean isShortAcronym(String found) {
        return found.length() <= 3 && found.chars().allMatch(Character::isUpperCase);
    }

    private static boolean isInsideCapitalsRun(String norm, int start, int end) {
        return isCapitalsWord(neighbourWord(norm, start, -1)) && isCapitalsWord(neighbourWord(norm, end, +1));
    }

    /** The nearest word before (direction -1) or after (+1) an offset on the same line, skipping punctuation. */
    private static String neighbourWord(String norm, int from, int direction) {
        int i = direction < 0 ? from - 1 : from;
        while (i >= 0 && i < norm.length() && !Character.isLetterOrDigit(norm.charAt(i)) && norm.charAt(i) != '\n') {
            i += direction;
        }
        int j = i;
        while (j >= 0 && j < norm.length() && Character.isLetterOrDigit(norm.charAt(j))) {
            j += direction;
        }
        if (i < 0 || i >= norm.length() || i == j) {
            return "";
        }
        return direction < 0 ? norm.substring(j + 1, i + 1) : norm.substring(i, j);
    }

    private static boolean isCapitalsWord(String word) {
        return word.length() >= 2 && word.chars().allMatch(c -> Character.isUpperCase(c) || Character.isDigit(c))
                && word.chars().anyMatch(Character::isLetter);
    }

    private static boolean isWordBoundary(String s, int index) {
        return index < 0 || index >= s.length() || !Character.isLetterOrDigit(s.charAt(index));
    }

    private static boolean isAllLowerWhileAliasIsNot(String found, String alias) {
        return found.chars().noneMatch(Character::isUpperCase) && alias.chars().anyMatch(Character::isUpperCase);
    }

    /** Per-char lower case, so offsets stay those of the original ({@link String#toLowerCase} may change length). */
    private static String lowerSameLength(String s) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toLowerCase(chars[i]);
        }
        return new String(chars);
    }

    private static String lower(String s) {
        return lowerSameLength(s);
    }
}
