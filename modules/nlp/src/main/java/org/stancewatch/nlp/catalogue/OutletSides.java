package org.stancewatch.nlp.catalogue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which catalogue actors an outlet is an organ of (its "sides": the state or movement that owns, funds or directs it),
 * read from JSON Lines ({@code modules/nlp/README.md}, "Outlet sides"). A state broadcaster's own side is the one
 * partisan outlets take most often and the analyser reads worst: twelve report sets in a row read it NEUTRAL
 * (eval/heldout README), because the outlet's stance is in who it is, not in any one sentence. The article decision
 * may use whether the actor is one of the publishing outlet's sides as a feature.
 */
public final class OutletSides {

    public static final String STARTER_RESOURCE = "/catalogue/outlet-sides.jsonl";

    /** One outlet: the names a producer may give it, its sites, and the actor ids it speaks for. */
    public record Outlet(String outlet, List<Pattern> names, List<String> domains, Set<String> sides) {}

    private static volatile OutletSides starter;

    private final List<Outlet> outlets;

    private OutletSides(List<Outlet> outlets) {
        this.outlets = List.copyOf(outlets);
    }

    /** The committed outlet list, read once. */
    public static OutletSides starter() {
        OutletSides s = starter;
        if (s == null) {
            synchronized (OutletSides.class) {
                if (starter == null) {
                    try (InputStream in = OutletSides.class.getResourceAsStream(STARTER_RESOURCE)) {
                        if (in == null) throw new IllegalStateException("missing resource " + STARTER_RESOURCE);
                        starter = read(in, STARTER_RESOURCE);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                s = starter;
            }
        }
        return s;
    }

    /**
     * Reads an outlet list; '#' comments and blank lines are skipped. Every bad line is reported at once, as
     * "source:line: reason".
     */
    public static OutletSides read(InputStream in, String sourceName) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Outlet> outlets = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            String where = sourceName + ":" + lineNo + ": ";
            try {
                JsonNode n = json.readTree(t);
                String outlet = n.path("outlet").asText("");
                List<Pattern> names = new ArrayList<>();
                n.path("names").forEach(name -> names.add(namePattern(name.asText())));
                List<String> domains = new ArrayList<>();
                n.path("domains").forEach(d -> domains.add(d.asText().toLowerCase(Locale.ROOT)));
                Set<String> sides = new LinkedHashSet<>();
                n.path("sides").forEach(id -> sides.add(id.asText()));
                if (outlet.isBlank()) problems.add(where + "\"outlet\" is missing");
                else if (names.isEmpty() && domains.isEmpty()) problems.add(where + outlet + " has neither names nor domains");
                else if (sides.isEmpty()) problems.add(where + outlet + " has no sides");
                else outlets.add(new Outlet(outlet, names, domains, sides));
            } catch (JsonProcessingException e) {
                problems.add(where + "not a JSON object: " + e.getOriginalMessage());
            }
        }
        if (!problems.isEmpty()) throw new IOException(String.join("\n", problems));
        return new OutletSides(outlets);
    }

    /** A name as whole words, case-insensitive unless it is three letters or fewer ("RT", "RIA", not "rt"). */
    private static Pattern namePattern(String name) {
        String quoted = "(?<![\\p{L}\\p{N}])" + Pattern.quote(name) + "(?![\\p{L}\\p{N}])";
        return name.length() <= 3 ? Pattern.compile(quoted) : Pattern.compile(quoted, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /**
     * The actor ids the publishing outlet speaks for: by the URL's host if it is one of an outlet's sites, else by
     * the outlet's name as the producer gave it; empty when neither is known or listed.
     */
    public Set<String> sidesOf(String outletName, String url) {
        String host = hostOf(url);
        if (host != null) {
            for (Outlet o : outlets) {
                for (String d : o.domains()) {
                    if (host.equals(d) || host.endsWith("." + d)) return o.sides();
                }
            }
        }
        if (outletName != null && !outletName.isBlank()) {
            for (Outlet o : outlets) {
                for (Pattern p : o.names()) {
                    if (p.matcher(outletName).find()) return o.sides();
                }
            }
        }
        return Set.of();
    }

    /** The outlets listed, in file order. */
    public List<Outlet> outlets() {
        return outlets;
    }

    /** The URL's host in lower case, or null if there is none or it does not parse. */
    static String hostOf(String url) {
        if (url == null || url.isBlank()) return null;
        try {
            String u = url.strip();
            String host = URI.create(u.contains("://") ? u : "http://" + u).getHost();
            return host == null ? null : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
