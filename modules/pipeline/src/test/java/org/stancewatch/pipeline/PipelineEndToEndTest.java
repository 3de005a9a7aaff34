package org.stancewatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stancewatch.pipeline.EmbeddedClusterExtension.waitFor;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.stancewatch.events.Actor;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.ActorType;
import org.stancewatch.events.Article;
import org.stancewatch.events.RejectedRecord;
import org.stancewatch.events.Topics;
import org.stancewatch.events.serde.AvroSerde;
import org.stancewatch.pipeline.catalogue.ActorsAdmin;
import org.stancewatch.pipeline.catalogue.CatalogueSeeder;
import org.stancewatch.pipeline.enrich.AnalyzerEnricher;

/**
 * The real thing on an in-process broker and registry: topic setup, seeding, exactly-once KafkaStreams,
 * interactive queries, a live catalogue change through ActorsAdmin, and a dead letter.
 */
class PipelineEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @RegisterExtension
    static final EmbeddedClusterExtension CLUSTER = new EmbeddedClusterExtension();

    @Test
    void articlesAreEnrichedCountedQueryableAndActorChangesApplyLive() throws Exception {
        try (Admin admin = Admin.create(CLUSTER.clientConfig())) {
            TopicSetup setup = new TopicSetup(Topics.defaults(), 2, (short) 1);
            assertEquals(7, setup.createMissing(admin).size());
            assertEquals(List.of(), setup.createMissing(admin), "idempotent");
        }
        CatalogueSeeder seeder = new CatalogueSeeder(CLUSTER.clientConfig());
        int seeded = seeder.seedStarterIfEmpty();
        assertTrue(seeded > 20);
        assertEquals(0, seeder.seedStarterIfEmpty(), "never re-seeded");

        Properties props = StancewatchStreamsConfig.build(CLUSTER.cluster().bootstrapServers(), CLUSTER.cluster().registryUrl(), Map.of(
                "application.id", "e2e-" + UUID.randomUUID(),
                "state.dir", CLUSTER.dataDir().resolve("streams").toString(),
                "num.stream.threads", 1));
        try (StancewatchPipeline pipeline = StancewatchPipeline.withAlerts(props,
                AnalyzerEnricher.factory(RealAnalyzer.INSTANCE));
             AvroSerde<Article> articleSerde = PipelineSerdes.value(Article.class, CLUSTER.clientConfig());
             KafkaProducer<String, Article> producer = new KafkaProducer<>(CLUSTER.producerConfig(),
                     new org.apache.kafka.common.serialization.StringSerializer(), articleSerde.serializer())) {
            pipeline.start();
            waitFor("RUNNING", WAIT, () -> pipeline.streams().state() == KafkaStreams.State.RUNNING);
            waitFor("the seeded catalogue", WAIT, () -> pipeline.catalogue().actors().size() == seeded);

            LocalDate day = LocalDate.of(2017, 7, 21);
            Article article = TestSupport.article("e2e-1", "Alwaght", day, "Mosul",
                    "The Iraqi army defeated ISIS in Mosul. ISIS fighters fled, and the Zork Liberation Front said nothing.");
            producer.send(new ProducerRecord<>(Topics.ARTICLES, article.getId(), article)).get();
            producer.send(new ProducerRecord<>(Topics.ARTICLES, article.getId(), article)).get();
            waitFor("isis counted", WAIT, () -> articles(pipeline, "isis|" + day) == 1);
            assertEquals("e2e-1", pipeline.articlesStore().get("e2e-1").getId());
            // The article's own voice on ISIS, through the holder repartition on the real broker.
            waitFor("the outlet's stance on isis", WAIT, () -> {
                var row = pipeline.holderStancesStore().get("outlet:Alwaght|isis|" + day);
                return row != null && row.getSentences() > 0 && row.getArticles() == 1;
            });
            assertEquals(pipeline.holderStancesStore().get("outlet:Alwaght|isis|" + day),
                    pipeline.holderStancesByTargetStore().get("isis|outlet:Alwaght|" + day));

            try (ActorsAdmin actors = new ActorsAdmin(CLUSTER.clientConfig())) {
                actors.put(Actor.newBuilder().setId("zork-liberation-front").setName("Zork Liberation Front")
                        .setType(ActorType.ARMED_GROUP).setAliases(List.of("Zork Liberation Front")).build());
                assertTrue(actors.list().stream().anyMatch(a -> a.getId().equals("zork-liberation-front")));
            }
            waitFor("the new actor", WAIT, () -> pipeline.catalogue().actors().size() == seeded + 1);
            producer.send(new ProducerRecord<>(Topics.ARTICLES, article.getId(), article)).get();
            waitFor("zork counted", WAIT, () -> articles(pipeline, "zork-liberation-front|" + day) == 1);
            assertEquals(1, articles(pipeline, "isis|" + day), "re-sent three times, counted once");
        }

        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(CLUSTER.producerConfig(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topics.ARTICLES, "junk".getBytes(StandardCharsets.UTF_8),
                    "junk".getBytes(StandardCharsets.UTF_8))).get();
        }
        // A restarted pipeline (same application id and state) picks up where it left off.
        try (StancewatchPipeline pipeline = StancewatchPipeline.withAlerts(props,
                AnalyzerEnricher.factory(RealAnalyzer.INSTANCE))) {
            pipeline.start();
            RejectedRecord dead = readOneRejection();
            assertEquals("BAD_MAGIC_BYTE", dead.getReason());
            assertEquals(Topics.ARTICLES, dead.getSourceTopic());
            waitFor("state restored", WAIT, () -> articles(pipeline, "zork-liberation-front|2017-07-21") == 1);
        }
    }

    private static long articles(StancewatchPipeline pipeline, String key) {
        try {
            ActorDay row = pipeline.dailyStore().get(key);
            return row == null ? -1 : row.getArticles();
        } catch (InvalidStateStoreException notReadyYet) {
            return -1;
        }
    }

    private static RejectedRecord readOneRejection() {
        Map<String, Object> config = CLUSTER.clientConfig();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (AvroSerde<RejectedRecord> serde = PipelineSerdes.value(RejectedRecord.class, CLUSTER.clientConfig());
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                     new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.REJECTED));
            Instant deadline = Instant.now().plus(WAIT);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    return serde.deserializer().deserialize(Topics.REJECTED, r.value());
                }
            }
            throw new AssertionError("no dead letter on " + Topics.REJECTED + " within " + WAIT);
        }
    }
}
