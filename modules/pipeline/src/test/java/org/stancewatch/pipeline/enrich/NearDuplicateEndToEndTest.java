package org.stancewatch.pipeline.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stancewatch.pipeline.EmbeddedClusterExtension.waitFor;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.stancewatch.events.Article;
import org.stancewatch.events.EnrichedArticle;
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
 * Near-duplicate linking on a real broker with 3 partitions and 2 stream threads, exactly-once: copies whose ids
 * put them on different partitions of `articles` are still linked (they meet on a band's partition), and none of
 * the dedup repartition topics is funnelled into one partition.
 */
class NearDuplicateEndToEndTest {

    private static final int PARTITIONS = 3;
    private static final Duration WAIT = Duration.ofSeconds(120);

    @RegisterExtension
    static final EmbeddedClusterExtension CLUSTER = new EmbeddedClusterExtension();

    /** The partition the producer's default partitioner gives a String key. */
    private static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    /** An id with {@code prefix} that lands on {@code partition} of `articles`. */
    private static String idOn(String prefix, int partition) {
        for (int i = 0; ; i++) {
            if (partitionOf(prefix + "-" + i) == partition) {
                return prefix + "-" + i;
            }
        }
    }

    @Test
    void copiesOnDifferentPartitionsAreLinkedAndNoDedupStepIsFunnelled() throws Exception {
        Map<String, Object> client = Map.of("bootstrap.servers", CLUSTER.cluster().bootstrapServers(),
                "schema.registry.url", CLUSTER.cluster().registryUrl());
        try (Admin admin = Admin.create(client)) {
            new TopicSetup(Topics.defaults(), PARTITIONS, (short) 1).createMissing(admin);
        }
        String appId = "dedup-e2e-" + UUID.randomUUID();
        Properties props = StancewatchStreamsConfig.build(CLUSTER.cluster().bootstrapServers(), CLUSTER.cluster().registryUrl(), Map.of(
                "application.id", appId,
                "state.dir", CLUSTER.dataDir().resolve("streams").toString(),
                "num.stream.threads", 2));
        // Hand-picked stories: the original and each copy on a different partition.
        Instant t0 = Instant.parse("2017-07-10T06:00:00Z");
        List<Doc> generated = SyndicationSet.generate(5, 30, 30, 3);
        Map<Integer, Doc> originals = new HashMap<>();
        generated.stream().filter(d -> !d.isCopy()).forEach(d -> originals.put(d.story(), d));
        String wire = idOn("wire", 0);
        String copyA = idOn("copy-a", 1);
        String copyB = idOn("copy-b", 2);
        String story = SyndicationSet.generate(99, 1, 0, 1).get(0).body(); // not in the generated set below
        assertEquals(Set.of(0, 1, 2), Set.of(partitionOf(wire), partitionOf(copyA), partitionOf(copyB)));

        try (StancewatchPipeline pipeline = new StancewatchPipeline(props, TextOnlyEnricher.FACTORY, List.of());
             AvroSerde<Article> serde = PipelineSerdes.value(Article.class, new HashMap<>(client));
             KafkaProducer<String, Article> producer = new KafkaProducer<>(CLUSTER.producerConfig(), new StringSerializer(),
                     serde.serializer())) {
            pipeline.start();
            waitFor("RUNNING", WAIT, () -> pipeline.streams().state() == KafkaStreams.State.RUNNING);

            send(producer, wire, t0, story);
            waitFor(wire, WAIT, () -> stored(pipeline, wire) != null);
            send(producer, copyA, t0.plusSeconds(600), story.replace("\n\n", "\n").toUpperCase());
            send(producer, copyB, t0.plusSeconds(1200), "(Reuters) - " + story);
            waitFor("the copies", WAIT, () -> stored(pipeline, copyA) != null && stored(pipeline, copyB) != null);
            assertNull(stored(pipeline, wire).getDuplicateOf());
            assertEquals(wire, stored(pipeline, copyA).getDuplicateOf());
            assertEquals(wire, stored(pipeline, copyB).getDuplicateOf());

            // A generated set: originals (and same-topic negatives) first, then the copies all at once, so copies
            // of one story race each other across partitions and threads.
            for (Doc d : generated) {
                if (!d.isCopy()) {
                    send(producer, d.id(), d.publishedAt(), d.body());
                }
            }
            waitFor("the originals", WAIT, () -> generated.stream().filter(d -> !d.isCopy())
                    .allMatch(d -> stored(pipeline, d.id()) != null));
            for (Doc d : generated) {
                if (d.isCopy()) {
                    send(producer, d.id(), d.publishedAt(), d.body());
                }
            }
            waitFor("the copies", WAIT, () -> generated.stream().allMatch(d -> stored(pipeline, d.id()) != null));

            Map<String, Doc> byId = new HashMap<>();
            generated.forEach(d -> byId.put(d.id(), d));
            Map<String, String> wrong = new TreeMap<>();
            List<String> linkedAcrossPartitions = new ArrayList<>();
            for (Doc d : generated) {
                String target = stored(pipeline, d.id()).getDuplicateOf();
                Doc original = originals.get(d.story());
                boolean shouldLink = d.isCopy() && SimHash.distance(SimHash.of(d.body()), SimHash.of(original.body()))
                        <= SimHash.MAX_DUPLICATE_DISTANCE;
                if (target == null) {
                    if (shouldLink) {
                        wrong.put(d.id(), "missed (original " + original.id() + " is within distance)");
                    }
                } else if (byId.get(target).story() != d.story() || !d.isCopy()) {
                    wrong.put(d.id(), "false link to " + target);
                } else if (partitionOf(target) != partitionOf(d.id())) {
                    linkedAcrossPartitions.add(d.id());
                }
            }
            assertEquals(Map.of(), wrong);
            assertTrue(linkedAcrossPartitions.size() >= 5, "links across partitions: " + linkedAcrossPartitions);
        }

        try (Admin admin = Admin.create(client)) {
            List<String> repartitions = List.of(EnrichTopology.DEDUP_BANDS_REPARTITION,
                    EnrichTopology.DEDUP_VERDICTS_REPARTITION, EnrichTopology.DEDUP_ARTICLES_REPARTITION).stream()
                    .map(name -> appId + "-" + name + "-repartition").toList();
            Map<String, TopicDescription> described = admin.describeTopics(repartitions).allTopicNames().get();
            described.forEach((name, d) -> assertEquals(PARTITIONS, d.partitions().size(), name));
            assertNotEquals(0, described.size());
        }
    }

    private static void send(KafkaProducer<String, Article> producer, String id, Instant publishedAt, String body)
            throws Exception {
        Article a = TestSupport.article(id, "outlet-" + id, null, "title " + id, body);
        a.setPublishedAt(publishedAt);
        producer.send(new ProducerRecord<>(Topics.ARTICLES, id, a)).get();
    }

    private static EnrichedArticle stored(StancewatchPipeline pipeline, String id) {
        try {
            return pipeline.articlesStore().get(id);
        } catch (RuntimeException notQueryableNow) {
            return null;
        }
    }
}
