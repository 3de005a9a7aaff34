package org.stancewatch.nlp.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OutletSidesTest {

    @Test
    void everySideIsACatalogueActor() {
        ActorCatalogue actors = ActorCatalogue.starter();
        assertTrue(OutletSides.starter().outlets().size() >= 40);
        for (OutletSides.Outlet o : OutletSides.starter().outlets()) {
            for (String id : o.sides()) {
                assertTrue(actors.get(id).isPresent(), o.outlet() + "'s side " + id + " is not in the actor catalogue");
            }
        }
    }

    @Test
    void theSiteDecidesFirstThenTheName() {
        OutletSides sides = OutletSides.starter();
        assertEquals(Set.of("iran"), sides.sidesOf(null, "https://www.presstv.ir/Detail/2019/09/15/606274"));
        assertEquals(Set.of("turkey"), sides.sidesOf("AFP", "https://dailysabah.com/mideast/2018/06/19/x/amp"),
            "wire copy on a state-aligned site: the site is what the product knows");
        assertEquals(Set.of("saudi-arabia"), sides.sidesOf("Reuters", "english.alarabiya.net/News/x"), "a subdomain, no scheme");
        assertEquals(Set.of("russia"), sides.sidesOf("TASS", null));
        assertEquals(Set.of("russia"), sides.sidesOf("RT", "https://daily8.com/x"), "a mirror: the name still tells");
        assertEquals(Set.of(), sides.sidesOf("Reuters", "https://www.reuters.com/world/x"));
        assertEquals(Set.of(), sides.sidesOf(null, null));
        assertEquals(Set.of(), sides.sidesOf("", "not a url at all %%"));
    }

    @Test
    void shortNamesMatchOnlyAsWrittenAndNamesOnlyAsWholeWords() {
        OutletSides sides = OutletSides.starter();
        assertEquals(Set.of(), sides.sidesOf("Sport news", null), "'rt' inside a word, lower case");
        assertEquals(Set.of(), sides.sidesOf("art", null));
        assertEquals(Set.of(), sides.sidesOf("Daily Sabahat", null));
        assertEquals(Set.of("turkey"), sides.sidesOf("daily sabah", null), "longer names ignore case");
        assertEquals(Set.of(), sides.sidesOf("The Guardian", "https://www.theguardian.com/x"));
        assertEquals(Set.of(), sides.sidesOf(null, "https://notpresstv.ir/x"), "a host merely ending in the same letters");
    }

    @Test
    void badLinesAreAllReportedWithTheirLineNumbers() {
        String text = "# comment\n\n{\"outlet\": \"A\", \"names\": [\"A\"]}\nnot json\n{\"names\": [\"B\"], \"sides\": [\"iran\"]}\n"
            + "{\"outlet\": \"C\", \"names\": [\"C\"], \"sides\": [\"iran\"]}\n";
        IOException e = assertThrows(IOException.class,
            () -> OutletSides.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "outlets.jsonl"));
        assertTrue(e.getMessage().contains("outlets.jsonl:3: A has no sides"), e.getMessage());
        assertTrue(e.getMessage().contains("outlets.jsonl:4: not a JSON object"), e.getMessage());
        assertTrue(e.getMessage().contains("outlets.jsonl:5: \"outlet\" is missing"), e.getMessage());
        assertEquals(3, e.getMessage().lines().count());
    }
}
