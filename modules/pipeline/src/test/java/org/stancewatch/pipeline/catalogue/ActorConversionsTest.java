package org.stancewatch.pipeline.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stancewatch.events.Actor;
import org.stancewatch.events.ActorType;
import org.stancewatch.events.ContextRule;
import org.stancewatch.events.RoleAlias;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.catalogue.ActorEntry;
import org.stancewatch.nlp.catalogue.ActorKind;

class ActorConversionsTest {

    static Actor actor(String id, String name, String... aliases) {
        return Actor.newBuilder().setId(id).setName(name).setType(ActorType.ORGANIZATION)
                .setAliases(List.of(aliases)).build();
    }

    @Test
    void everyStarterActorSurvivesTheRoundTrip() {
        List<ActorEntry> starter = List.copyOf(ActorCatalogue.starter().all());
        assertTrue(starter.size() > 20);
        for (ActorEntry entry : starter) {
            assertEquals(entry, ActorConversions.toEntry(ActorConversions.toAvro(entry)), entry.id());
        }
        assertEquals(starter.size(), ActorConversions.starterActors().size());
    }

    @Test
    void allFieldsAreCarriedOver() {
        Actor avro = Actor.newBuilder()
                .setId("nouri-al-maliki").setName("Nouri al-Maliki").setType(ActorType.PERSON)
                .setAliases(List.of("Nouri al-Maliki", "Maliki"))
                .setCaseSensitiveAliases(List.of("NM"))
                .setContextRules(List.of(new ContextRule("Maliki", List.of("Iraq"), List.of("football"))))
                .setRoleAliases(List.of(new RoleAlias("Iraq's Vice President", LocalDate.of(2014, 9, 9), null)))
                .setDescription("Iraqi politician")
                .build();
        ActorEntry entry = ActorConversions.toEntry(avro);
        assertEquals(ActorKind.PERSON, entry.type());
        assertEquals(List.of("NM"), entry.caseSensitiveAliases());
        assertEquals(List.of("football"), entry.contextRules().get(0).forbidAny());
        assertEquals(LocalDate.of(2014, 9, 9), entry.roleAliases().get(0).validFrom());
        assertEquals("Iraqi politician", entry.description());
        assertEquals(avro, ActorConversions.toAvro(entry));
    }

    @Test
    void invalidActorIsLeftOutOfTheCatalogueNotFatal() {
        Actor good = actor("zork-party", "Zork Party", "Zork Party");
        Actor bad = actor("Bad Id!", "", " ");
        assertFalse(ActorConversions.problems(bad).isEmpty());
        ActorCatalogue catalogue = ActorConversions.toCatalogue(List.of(good, bad));
        assertEquals(1, catalogue.size());
        assertTrue(catalogue.get("zork-party").isPresent());
    }
}
