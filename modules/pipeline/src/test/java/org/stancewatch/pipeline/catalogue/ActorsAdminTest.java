package org.stancewatch.pipeline.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stancewatch.pipeline.catalogue.ActorConversionsTest.actor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.stancewatch.events.Actor;
import org.stancewatch.events.Topics;
import org.stancewatch.events.serde.AvroSerde;
import org.stancewatch.pipeline.PipelineSerdes;
import org.stancewatch.pipeline.TestSupport;

class ActorsAdminTest {

    private final Map<String, Object> config = TestSupport.serdeConfig(TestSupport.driverProps(Map.of()));
    private final AvroSerde<Actor> serde = PipelineSerdes.value(Actor.class, config);
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final List<ConsumerRecord<String, byte[]>> topicContent = new ArrayList<>();
    private final TopicPartition partition = new TopicPartition(Topics.ACTORS, 0);

    private MockConsumer<String, byte[]> consumer() {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
        consumer.updatePartitions(Topics.ACTORS,
                List.of(new PartitionInfo(Topics.ACTORS, 0, Node.noNode(), new Node[0], new Node[0])));
        consumer.updateBeginningOffsets(Map.of(partition, 0L));
        consumer.updateEndOffsets(Map.of(partition, (long) topicContent.size()));
        consumer.schedulePollTask(() -> topicContent.forEach(consumer::addRecord));
        return consumer;
    }

    private void onTopic(String id, Actor actor) {
        topicContent.add(new ConsumerRecord<>(Topics.ACTORS, 0, topicContent.size(), id,
                actor == null ? null : serde.serializer().serialize(Topics.ACTORS, actor)));
    }

    private ActorsAdmin admin() {
        return new ActorsAdmin(config, () -> producer, this::consumer);
    }

    @Test
    void listReadsTheTopicToItsEndHonouringUpdatesAndTombstones() {
        onTopic("zork-party", actor("zork-party", "Zork Party", "Zork Party"));
        onTopic("acme", actor("acme", "Acme", "Acme"));
        onTopic("zork-party", actor("zork-party", "Zork People's Party", "Zork Party", "ZPP"));
        onTopic("acme", null);

        List<Actor> actors = admin().list();

        assertEquals(1, actors.size());
        assertEquals("Zork People's Party", actors.get(0).getName());
    }

    @Test
    void putWritesTheActorKeyedByIdWithAnUpdateTime() {
        admin().put(actor("zork-party", "Zork Party", "Zork Party"));

        assertEquals(1, producer.history().size());
        assertEquals("zork-party", producer.history().get(0).key());
        Actor written = serde.deserializer().deserialize(Topics.ACTORS, producer.history().get(0).value());
        assertEquals("Zork Party", written.getName());
        assertNotNull(written.getUpdatedAt());
    }

    @Test
    void invalidActorIsRefusedWithItsProblems() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> admin().put(actor("Bad Id", "Bad")));
        assertTrue(e.getMessage().contains("Bad Id"), e.getMessage());
        assertTrue(producer.history().isEmpty());
    }

    @Test
    void removeWritesATombstoneOnlyForAKnownActor() {
        onTopic("acme", actor("acme", "Acme", "Acme"));

        assertFalse(admin().remove("nobody"));
        assertTrue(producer.history().isEmpty());
        assertTrue(admin().remove("acme"));
        assertEquals("acme", producer.history().get(0).key());
        assertNull(producer.history().get(0).value());
    }

    @Test
    void seederWritesTheStarterCatalogueOnlyIntoAnEmptyTopic() {
        CatalogueSeeder seeder = new CatalogueSeeder(config, () -> producer, this::consumer);
        int seeded = seeder.seedStarterIfEmpty();
        assertTrue(seeded > 20);
        assertEquals(seeded, producer.history().size());

        onTopic("acme", null); // a topic that has held records, even if now only a tombstone
        assertEquals(0, seeder.seedStarterIfEmpty());
        assertEquals(seeded, producer.history().size());
    }

    /** ActorsAdmin closes its producer after each write: edits that write more than once need a fresh one each time. */
    private final List<MockProducer<String, byte[]>> producers = new ArrayList<>();

    private ActorsAdmin editingAdmin() {
        return new ActorsAdmin(config, () -> {
            MockProducer<String, byte[]> p = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
            producers.add(p);
            return p;
        }, this::consumer);
    }

    private List<org.apache.kafka.clients.producer.ProducerRecord<String, byte[]>> sent() {
        return producers.stream().flatMap(p -> p.history().stream()).toList();
    }

    private Actor written(int i) {
        return serde.deserializer().deserialize(Topics.ACTORS, sent().get(i).value());
    }

    private static Actor starter(String id) {
        return ActorConversions.starterActors().stream().filter(a -> a.getId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void addRefusesToOverwriteAnExistingIdAndNamesTheAliasesItWouldDrop() {
        onTopic("wagner-group", starter("wagner-group"));

        ActorsAdmin.ActorExistsException e = assertThrows(ActorsAdmin.ActorExistsException.class,
                () -> editingAdmin().add(actor("wagner-group", "Wagner Group", "Wagner"), false));

        assertTrue(sent().isEmpty(), "nothing written");
        assertEquals(List.of("Wagner Group", "Wagner mercenaries", "Wagner PMC", "Africa Corps"), e.wouldDrop());
        assertTrue(e.getMessage().contains("already exists") && e.getMessage().contains("'Africa Corps'"), e.getMessage());

        assertEquals("Wagner Group", editingAdmin().add(actor("wagner-group", "Wagner Group", "Wagner"), true).orElseThrow().getName());
        assertEquals(List.of("Wagner"), written(0).getAliases(), "--replace replaces");
        assertTrue(editingAdmin().add(actor("zork-party", "Zork Party", "Zork Party"), false).isEmpty(), "a new id is simply added");
    }

    @Test
    void aliasAddKeepsEveryOtherPartOfTheActor() {
        Actor iraq = starter("iraq");
        onTopic("iraq", iraq);

        List<String> added = editingAdmin().addAliases("iraq", List.of("Mesopotamia", "republic of iraq"), false);

        assertEquals(List.of("Mesopotamia"), added, "an alias it has in another case is not added twice");
        Actor after = written(0);
        List<String> expected = new java.util.ArrayList<>(iraq.getAliases());
        expected.add("Mesopotamia");
        assertEquals(expected, after.getAliases());
        assertEquals(iraq.getCaseSensitiveAliases(), after.getCaseSensitiveAliases(), "demonym and capital kept");
        assertEquals(iraq.getContextRules(), after.getContextRules());

        assertEquals(List.of("IQ"), editingAdmin().addAliases("iraq", List.of("IQ"), true));
        assertTrue(written(1).getCaseSensitiveAliases().contains("IQ"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> editingAdmin().addAliases("atlantis", List.of("Atlantis"), false));
        assertTrue(unknown.getMessage().contains("'atlantis'"), unknown.getMessage());
    }

    @Test
    void aliasRemoveDropsTheAliasAndItsRuleButNeverTheLastAlias() {
        onTopic("iraq", starter("iraq"));

        assertEquals(List.of("Baghdad"), editingAdmin().removeAliases("iraq", List.of("baghdad")));
        Actor after = written(0);
        assertFalse(after.getCaseSensitiveAliases().contains("Baghdad"));
        assertTrue(after.getContextRules().stream().noneMatch(r -> r.getAlias().equals("Baghdad")), "its context rule goes too");
        assertTrue(after.getCaseSensitiveAliases().contains("Iraqi"));

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> editingAdmin().removeAliases("iraq", List.of("Persia")));
        assertTrue(missing.getMessage().contains("'Persia'") && missing.getMessage().contains("'Republic of Iraq'"), missing.getMessage());
        IllegalArgumentException last = assertThrows(IllegalArgumentException.class,
                () -> editingAdmin().removeAliases("iraq", ActorsAdmin.allAliases(starter("iraq"))));
        assertTrue(last.getMessage().contains("no alias"), last.getMessage());
    }
}
