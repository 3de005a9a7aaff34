package org.stancewatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.AlterConfigsResult;
import org.apache.kafka.clients.admin.ForwardingAdmin;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancewatch.embedded.EmbeddedCluster;
import org.stancewatch.events.AlertKind;
import org.stancewatch.events.Article;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.ProducerSettings;
import org.stancewatch.events.RejectedRecord;
import org.stancewatch.events.StanceShiftAlert;
import org.stancewatch.events.Stance;
import org.stancewatch.events.Topics;
import org.stancewatch.events.serde.AvroSerde;
import org.stancewatch.pipeline.enrich.ArticleEnricher;
import org.stancewatch.pipeline.enrich.EnricherFactory;

/**
 * Issue #14.1: records carry event time (a backfill from 2017 is years old), so no topic a replay or a restart
 * needs may delete them by time. A broker that checks retention every 200 ms publishes alerts, articles (which
 * the running pipeline enriches and counts) and dead letters dated 2017; once retention has demonstrably run (a
 * control topic with the broker's default retention lost its records), the broker is restarted and everything
 * is counted, and a pipeline with an empty state directory restores its stores from the changelogs.
 */
class RetentionEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int N = 6;
    private static final Instant YEARS_AGO = Instant.parse("2017-03-01T12:00:00Z");
    /** Retention every 200 ms from the start; distinct record days make every append roll a new segment. */
    private static final Map<String, String> FAST_RETENTION = Map.of(
            "log.retention.check.interval.ms", "200",
            "log.initial.task.delay.ms", "0",
            "log.roll.ms", "3600000",
            "log.cleaner.backoff.ms", "200");
    private static final String CONTROL = "retention.control";

    @TempDir
    Path dataDir;
    private EmbeddedCluster cluster;
    private int controlDay = 100;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void recordsDatedYearsBackSurviveRetentionChecksAndABrokerRestart() throws Exception {
        cluster = EmbeddedCluster.start(dataDir.resolve("cluster"), 0, 0, FAST_RETENTION);
        try (Admin admin = Admin.create(clientConfig())) {
            new TopicSetup(Topics.defaults(), 1, (short) 1).ensure(admin);
            // The control: a topic with the broker's default (7-day) time retention, as alerts.stance had.
            admin.createTopics(List.of(new NewTopic(CONTROL, 1, (short) 1))).all().get();
        }
        String appId = "retention-" + UUID.randomUUID();
        try (StancewatchPipeline pipeline = pipeline(appId, "streams-1")) {
            pipeline.start();
            publishYearsBack();
            waitFor("the pipeline to enrich and count the backfill", () -> count(pipeline) == N);
            awaitRetentionRan();
            // More records from the pipeline would start new segments and so close the last ones: stop it first.
        }
        awaitRetentionRan();

        cluster.close();
        cluster = EmbeddedCluster.start(dataDir.resolve("cluster"), 0, 0, FAST_RETENTION);
        awaitRetentionRan(); // the restarted broker's own retention checks have run too

        assertEquals(N, records(Topics.ARTICLES).size(), "articles");
        assertEquals(N, records(Topics.ALERTS).size(), "alerts.stance");
        assertEquals(N, records(Topics.REJECTED).size(), "articles.rejected");
        assertEquals(N, keys(records(Topics.ENRICHED)).size(), "articles.enriched");
        assertEquals(2 * N, keys(records(Topics.MENTIONS_DAILY)).size(), "mentions.daily (isis per day, and per day and outlet)");
        assertEquals(N, keys(records(appId + "-" + StoreNames.ARTICLES + "-changelog")).size(), "articles-store changelog");
        everyTopicThatDeletesKeepsForever();

        // A restart needs the changelogs: a fresh state directory restores every store from them.
        try (StancewatchPipeline restored = pipeline(appId, "streams-2")) {
            restored.start();
            waitFor("the stores restored from the changelogs", () -> count(restored) == N);
        }
    }

    @Test
    void existingTopicsWithTheOldConfigAreRepaired_anOperatorsOwnValueIsLeft() throws Exception {
        cluster = EmbeddedCluster.start(dataDir.resolve("cluster"), 0, 0, FAST_RETENTION);
        Topics old = new Topics("old.articles", "old.actors", "old.articles.enriched", "old.mentions.daily",
                "old.alerts.stance", "old.articles.rejected");
        try (Admin admin = Admin.create(clientConfig())) {
            // What TopicSetup created before: alerts and dead letters with the broker's default time retention,
            // and an operator who set one week on the dead letters himself.
            admin.createTopics(List.of(
                    new NewTopic(old.alerts(), 1, (short) 1).configs(Map.of("cleanup.policy", "delete")),
                    new NewTopic(old.rejected(), 1, (short) 1).configs(Map.of("cleanup.policy", "delete",
                            "retention.ms", "604800000")),
                    new NewTopic(old.articles(), 1, (short) 1).configs(Map.of("cleanup.policy", "delete",
                            "retention.ms", "-1")))).all().get();
            TopicSetup setup = new TopicSetup(old, 1, (short) 1);

            // A secured cluster that refuses config changes: logged with what to set by hand, the start goes on.
            try (Admin refusing = new ForwardingAdmin(clientConfig()) {
                @Override
                public AlterConfigsResult incrementalAlterConfigs(Map<ConfigResource, Collection<AlterConfigOp>> c,
                                                                  AlterConfigsOptions options) {
                    throw new ClusterAuthorizationException("not authorized to alter configs");
                }
            }) {
                setup.ensure(refusing);
            }
            awaitConfig(admin, old.alerts(), "retention.ms", "604800000");

            List<String> repaired = setup.repairRetention(admin);
            assertEquals(List.of(old.alerts() + ": retention.ms 604800000 -> -1"), repaired);
            awaitConfig(admin, old.alerts(), "retention.ms", "-1");
            ConfigEntry operators = config(admin, old.rejected()).get("retention.ms");
            assertEquals("604800000", operators.value(), "a value set on the topic is the operator's");
            assertEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, operators.source());

            setup.ensure(admin); // creates the missing ones, repairs nothing more
            awaitConfig(admin, old.enriched(), "cleanup.policy", "compact");
            assertEquals(List.of(), setup.repairRetention(admin), "idempotent");
            assertEquals("-1", config(admin, old.alerts()).get("retention.ms").value());
        }
    }

    /**
     * stancewatch has no windowed store today; one added later gets a changelog whose retention Streams computes
     * from the store (a global topic.retention.ms cannot override it). StancewatchStreamsConfig makes it infinite.
     */
    @Test
    void aWindowedStoreChangelogGetsNoTimeRetention() throws Exception {
        cluster = EmbeddedCluster.start(dataDir.resolve("cluster"), 0, 0, FAST_RETENTION);
        try (Admin admin = Admin.create(clientConfig())) {
            admin.createTopics(List.of(new NewTopic("window.in", 1, (short) 1))).all().get();
        }
        String appId = "windowed-" + UUID.randomUUID();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("window.in", Consumed.with(Serdes.String(), Serdes.String()).withName("read-window-in"))
                .groupByKey(Grouped.as("group-window-in"))
                .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofDays(1)))
                .count(Named.as("count-per-day"), Materialized.<String, Long, WindowStore<Bytes, byte[]>>as("window-counts")
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()));
        Properties props = StancewatchStreamsConfig.forKafkaStreams(StancewatchStreamsConfig.build(
                cluster.bootstrapServers(), cluster.registryUrl(), Map.of("application.id", appId,
                        "state.dir", dataDir.resolve("streams-w").toString(), "num.stream.threads", 1)));
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            streams.start();
            waitFor("RUNNING", () -> {
                assertTrue(streams.state() != KafkaStreams.State.ERROR && streams.state() != KafkaStreams.State.PENDING_ERROR);
                return streams.state() == KafkaStreams.State.RUNNING;
            });
            try (Admin admin = Admin.create(clientConfig())) {
                Config c = config(admin, appId + "-window-counts-changelog");
                assertEquals("compact,delete", c.get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
                assertEquals(String.valueOf(Long.MAX_VALUE), c.get(TopicConfig.RETENTION_MS_CONFIG).value());
            }
        }
    }

    private StancewatchPipeline pipeline(String appId, String stateDir) {
        Properties props = StancewatchStreamsConfig.build(cluster.bootstrapServers(), cluster.registryUrl(), Map.of(
                "application.id", appId,
                "state.dir", dataDir.resolve(stateDir).toString(),
                "num.stream.threads", 1));
        return StancewatchPipeline.withAlerts(props, ONE_ACTOR);
    }

    /** Every article mentions "isis" once: the analyser plays no part in retention. */
    private static final EnricherFactory ONE_ACTOR = actors -> new ArticleEnricher() {
        @Override
        public EnrichedArticle enrich(Article article, LocalDate day) {
            EnrichedArticle e = TestSupport.enriched(article.getId(), article.getOutlet(), day,
                    TestSupport.part("isis", 1, Stance.AGAINST, -0.5));
            return EnrichedArticle.newBuilder(e).setTitle(article.getTitle()).setBody(article.getBody()).build();
        }

        @Override
        public String version() {
            return "retention-test";
        }
    };

    private static Instant day(int i) {
        return YEARS_AGO.plus(Duration.ofDays(i));
    }

    /** Articles, alerts and dead letters, one record per day from 2017-03-01, each its own batch. */
    private void publishYearsBack() throws Exception {
        Map<String, Object> config = clientConfig();
        try (AvroSerde<Article> articles = PipelineSerdes.value(Article.class, config);
             AvroSerde<StanceShiftAlert> alerts = PipelineSerdes.value(StanceShiftAlert.class, config);
             AvroSerde<RejectedRecord> rejected = PipelineSerdes.value(RejectedRecord.class, config);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(ProducerSettings.reliable(config), new StringSerializer(),
                     new ByteArraySerializer())) {
            for (int i = 0; i < N; i++) {
                long ts = day(i).toEpochMilli();
                LocalDate date = LocalDate.ofInstant(day(i), ZoneOffset.UTC);
                Article article = TestSupport.article("old-" + i, "Alwaght", date, "Mosul " + i,
                        "ISIS fighters left Mosul on day " + i + ".");
                producer.send(new ProducerRecord<>(Topics.ARTICLES, null, ts, article.getId(),
                        articles.serializer().serialize(Topics.ARTICLES, article))).get();
                StanceShiftAlert alert = StanceShiftAlert.newBuilder().setId("alert-" + i)
                        .setKind(AlertKind.STANCE_SHIFT).setActorId("isis").setDay(date).setDirection("AGAINST")
                        .setMetric("against share").setBefore(0.1).setAfter(0.6).setBeforeN(10).setAfterN(10)
                        .setStatistic("CUSUM").setStatisticValue(9.0).setThreshold(7.5).build();
                // Same key for all: several alerts of one actor must all stay (no compaction).
                producer.send(new ProducerRecord<>(Topics.ALERTS, null, ts, "isis",
                        alerts.serializer().serialize(Topics.ALERTS, alert))).get();
                RejectedRecord dead = RejectedRecord.newBuilder().setReason("BAD_DATE").setMessage("test " + i)
                        .setRejectedAt(day(i)).build();
                producer.send(new ProducerRecord<>(Topics.REJECTED, null, ts, "dead-" + i,
                        rejected.serializer().serialize(Topics.REJECTED, dead))).get();
                producer.send(new ProducerRecord<>(CONTROL, null, ts, "control-" + i, new byte[1])).get();
            }
        }
    }

    /**
     * Proves that the broker's retention check has run since now: two more 2017 records go to the control topic
     * (default time retention), and it waits until every closed segment of it is gone, i.e. its log start offset
     * reached its last record. Then a few more checks pass.
     */
    private void awaitRetentionRan() throws Exception {
        TopicPartition tp = new TopicPartition(CONTROL, 0);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(ProducerSettings.reliable(clientConfig()), new StringSerializer(),
                new ByteArraySerializer());
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(),
                     new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            controlDay += 2;
            producer.send(new ProducerRecord<>(CONTROL, null, day(controlDay - 1).toEpochMilli(), "more", new byte[1])).get();
            long last = producer.send(new ProducerRecord<>(CONTROL, null, day(controlDay).toEpochMilli(), "more",
                    new byte[1])).get().offset();
            waitFor("a retention check deleting the control topic's 2017 records",
                    () -> consumer.beginningOffsets(List.of(tp)).get(tp) >= last);
        }
        Thread.sleep(600);
    }

    private static int count(StancewatchPipeline pipeline) {
        try {
            int articles = 0;
            try (var all = pipeline.articlesStore().all()) {
                while (all.hasNext()) {
                    all.next();
                    articles++;
                }
            }
            int rows = 0;
            for (int i = 0; i < N; i++) {
                var row = pipeline.dailyStore().get("isis|" + LocalDate.ofInstant(day(i), ZoneOffset.UTC));
                rows += row != null && row.getArticles() == 1 ? 1 : 0;
            }
            return Math.min(articles, rows);
        } catch (InvalidStateStoreException notReadyYet) {
            return -1;
        }
    }

    /** Every committed record of a topic, from its first offset: a deleted segment shows as a start offset > 0. */
    private List<ConsumerRecord<byte[], byte[]>> records(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            Instant deadline = Instant.now().plus(WAIT);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertTrue(Instant.now().isBefore(deadline), "timed out reading " + topic);
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    private static Set<String> keys(List<ConsumerRecord<byte[], byte[]>> records) {
        Set<String> keys = new HashSet<>();
        records.forEach(r -> {
            if (r.value() != null) {
                keys.add(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        return keys;
    }

    /** Our topics, the registry's and Kafka Streams' internal ones: none deletes by time (the control aside). */
    private void everyTopicThatDeletesKeepsForever() throws Exception {
        try (Admin admin = Admin.create(clientConfig())) {
            Set<String> names = new HashSet<>(admin.listTopics().names().get());
            names.remove(CONTROL);
            assertTrue(names.stream().anyMatch(n -> n.endsWith("-repartition")), names.toString());
            assertTrue(names.contains("_schemas"), names.toString());
            for (String name : names) {
                Config c = config(admin, name);
                String policy = c.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
                long retention = Long.parseLong(c.get(TopicConfig.RETENTION_MS_CONFIG).value());
                assertTrue(!policy.contains("delete") || retention == -1 || retention == Long.MAX_VALUE,
                        name + " deletes by time: cleanup.policy=" + policy + ", retention.ms=" + retention);
            }
        }
    }

    /**
     * Waits until a topic's config reads {@code value}. The controller has committed a change when the admin call
     * returns, but the broker answering describeConfigs may not have applied it yet (CI saw the old retention.ms
     * read back once, right after the repair).
     */
    private static void awaitConfig(Admin admin, String topic, String key, String value) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        String seen = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                ConfigEntry entry = config(admin, topic).get(key);
                seen = entry == null ? null : entry.value();
                if (value.equals(seen)) return;
            } catch (java.util.concurrent.ExecutionException e) {
                seen = e.getCause().toString(); // a topic the broker does not know yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError(topic + " " + key + ": expected " + value + " within " + WAIT + ", last read " + seen);
    }

    private static Config config(Admin admin, String topic) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(r)).all().get().get(r);
    }

    private Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", cluster.bootstrapServers());
        config.put("schema.registry.url", cluster.registryUrl());
        return config;
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = clientConfig();
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return config;
    }

    private static void waitFor(String what, Supplier<Boolean> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}
