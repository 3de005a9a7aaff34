package org.stancewatch.app.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stancewatch.app.chaos.HostileRecords.Hostile;
import org.stancewatch.app.chaos.HostileRecords.Kind;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.Article;
import org.stancewatch.events.RejectedRecord;
import org.stancewatch.events.Topics;
import org.stancewatch.events.registry.InMemorySchemaRegistryClient;
import org.stancewatch.events.registry.SchemaRegistryClients;
import org.stancewatch.events.serde.AvroDeserializer;
import org.stancewatch.events.serde.AvroSerializer;
import org.stancewatch.pipeline.PipelineSettings;
import org.stancewatch.pipeline.StancewatchPipeline;
import org.stancewatch.pipeline.StancewatchStreamsConfig;
import org.stancewatch.pipeline.catalogue.LiveCatalogue;

/**
 * Fuzz test of the real pipeline topology (TopologyTestDriver: the embedded-broker version of 12,000
 * records including 5 MB bodies would take minutes): 10,000 hostile records of every kind mixed with 500
 * good articles. The topology must never stop, dead-letter every bad record with its specific reason, and
 * count every good one exactly.
 */
class HostileInputTopologyTest {

    private static final int BAD = 10_000;
    private static final int GOOD = 500;

    private final String scope = "hostile-" + UUID.randomUUID();
    private TopologyTestDriver driver;
    private InMemorySchemaRegistryClient registry;
    private Map<String, Object> serdeConfig;
    private final MatcherOnlyEnricher enricher = new MatcherOnlyEnricher();

    @BeforeEach
    void startDriver() {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("application.id", "chaos-hostile");
        overrides.put("state.dir", "target/kafka-streams/" + UUID.randomUUID());
        Properties props = StancewatchStreamsConfig.build("dummy:9092", "mock://" + scope, overrides);
        serdeConfig = new HashMap<>();
        props.forEach((k, v) -> serdeConfig.put(String.valueOf(k), v));
        registry = SchemaRegistryClients.mockScope(scope);
        LiveCatalogue catalogue = new LiveCatalogue(actors -> enricher);
        driver = new TopologyTestDriver(
                StancewatchPipeline.buildTopology(PipelineSettings.from(props), catalogue, List.of(), Clock.systemUTC()),
                props);
    }

    @AfterEach
    void stopDriver() {
        driver.close();
        SchemaRegistryClients.dropScope(scope);
    }

    @Test
    void everyBadRecordIsDeadLetteredWithItsReasonAndEveryGoodOneCounted() {
        AvroSerializer<Article> serializer = new AvroSerializer<>(registry, serdeConfig, false);
        int articleSchemaId = registry.register(Topics.ARTICLES + "-value", Article.getClassSchema());
        int foreignSchemaId = registry.register("elsewhere-value",
                SchemaBuilder.record("Ping").namespace("chaos").fields().requiredString("text").endRecord());
        List<Article> good = ChaosArticles.fromSeeds(Path.of("../../seeds"), 7).generate(GOOD);
        List<Hostile> records = new HostileRecords(11, Topics.ARTICLES, serializer, articleSchemaId, foreignSchemaId, good)
                .generate(BAD);

        TestInputTopic<byte[], byte[]> articles = driver.createInputTopic(Topics.ARTICLES,
                new ByteArraySerializer(), new ByteArraySerializer());
        Map<Long, Hostile> byOffset = new HashMap<>();
        Map<Kind, Integer> sent = new EnumMap<>(Kind.class);
        long offset = 0;
        for (Hostile h : records) {
            articles.pipeInput(h.key(), h.value()); // throws if the topology fails: the pipeline must not stop
            byOffset.put(offset++, h);
            sent.merge(h.kind(), 1, Integer::sum);
        }
        assertTrue(sent.keySet().containsAll(List.of(Kind.values())), "every kind was sent: " + sent);
        assertTrue(records.size() - sent.get(Kind.GOOD) >= BAD);

        // Dead letters: exactly the bad records, each with the reason its kind must get.
        AvroDeserializer<RejectedRecord> rejectedReader = new AvroDeserializer<>(RejectedRecord.class, registry, serdeConfig);
        TestOutputTopic<byte[], byte[]> rejectedTopic = driver.createOutputTopic(Topics.REJECTED,
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Map<String, Integer> wrongReasons = new TreeMap<>();
        Map<Kind, Integer> rejectedByKind = new EnumMap<>(Kind.class);
        for (KeyValue<byte[], byte[]> kv : rejectedTopic.readKeyValuesToList()) {
            RejectedRecord r = rejectedReader.deserialize(Topics.REJECTED, kv.value);
            Hostile source = byOffset.get(r.getSourceOffset());
            rejectedByKind.merge(source.kind(), 1, Integer::sum);
            if (!source.kind().expectedReasons().contains(r.getReason())) {
                wrongReasons.merge(source.kind() + " -> " + r.getReason(), 1, Integer::sum);
            }
            assertTrue(r.getMessage().length() > 10, "a message that explains: " + r.getMessage());
        }
        assertEquals(Map.of(), wrongReasons, "bad records dead-lettered with another reason than expected");
        Map<Kind, Integer> expectedRejected = new EnumMap<>(Kind.class);
        sent.forEach((kind, n) -> {
            if (!kind.mustBeCounted()) {
                expectedRejected.put(kind, n);
            }
        });
        assertEquals(expectedRejected, rejectedByKind, "every bad record dead-lettered once, no good one");

        // Counts: the last version of every counted article, matched independently, per actor and day.
        AvroDeserializer<Article> articleReader = new AvroDeserializer<>(Article.class, registry, serdeConfig);
        Map<String, Article> latest = new LinkedHashMap<>();
        for (Hostile h : records) {
            if (h.kind().mustBeCounted()) {
                Article a = articleReader.deserialize(Topics.ARTICLES, h.value());
                latest.put(a.getId(), a);
            }
        }
        Map<String, TreeSet<String>> expectedIds = new TreeMap<>();
        Map<String, Long> expectedMentions = new TreeMap<>();
        for (Article a : latest.values()) {
            LocalDate day = a.getPublishedDate();
            enricher.mentionCounts(a, day).forEach((actor, n) -> {
                String row = actor + "|" + day;
                expectedIds.computeIfAbsent(row, r -> new TreeSet<>()).add(a.getId());
                expectedMentions.merge(row, (long) n, Long::sum);
            });
        }
        assertTrue(expectedIds.size() > 100, "the good articles spread over many actor-days: " + expectedIds.size());

        AvroDeserializer<ActorDay> dayReader = new AvroDeserializer<>(ActorDay.class, registry, serdeConfig);
        // The count step sends changed rows every flush interval (wall clock, 200 ms): let one pass.
        driver.advanceWallClockTime(java.time.Duration.ofSeconds(1));
        Map<String, ActorDay> table = new TreeMap<>();
        for (KeyValue<byte[], byte[]> kv : driver.createOutputTopic(Topics.MENTIONS_DAILY, new ByteArrayDeserializer(),
                new ByteArrayDeserializer()).readKeyValuesToList()) {
            String key = new String(kv.key, StandardCharsets.UTF_8);
            if (key.split("\\|", -1).length == 2) { // all-outlet rows; per-outlet rows add up to them
                table.put(key, kv.value == null ? null : dayReader.deserialize(Topics.MENTIONS_DAILY, kv.value));
            }
        }
        table.values().removeIf(v -> v == null || v.getArticles() == 0);
        assertEquals(expectedIds.keySet(), table.keySet(), "the actor-days counted");
        expectedIds.forEach((row, ids) -> {
            ActorDay actual = table.get(row);
            List<String> drillDown = org.stancewatch.pipeline.daily.DailyContributions.articleIds(driver
                    .<String, org.stancewatch.pipeline.internal.Contribution>getKeyValueStore(
                            org.stancewatch.pipeline.StoreNames.MENTIONS_DAILY_CONTRIBUTIONS), row);
            assertEquals(ids, new TreeSet<>(drillDown), row + ": articles counted");
            assertEquals(ids.size(), actual.getArticles(), row + ": article count (no double counting)");
            assertEquals(expectedMentions.get(row), actual.getMentions(), row + ": mentions");
        });
    }
}
