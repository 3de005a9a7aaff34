package org.stancewatch.pipeline.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.stancewatch.events.Article;
import org.stancewatch.events.RejectedRecord;
import org.stancewatch.events.Topics;
import org.stancewatch.events.serde.AvroSerde;
import org.stancewatch.pipeline.EmbeddedClusterExtension;
import org.stancewatch.pipeline.PipelineSerdes;
import org.stancewatch.pipeline.StancewatchPipeline;
import org.stancewatch.pipeline.StancewatchStreamsConfig;
import org.stancewatch.pipeline.TestSupport;
import org.stancewatch.pipeline.TopicSetup;
import org.stancewatch.pipeline.enrich.synthetic.SyndicationSet;
import org.stancewatch.pipeline.enrich.synthetic.SyndicationSet.Doc;

/**
 * #17 on a real broker (3 partitions, 2 stream threads, exactly-once): every `articles.enriched` partition carries
 * its articles in the order they were sent to the same `articles` partition, whatever order the band verdicts
 * come back in. The daily counts' watermarks ("newest event day this partition has carried") rely on it; released
 * by verdict, a bulk feed reached `articles.enriched` days of event time out of order and the alerts judged days
 * on part of their counts. Deterministic per-record cases: {@link NearDuplicateJoinBackTest}.
 */
class JoinBackOrderEndToEndTest {

    private static final int PARTITIONS = 3;
    private static final Duration WAIT = Duration.ofSeconds(180);

    @RegisterExtension
    static final EmbeddedClusterExtension CLUSTER = new EmbeddedClusterExtension();

    private static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    @Test
    void eachEnrichedPartitionKeepsTheOrderOfItsInputPartition() throws Exception {
        Map<String, Object> client = CLUSTER.clientConfig();
        try (Admin admin = Admin.create(client)) {
            new TopicSetup(Topics.defaults(), PARTITIONS, (short) 1).createMissing(admin);
        }
        Properties props = StancewatchStreamsConfig.build(CLUSTER.cluster().bootstrapServers(), CLUSTER.cluster().registryUrl(), Map.of(
                "application.id", "join-back-order-" + UUID.randomUUID(),
                "state.dir", CLUSTER.dataDir().resolve("streams").toString(),
                "num.stream.threads", 2));
        // Originals, same-topic negatives and copies (copies share band values, so some band keys are busy),
        // sent in publication order as a bulk feed.
        List<Doc> docs = new ArrayList<>(SyndicationSet.generate(17, 300, 300, 4));
        docs.sort(Comparator.comparing(Doc::publishedAt).thenComparing(Doc::id));
        Map<Integer, List<String>> sent = new HashMap<>();
        for (Doc d : docs) {
            sent.computeIfAbsent(partitionOf(d.id()), k -> new ArrayList<>()).add(d.id());
        }
        Map<Integer, List<String>> enriched = new HashMap<>();
        try (StancewatchPipeline pipeline = new StancewatchPipeline(props, TextOnlyEnricher.FACTORY, List.of());
             AvroSerde<Article> serde = PipelineSerdes.value(Article.class, new HashMap<>(client));
             KafkaProducer<String, Article> producer = new KafkaProducer<>(CLUSTER.producerConfig(), new StringSerializer(),
                     serde.serializer());
             KafkaConsumer<String, byte[]> consumer = consumer()) {
            pipeline.start();
            Map<String, Future<RecordMetadata>> sends = new LinkedHashMap<>();
            for (Doc d : docs) {
                Article a = TestSupport.article(d.id(), d.outlet(), null, "title " + d.id(), d.body());
                a.setPublishedAt(d.publishedAt());
                sends.put(d.id(), producer.send(new ProducerRecord<>(Topics.ARTICLES, d.id(), a)));
            }
            producer.flush();
            // A lost send is the producer's failure, not the pipeline's: name it (the first six articles of a
            // partition were lost so once, before the producers kept one request in flight).
            for (Map.Entry<String, Future<RecordMetadata>> send : sends.entrySet()) {
                try {
                    send.getValue().get();
                } catch (ExecutionException e) {
                    throw new AssertionError("article " + send.getKey() + " was not written to " + Topics.ARTICLES, e.getCause());
                }
            }
            Set<String> seen = new HashSet<>();
            Instant deadline = Instant.now().plus(WAIT);
            while (seen.size() < docs.size()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("timed out: " + seen.size() + " of " + docs.size() + " articles enriched"
                            + whereItStopped(pipeline, props.getProperty("application.id"), sent, seen));
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                    enriched.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(r.key());
                    seen.add(r.key());
                }
            }
        }
        for (int p = 0; p < PARTITIONS; p++) {
            assertEquals(sent.getOrDefault(p, List.of()), enriched.getOrDefault(p, List.of()),
                    "articles.enriched partition " + p + " in the order its articles were sent");
        }
    }

    /**
     * What a timeout needs to be explained: the missing articles of each partition (with their place in its
     * send order), the stream threads, the application's offsets and the dead letters.
     */
    private static String whereItStopped(StancewatchPipeline pipeline, String appId, Map<Integer, List<String>> sent,
                                         Set<String> seen) {
        StringBuilder out = new StringBuilder();
        sent.forEach((p, ids) -> {
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                if (!seen.contains(ids.get(i))) {
                    missing.add(ids.get(i) + " (#" + i + ")");
                }
            }
            out.append(String.format("%npartition %d: %d of %d enriched, missing %s", p, ids.size() - missing.size(),
                    ids.size(), missing.size() > 10 ? missing.subList(0, 10) + "..." : missing));
        });
        out.append("\nstreams ").append(pipeline.streams().state());
        pipeline.streams().metadataForLocalThreads().forEach(t -> out.append(String.format("%n  %s %s active %s",
                t.threadName(), t.threadState(), t.activeTasks().stream().map(task -> task.taskId().toString()).sorted().toList())));
        try (Admin admin = Admin.create(CLUSTER.clientConfig())) {
            out.append("\noffsets of ").append(appId).append(':')
                    .append(EmbeddedClusterExtension.progressReport(admin, appId, Topics.ARTICLES));
        }
        try {
            List<Map.Entry<String, RejectedRecord>> rejected = CLUSTER.readAll(Topics.REJECTED, RejectedRecord.class,
                    Duration.ofSeconds(30));
            out.append("\ndead letters: ").append(rejected.size());
            rejected.stream().limit(5).forEach(r -> out.append("\n  ").append(r.getValue().getReason()).append(": ")
                    .append(r.getValue().getMessage()));
        } catch (RuntimeException | AssertionError e) {
            out.append("\ndead letters unreadable: ").append(e);
        }
        return out.toString();
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, CLUSTER.cluster().bootstrapServers());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            parts.add(new TopicPartition(Topics.ENRICHED, p));
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        return consumer;
    }
}
