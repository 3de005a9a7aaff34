package org.stancewatch.nlp.catalogue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActorCatalogueTest {

    @Test
    void starterCatalogueCoversEveryGoldActorAndHundredsMore() throws IOException {
        ActorCatalogue starter = ActorCatalogue.starter();
        var gold = new ObjectMapper().readTree(Path.of("../../eval/seed-gold.json").toFile()).get("articles");
        gold.forEach(article -> article.get("stance").fieldNames().forEachRemaining(
                id -> assertTrue(starter.get(id).isPresent(), "starter catalogue lacks gold actor " + id)));
        assertTrue(starter.size() >= 400, "size " + starter.size());
        assertTrue(starter.all().stream().filter(e -> e.type() == ActorKind.COUNTRY).count() >= 190);
        ActorEntry us = starter.get("united-states").orElseThrow();
        assertTrue(us.caseSensitiveAliases().containsAll(List.of("US", "U.S.", "American", "Washington")));
    }

    @Test
    void demonymsAndCapitalsBecomeCaseSensitiveAliasesWithContextRules() throws CatalogueException {
        ActorCatalogue c = ActorCatalogue.parse(new StringReader(
                "{\"id\":\"iraq\",\"name\":\"Iraq\",\"type\":\"COUNTRY\",\"demonyms\":[\"Iraqi\"],\"capitals\":[\"Baghdad\"]}"), "t");
        ActorEntry iraq = c.get("iraq").orElseThrow();
        assertEquals(List.of("Iraq"), iraq.aliases());
        // "Iraqis" after "the" (rule M8b)
        assertEquals(List.of("Iraqi", "Iraqis", "Baghdad"), iraq.caseSensitiveAliases());
        assertTrue(iraq.contextRules().get(0).requireAny().contains(">government"));
        assertEquals(List.of("<the"), iraq.contextRules().get(1).requireAny());
        assertTrue(iraq.contextRules().get(2).forbidAny().contains("<in"));
    }

    @Test
    void metonymsDemonymsAndCapitalsKeepTheirKind() throws CatalogueException {
        ActorCatalogue c = ActorCatalogue.parse(new StringReader("{\"id\":\"russia\",\"name\":\"Russia\",\"type\":\"COUNTRY\","
                + "\"metonyms\":[\"the Kremlin\"],\"demonyms\":[\"Russian\"],\"capitals\":[\"Moscow\"]}"), "t");
        ActorEntry russia = c.get("russia").orElseThrow();
        assertEquals(List.of("Russia", "the Kremlin"), russia.aliases());
        assertEquals(AliasKind.METONYM, russia.kindOf("The Kremlin"));
        assertEquals(AliasKind.DEMONYM, russia.kindOf("Russian"));
        assertEquals(AliasKind.CAPITAL, russia.kindOf("Moscow"));
        assertEquals(AliasKind.NAME, russia.kindOf("Russia"));
        // a demonym also names the country before an agent or act of the state ("Russian general")
        assertTrue(russia.contextRules().get(0).requireAny().containsAll(List.of(">general", ">blockade", ">workers")));
    }

    @Test
    void reportsEveryBadEntryWithItsLine() {
        String text = String.join("\n",
                "# comment",
                "{\"id\":\"ok\",\"name\":\"Fine\",\"type\":\"PERSON\"}",
                "{\"id\":\"broken\",",
                "{\"name\":\"No id\",\"type\":\"PERSON\"}",
                "{\"id\":\"x1\",\"name\":\"X\",\"type\":\"WIZARD\"}",
                "",
                "{\"id\":\"ok\",\"name\":\"Again\",\"type\":\"PERSON\"}",
                "{\"id\":\"x2\",\"name\":\"X\",\"type\":\"PERSON\",\"contextRules\":[{\"alias\":\"Y\",\"requireAny\":[\"said\"]}]}",
                "{\"id\":\"x3\",\"name\":\"X\",\"type\":\"PERSON\",\"roleAliases\":[{\"alias\":\"Boss\",\"validFrom\":\"2017-13-01\"}]}",
                "{\"id\":\"x4\",\"name\":\"X\",\"type\":\"PERSON\",\"colour\":\"red\"}",
                "{\"id\":\"Bad Id\",\"name\":\"X\",\"type\":\"PERSON\"}");
        CatalogueException e = assertThrows(CatalogueException.class, () -> ActorCatalogue.parse(new StringReader(text), "actors.jsonl"));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("actors.jsonl:3: not valid JSON"), all);
        assertTrue(all.contains("actors.jsonl:4: missing field 'id'"), all);
        assertTrue(all.contains("actors.jsonl:5: unknown type 'WIZARD'"), all);
        assertTrue(all.contains("actors.jsonl:7: duplicate id 'ok'"), all);
        assertTrue(all.contains("actors.jsonl:8: context rule for 'Y', which is not an alias"), all);
        assertTrue(all.contains("actors.jsonl:9: field 'validFrom' is not a date"), all);
        assertTrue(all.contains("actors.jsonl:10: unknown field 'colour'"), all);
        assertTrue(all.contains("actors.jsonl:11: id 'Bad Id'"), all);
        assertFalse(all.contains(":2:"), "line 2 is fine");
    }

    @Test
    void enforcesAliasLimits() {
        String many = IntStream.range(0, ActorCatalogue.MAX_ALIASES_PER_ACTOR + 1).mapToObj(i -> "\"a" + i + "\"")
                .collect(Collectors.joining(","));
        String longAlias = "x".repeat(ActorCatalogue.MAX_ALIAS_LENGTH + 1);
        String text = "{\"id\":\"m\",\"name\":\"M\",\"type\":\"OTHER\",\"aliases\":[" + many + "]}\n"
                + "{\"id\":\"l\",\"name\":\"L\",\"type\":\"OTHER\",\"aliases\":[\"" + longAlias + "\", \"--\"]}";
        CatalogueException e = assertThrows(CatalogueException.class, () -> ActorCatalogue.parse(new StringReader(text), "big"));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("big:1: 202 aliases, more than the limit of " + ActorCatalogue.MAX_ALIASES_PER_ACTOR), all);
        assertTrue(all.contains("big:2: alias 'xxxx"), all);
        assertTrue(all.contains("big:2: alias '--' has no letter or digit"), all);
    }

    @Test
    void loadNamesTheFileAndWithWithoutReplaceEntries(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("actors.jsonl");
        Files.writeString(file, "{\"id\":\"a\",\"name\":\"A\",\"type\":\"ORGANIZATION\",\"aliases\":[\"Alpha\"],"
                + "\"roleAliases\":[{\"alias\":\"Alpha chief\",\"validFrom\":\"2017-01-01\"}],\"description\":\"d\"}\n");
        ActorCatalogue c = ActorCatalogue.load(file);
        assertEquals(1, c.size());
        assertEquals(LocalDate.of(2017, 1, 1), c.get("a").orElseThrow().roleAliases().get(0).validFrom());
        ActorCatalogue more = c.with(new ActorEntry("b", "B", ActorKind.PERSON, List.of("Bee"), List.of(), List.of(), List.of(), null));
        assertEquals(2, more.size());
        assertEquals(1, c.size(), "immutable");
        assertEquals(1, more.without("a").size());
        assertThrows(IllegalArgumentException.class,
                () -> c.with(new ActorEntry("bad id", "B", ActorKind.PERSON, List.of(), List.of(), List.of(), List.of(), null)));
        CatalogueException missing = assertThrows(CatalogueException.class, () -> ActorCatalogue.load(dir.resolve("nope.jsonl")));
        assertTrue(missing.getMessage().contains("nope.jsonl"));
    }
}
