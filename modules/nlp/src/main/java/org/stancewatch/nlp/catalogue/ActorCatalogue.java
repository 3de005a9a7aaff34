package org.stancewatch.nlp.catalogue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable set of actors, read from JSON Lines (one actor per line, '#' comments and blank
 * lines allowed). The format is documented in {@code modules/nlp/README.md}. Loading checks every
 * line and reports all bad entries at once as "source:line: reason".
 */
public final class ActorCatalogue {

    public static final int MAX_ACTORS = 100_000;
    public static final int MAX_ALIASES_PER_ACTOR = 200;
    public static final int MAX_ALIAS_LENGTH = 120;
    public static final int MAX_LINE_LENGTH = 64 * 1024;
    public static final String STARTER_RESOURCE = "/catalogue/starter-actors.jsonl";

    /** Demonyms whose plural after "the" names a people, not a state's agents (rule M8b). */
    static final java.util.Set<String> PEOPLES_NOT_AGENTS = java.util.Set.of("Palestinian", "Turkmen");

    /** Nouns that, right after a demonym ("Iraqi government"), make it name the country's state. */
    public static final List<String> DEMONYM_STATE_NOUNS = List.of(
            "government", "governments", "regime", "regimes", "authorities", "officials", "official",
            "president", "vice president", "prime minister", "premier", "foreign minister", "foreign ministry",
            "defence minister", "defense minister", "defense ministry", "defence ministry", "interior ministry",
            // Britain's titles: "British Defence Secretary John Healey" names the UK (labelling rule 3)
            "foreign secretary", "defence secretary", "defense secretary",
            "ministry", "ministries", "minister", "ministers", "embassy", "ambassador", "diplomat", "diplomats",
            "envoy", "delegation", "parliament", "cabinet", "leadership", "leader", "leaders", "administration",
            "state", "spokesman", "spokeswoman", "spokesperson", "foreign office", "state media", "consulate",
            "king", "monarch", "emir", "navy", "air force", "intelligence",
            // "Iranian-backed militias": the state is the one backing
            "-backed", "-led", "-sponsored", "-supported", "-funded", "-armed", "-brokered");

    /**
     * Nouns that, right after a demonym, name an agent or act of the country as a party to a story ("Russian
     * general", "Indian workers", "Egyptian blockade", "Israeli bombardment"), as the press writes them. Not
     * places, languages, peoples or culture ("Syrian city", "Arabic television", "Iraqi people"): those name nobody.
     */
    public static final List<String> DEMONYM_AGENT_NOUNS = List.of(
            "general", "generals", "commander", "commanders", "officer", "officers", "military official",
            "military officials", "pilot", "pilots", "operatives", "agents", "spies", "negotiator", "negotiators",
            "counterpart", "counterparts", "lawmaker", "lawmakers", "legislators", "senator", "senators", "mps",
            "politicians", "workers", "labourers", "laborers", "nationals", "citizens", "hostages",
            "prisoners", "blockade", "siege", "sanctions", "strike", "strikes", "airstrike", "airstrikes",
            "air strike", "air strikes", "drone strike", "drone strikes", "raid", "raids", "bombardment",
            "bombardments", "bombs", "bombing", "shelling", "missiles", "missile", "rockets", "warplanes", "warships",
            "jets", "drones", "offensive", "invasion", "occupation", "incursion", "attack", "attacks", "assault",
            "operation", "retaliation", "aggression", "proposal", "plan", "demands", "decision", "statement",
            "position", "policy", "request", "initiative", "veto", "support", "aid", "assistance", "investigators",
            "prosecutors", "courts", "judiciary", "police", "security services", "security forces", "border guards",
            "coast guard", "air defences", "air defenses", "army", "troops", "soldiers", "forces", "military",
            // "Iranian proxies", "Iranian arms", "frozen Russian assets", "its Russian masters" (rule M4)
            "proxy", "proxies", "arms", "weapons", "assets", "backers", "masters");

    /**
     * Whether {@code rule} is the rule this catalogue writes for a {@code demonyms} entry (it lists the demonym nouns).
     * Entries read back from the `actors` topic keep their rules but not their alias kinds, so this is how a demonym
     * is recognised in any catalogue.
     */
    public static boolean isDemonymRule(ContextRule rule) {
        return rule.requireAny().contains(">" + DEMONYM_STATE_NOUNS.get(0));
    }

    /** Words that, right after a capital ("Washington says", "Tehran-backed"), make it stand for its government. */
    public static final List<String> CAPITAL_STATEMENT_VERBS = List.of(
            "said", "says", "say", "wants", "wanted", "accused", "accuses", "announced", "announces", "warned",
            "warns", "denied", "denies", "rejected", "rejects", "claimed", "claims", "insisted", "insists",
            "urged", "urges", "condemned", "condemns", "welcomed", "welcomes", "supports", "supported", "backed",
            "backs", "responded", "responds", "blamed", "blames", "threatened", "threatens", "imposed", "imposes",
            "refused", "refuses", "agreed", "agrees", "demanded", "demands", "called", "calls", "expelled",
            "deployed", "sent", "sends", "criticized", "criticised", "criticizes", "criticises", "hailed",
            "praised", "praises", "vowed", "vows", "signed", "recognized", "recognised", "sanctioned",
            "approved", "summoned", "ordered", "pledged", "pledges", "believes", "fears", "hopes", "sees",
            "has said", "has accused", "has warned", "has called", "has denied", "has rejected", "has urged",
            "will", "would", "should", "must", "cannot", "can't", "won't", "does", "did", "is trying",
            "has been", "and its allies", "'s policy", "'s position", "'s decision", "'s support", "'s role",
            "-backed", "-led", "-sponsored", "-supported", "-funded", "-brokered");

    private static final List<String> CAPITAL_FORBIDDEN_BEFORE = List.of(
            "<in", "<into", "<to", "<from", "<near", "<of", "<at", "<outside", "<inside", "<around", "<across",
            "<via", "<toward", "<towards", "<between", "<and", "<central", "<downtown", "<northern", "<southern",
            "<eastern", "<western", "<greater");

    private static final Set<String> FIELDS = Set.of("id", "name", "type", "aliases", "caseSensitiveAliases",
            "demonyms", "capitals", "metonyms", "contextRules", "roleAliases", "description");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile ActorCatalogue starter;

    private final Map<String, ActorEntry> byId;

    private ActorCatalogue(Map<String, ActorEntry> byId) {
        this.byId = Collections.unmodifiableMap(byId);
    }

    public static ActorCatalogue of(Collection<ActorEntry> entries) {
        Map<String, ActorEntry> map = new LinkedHashMap<>();
        for (ActorEntry e : entries) {
            List<String> problems = validate(e);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("actor " + e.id() + ": " + String.join("; ", problems));
            }
            map.put(e.id(), e);
        }
        return new ActorCatalogue(map);
    }

    public static ActorCatalogue load(Path file) throws CatalogueException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new CatalogueException("cannot read actor catalogue " + file, List.of(file + ": " + e));
        }
    }

    public static ActorCatalogue parse(Reader in, String sourceName) throws CatalogueException {
        Map<String, ActorEntry> entries = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        BufferedReader reader = in instanceof BufferedReader b ? b : new BufferedReader(in);
        int lineNo = 0;
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String where = sourceName + ":" + lineNo + ": ";
                if (line.length() > MAX_LINE_LENGTH) {
                    problems.add(where + "line longer than " + MAX_LINE_LENGTH + " characters");
                    continue;
                }
                if (entries.size() >= MAX_ACTORS) {
                    problems.add(where + "catalogue has more than " + MAX_ACTORS + " actors");
                    break;
                }
                List<String> lineProblems = new ArrayList<>();
                ActorEntry entry = parseLine(trimmed, lineProblems);
                if (entry != null) {
                    lineProblems.addAll(validate(entry));
                    if (entries.containsKey(entry.id())) {
                        lineProblems.add("duplicate id '" + entry.id() + "'");
                    }
                }
                if (lineProblems.isEmpty()) {
                    entries.put(entry.id(), entry);
                } else {
                    lineProblems.forEach(p -> problems.add(where + p));
                }
            }
        } catch (IOException e) {
            problems.add(sourceName + ":" + lineNo + ": read failed: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new CatalogueException("actor catalogue " + sourceName + " has " + problems.size()
                    + " problem(s)", problems);
        }
        return new ActorCatalogue(entries);
    }

    /** The catalogue shipped with the project ({@value #STARTER_RESOURCE}). */
    public static ActorCatalogue starter() {
        ActorCatalogue local = starter;
        if (local == null) {
            synchronized (ActorCatalogue.class) {
                local = starter;
                if (local == null) {
                    InputStream stream = ActorCatalogue.class.getResourceAsStream(STARTER_RESOURCE);
                    if (stream == null) {
                        throw new IllegalStateException("missing resource " + STARTER_RESOURCE);
                    }
                    try (Reader in = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                        local = parse(in, STARTER_RESOURCE);
                    } catch (CatalogueException | IOException e) {
                        throw new IllegalStateException("the shipped starter catalogue is broken: " + e.getMessage(), e);
                    }
                    starter = local;
                }
            }
        }
        return local;
    }

    public Optional<ActorEntry> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Collection<ActorEntry> all() {
        return byId.values();
    }

    public int size() {
        return byId.size();
    }

    /** A copy with {@code e} added, or replacing the entry with the same id. */
    public ActorCatalogue with(ActorEntry e) {
        List<String> problems = validate(e);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("actor " + e.id() + ": " + String.join("; ", problems));
        }
        Map<String, ActorEntry> copy = new LinkedHashMap<>(byId);
        copy.put(e.id(), e);
        if (copy.size() > MAX_ACTORS) {
            throw new IllegalArgumentException("catalogue would exceed " + MAX_ACTORS + " actors");
        }
        return new ActorCatalogue(copy);
    }

    public ActorCatalogue without(String id) {
        if (!byId.containsKey(id)) {
            return this;
        }
        Map<String, ActorEntry> copy = new LinkedHashMap<>(byId);
        copy.remove(id);
        return new ActorCatalogue(copy);
    }

    /** Problems with an entry (empty when it is fine): the limits and consistency rules of the format. */
    public static List<String> validate(ActorEntry e) {
        List<String> problems = new ArrayList<>();
        ActorId.problem(e.id()).ifPresent(problems::add);
        if (e.name() == null || e.name().isBlank()) {
            problems.add("name is missing");
        }
        int aliasCount = e.aliases().size() + e.caseSensitiveAliases().size() + e.roleAliases().size();
        if (aliasCount > MAX_ALIASES_PER_ACTOR) {
            problems.add(aliasCount + " aliases, more than the limit of " + MAX_ALIASES_PER_ACTOR);
        }
        Set<String> allAliases = new LinkedHashSet<>();
        List<String> every = new ArrayList<>(e.aliases());
        every.addAll(e.caseSensitiveAliases());
        e.roleAliases().forEach(r -> every.add(r == null ? null : r.alias()));
        for (String alias : every) {
            if (alias == null || alias.isBlank()) {
                problems.add("empty alias");
            } else if (alias.length() > MAX_ALIAS_LENGTH) {
                problems.add("alias '" + alias.substring(0, 40) + "...' longer than " + MAX_ALIAS_LENGTH + " characters");
            } else if (alias.codePoints().noneMatch(Character::isLetterOrDigit)) {
                problems.add("alias '" + alias + "' has no letter or digit");
            } else if (!alias.equals(alias.strip())) {
                problems.add("alias '" + alias + "' has leading or trailing spaces");
            } else {
                allAliases.add(alias.toLowerCase(java.util.Locale.ROOT));
            }
        }
        for (RoleAlias r : e.roleAliases()) {
            if (r != null && r.validFrom() != null && r.validTo() != null && r.validTo().isBefore(r.validFrom())) {
                problems.add("role alias '" + r.alias() + "' ends (" + r.validTo() + ") before it starts (" + r.validFrom() + ")");
            }
        }
        for (ContextRule rule : e.contextRules()) {
            if (rule.alias() == null || !allAliases.contains(rule.alias().toLowerCase(java.util.Locale.ROOT))) {
                problems.add("context rule for '" + rule.alias() + "', which is not an alias of this actor");
            }
            for (String word : concat(rule.requireAny(), rule.forbidAny())) {
                if (word == null || word.isBlank() || word.equals(">") || word.equals("<")) {
                    problems.add("context rule for '" + rule.alias() + "' has an empty word");
                }
            }
        }
        return problems;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static ActorEntry parseLine(String line, List<String> problems) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            problems.add("not valid JSON: " + e.getOriginalMessage());
            return null;
        }
        if (!(node instanceof ObjectNode obj)) {
            problems.add("expected a JSON object, got " + node.getNodeType());
            return null;
        }
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                problems.add("unknown field '" + field + "' (known: " + String.join(", ", FIELDS) + ")");
            }
        }
        String id = text(obj, "id", problems, true);
        String name = text(obj, "name", problems, true);
        String typeText = text(obj, "type", problems, true);
        ActorKind type = null;
        if (typeText != null) {
            try {
                type = ActorKind.valueOf(typeText);
            } catch (IllegalArgumentException e) {
                problems.add("unknown type '" + typeText + "' (one of " + java.util.Arrays.toString(ActorKind.values()) + ")");
            }
        }
        List<String> aliases = new ArrayList<>(strings(obj, "aliases", problems));
        List<String> caseSensitive = new ArrayList<>(strings(obj, "caseSensitiveAliases", problems));
        // A name listed as case-sensitive ("SANA", "RT") is matched exactly only: not "Sana'a", not "rt".
        if (name != null && !caseSensitive.contains(name) && aliases.stream().noneMatch(a -> a.equalsIgnoreCase(name))) {
            aliases.add(0, name);
        }
        Map<String, AliasKind> kinds = new LinkedHashMap<>();
        // Metonyms ("the Kremlin", "Trump administration") match like aliases; the kind is for reporting.
        for (String metonym : strings(obj, "metonyms", problems)) {
            aliases.add(metonym);
            kinds.put(metonym.toLowerCase(java.util.Locale.ROOT), AliasKind.METONYM);
        }
        List<ContextRule> rules = new ArrayList<>();
        for (String demonym : strings(obj, "demonyms", problems)) {
            caseSensitive.add(demonym);
            kinds.put(demonym.toLowerCase(java.util.Locale.ROOT), AliasKind.DEMONYM);
            List<String> heads = new ArrayList<>();
            DEMONYM_STATE_NOUNS.forEach(w -> heads.add(">" + w));
            DEMONYM_AGENT_NOUNS.forEach(w -> heads.add(">" + w));
            rules.add(new ContextRule(demonym, heads, List.of()));
            // Rule M8b (eval/heldout README, session 39): "the Saudis", "the Iranians" are the state's agents (labelling
            // rule 1); without "the" ("2 million Yemenis") the plural is a population and names nobody. "The
            // Palestinians" and "the Turkmens" are peoples in the press, not a state's agents (M8's seven false actors).
            if (type == ActorKind.COUNTRY && (demonym.endsWith("i") || demonym.endsWith("n")) && !PEOPLES_NOT_AGENTS.contains(demonym)) {
                String plural = demonym + "s";
                caseSensitive.add(plural);
                kinds.put(plural.toLowerCase(java.util.Locale.ROOT), AliasKind.DEMONYM);
                rules.add(new ContextRule(plural, List.of("<the"), List.of()));
            }
        }
        for (String capital : strings(obj, "capitals", problems)) {
            caseSensitive.add(capital);
            kinds.put(capital.toLowerCase(java.util.Locale.ROOT), AliasKind.CAPITAL);
            rules.add(new ContextRule(capital, CAPITAL_STATEMENT_VERBS.stream().map(w -> ">" + w).toList(),
                    CAPITAL_FORBIDDEN_BEFORE));
        }
        JsonNode rulesNode = obj.get("contextRules");
        if (rulesNode != null && !rulesNode.isNull()) {
            if (!rulesNode.isArray()) {
                problems.add("contextRules must be an array");
            } else {
                for (JsonNode r : rulesNode) {
                    if (!(r instanceof ObjectNode ro)) {
                        problems.add("contextRules entries must be objects");
                        continue;
                    }
                    rules.add(new ContextRule(text(ro, "alias", problems, true),
                            strings(ro, "requireAny", problems), strings(ro, "forbidAny", problems)));
                }
            }
        }
        List<RoleAlias> roles = new ArrayList<>();
        JsonNode rolesNode = obj.get("roleAliases");
        if (rolesNode != null && !rolesNode.isNull()) {
            if (!rolesNode.isArray()) {
                problems.add("roleAliases must be an array");
            } else {
                for (JsonNode r : rolesNode) {
                    if (!(r instanceof ObjectNode ro)) {
                        problems.add("roleAliases entries must be objects");
                        continue;
                    }
                    roles.add(new RoleAlias(text(ro, "alias", problems, true), date(ro, "validFrom", problems),
                            date(ro, "validTo", problems)));
                }
            }
        }
        String description = text(obj, "description", problems, false);
        if (!problems.isEmpty()) {
            return null;
        }
        return new ActorEntry(id, name, type, aliases, caseSensitive, rules, roles, description, kinds);
    }

    private static String text(ObjectNode obj, String field, List<String> problems, boolean required) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                problems.add("missing field '" + field + "'");
            }
            return null;
        }
        if (!v.isTextual()) {
            problems.add("field '" + field + "' must be a string");
            return null;
        }
        return v.asText();
    }

    private static List<String> strings(ObjectNode obj, String field, List<String> problems) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            problems.add("field '" + field + "' must be an array of strings");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                problems.add("field '" + field + "' must contain only strings");
            } else {
                out.add(item.asText());
            }
        }
        return out;
    }

    private static LocalDate date(ObjectNode obj, String field, List<String> problems) {
        String s = text(obj, field, problems, false);
        if (s == null) {
            return null;
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            problems.add("field '" + field + "' is not a date YYYY-MM-DD: '" + s + "'");
            return null;
        }
    }
}
