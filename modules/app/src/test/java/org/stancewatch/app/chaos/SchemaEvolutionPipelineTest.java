package org.stancewatch.app.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.Article;
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
 * A producer on a newer Article schema (v2: one more optional field) writes through the registry as a
 * generic client; the pipeline, built on the v1 classes, reads it by schema resolution and counts it.
 */
class SchemaEvolutionPipelineTest {

    private final String scope = "evolution-" + UUID.randomUUID();
    private TopologyTestDriver driver;
    private InMemorySchemaRegistryClient registry;
    private Map<String, Object> serdeConfig;

    @BeforeEach
    void startDriver() {
        Properties props = StancewatchStreamsConfig.build("dummy:9092", "mock://" + scope, Map.of(
                "application.id", "chaos-evolution", "state.dir", "target/kafka-streams/" + UUID.randomUUID()));
        serdeConfig = new HashMap<>();
        props.forEach((k, v) -> serdeConfig.put(String.valueOf(k), v));
        registry = SchemaRegistryClients.mockScope(scope);
        MatcherOnlyEnricher enricher = new MatcherOnlyEnricher();
        driver = new TopologyTestDriver(StancewatchPipeline.buildTopology(PipelineSettings.from(props),
                new LiveCatalogue(actors -> enricher), List.of(), Clock.systemUTC()), props);
    }

    @AfterEach
    void stopDriver() {
        driver.close();
        SchemaRegistryClients.dropScope(scope);
    }

    @Test
    void v2ArticleFromGenericProducerIsCountedByV1Pipeline() {
        int v1 = registry.register(Topics.ARTICLES + "-value", Article.getClassSchema());
        Schema v2 = ArticleSchemas.v2WithOptionalSection();
        GenericRecord article = new GenericData.Record(v2);
        article.put("id", "v2-article");
        article.put("title", "Mosul");
        article.put("body", "The Iraqi army and ISIS fought for Mosul. Russia said nothing.");
        article.put("outlet", "Rudaw");
        article.put("publishedDate", (int) LocalDate.of(2017, 7, 10).toEpochDay());
        article.put("ingestedAt", 1_700_000_000_000L);
        article.put("metadata", Map.of());
        article.put(ArticleSchemas.V2_FIELD, "World");
        // A generic client on v2: registers v2 (BACKWARD-compatible) and writes with its id.
        byte[] value = new AvroSerializer<GenericRecord>(registry, serdeConfig, false).serialize(Topics.ARTICLES, article);
        int writtenWith = java.nio.ByteBuffer.wrap(value, 1, 4).getInt();
        assertNotEquals(v1, writtenWith, "written with the v2 schema id");
        assertEquals(v2, registry.getById(writtenWith));

        driver.createInputTopic(Topics.ARTICLES, new ByteArraySerializer(), new ByteArraySerializer())
                .pipeInput("v2-article".getBytes(StandardCharsets.UTF_8), value);

        assertTrue(driver.createOutputTopic(Topics.REJECTED, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .isEmpty(), "nothing dead-lettered");
        AvroDeserializer<ActorDay> days = new AvroDeserializer<>(ActorDay.class, registry, serdeConfig);
        // The count step sends changed rows every flush interval (wall clock, 200 ms): let one pass.
        driver.advanceWallClockTime(java.time.Duration.ofSeconds(1));
        Map<String, ActorDay> rows = new HashMap<>();
        for (KeyValue<byte[], byte[]> kv : driver.createOutputTopic(Topics.MENTIONS_DAILY, new ByteArrayDeserializer(),
                new ByteArrayDeserializer()).readKeyValuesToList()) {
            rows.put(new String(kv.key, StandardCharsets.UTF_8), days.deserialize(Topics.MENTIONS_DAILY, kv.value));
        }
        ActorDay isis = rows.get("isis|2017-07-10");
        assertTrue(isis != null, "ISIS counted on the article's day: " + rows.keySet());
        assertEquals(1, isis.getArticles());
    }
}
