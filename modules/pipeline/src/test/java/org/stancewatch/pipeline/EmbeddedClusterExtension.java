package org.stancewatch.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.stancewatch.embedded.EmbeddedCluster;
import org.stancewatch.events.ProducerSettings;
import org.stancewatch.events.serde.AvroSerde;

/**
 * One in-process KRaft broker + HTTP schema registry for a test class, and the few things every end-to-end test
 * does with it (client config, waiting, "has the application caught up", reading a topic to its end). Use as
 * {@code @RegisterExtension static final EmbeddedClusterExtension CLUSTER = new EmbeddedClusterExtension();}.
 */
public final class EmbeddedClusterExtension implements BeforeAllCallback, AfterAllCallback {

    private Path dataDir;
    private EmbeddedCluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("stancewatch-" + context.getRequiredTestClass().getSimpleName() + "-");
        cluster = EmbeddedCluster.start(dataDir.resolve("cluster"), 0, 0);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (cluster != null) {
            cluster.close();
        }
        if (dataDir != null) {
            try (Stream<Path> paths = Files.walk(dataDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    public EmbeddedCluster cluster() {
        return cluster;
    }

    /** A directory of this class's own, for state stores (the broker's data lives in its "cluster" child). */
    public Path dataDir() {
        return dataDir;
    }

    /** bootstrap.servers and schema.registry.url, in a map the caller may add to. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", cluster.bootstrapServers());
        config.put("schema.registry.url", cluster.registryUrl());
        return config;
    }

    /** {@link #clientConfig} with the producer settings every stancewatch writer uses ({@link ProducerSettings#reliable}). */
    public Map<String, Object> producerConfig() {
        return ProducerSettings.reliable(clientConfig());
    }

    /**
     * Topic-name settings that give one run its own topics ({@code <prefix>.articles}, {@code <prefix>.mentions.daily},
     * ...), so several applications can share the class's cluster.
     */
    public static Map<String, Object> ownTopics(String prefix) {
        Map<String, Object> names = new HashMap<>();
        names.put("topic.articles", prefix + ".articles");
        names.put("topic.actors", prefix + ".actors");
        names.put("topic.enriched", prefix + ".articles.enriched");
        names.put("topic.mentions.daily", prefix + ".mentions.daily");
        names.put("topic.alerts", prefix + ".alerts.stance");
        names.put("topic.rejected", prefix + ".articles.rejected");
        return names;
    }

    /**
     * Pipeline settings for application {@code appId} on this cluster: one stream thread, its state under
     * {@code dataDir()/streams-<stateName>}, then {@code settings} (topic names among them) on top.
     */
    public Properties streamsConfig(String appId, String stateName, Map<String, Object> settings) {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("application.id", appId);
        overrides.put("state.dir", dataDir.resolve("streams-" + stateName).toString());
        overrides.put("num.stream.threads", 1);
        overrides.putAll(settings);
        return StancewatchStreamsConfig.build(cluster.bootstrapServers(), cluster.registryUrl(), overrides);
    }

    public static void waitFor(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    /**
     * Whether application {@code appId} has committed everything on every partition of {@code inputs}, of the
     * topics it has committed offsets on and of its own repartition topics (those it writes itself may end with a
     * transaction marker it has not passed yet, hence the "- 1"), and has committed on {@code inputs[0]} at all.
     *
     * <p>Every transaction on those partitions must also be decided (last stable offset = high watermark). The
     * coordinator writes a commit's markers partition by partition, so the offsets it commits can be visible
     * before the marker on a repartition topic is: the last stable offset there still stops short of the records
     * that transaction wrote, and a check against it alone passed before they were processed (CI, session 27).
     */
    public static boolean caughtUp(Admin admin, String appId, String... inputs) throws Exception {
        Map<TopicPartition, Offsets> offsets = offsets(admin, appId, inputs);
        return offsets.values().stream().noneMatch(Offsets::behind)
                && offsets.entrySet().stream().anyMatch(e -> e.getKey().topic().equals(inputs[0]) && e.getValue().hasCommit());
    }

    /**
     * For a failure message: where application {@code appId} stands on each partition {@link #caughtUp} looks at,
     * one line each ("topic-p committed C, stable S, end E"), the partitions it is behind on marked.
     */
    public static String progressReport(Admin admin, String appId, String... inputs) {
        try {
            StringBuilder out = new StringBuilder();
            offsets(admin, appId, inputs).entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(Comparator.comparing(TopicPartition::toString)))
                    .forEach(e -> out.append(String.format("%n  %s committed %s, stable %d, end %d%s", e.getKey(),
                            e.getValue().hasCommit() ? Long.toString(e.getValue().committed()) : "none",
                            e.getValue().stable(), e.getValue().highWatermark(), e.getValue().behind() ? "  <- behind" : "")));
            return out.toString();
        } catch (Exception e) {
            return " (offsets unavailable: " + e + ")";
        }
    }

    /** Committed offset (0 when none), last stable offset and high watermark of one partition. */
    private record Offsets(boolean hasCommit, long committed, long stable, long highWatermark) {
        /**
         * A transaction on it is open or its marker not written yet, or records are left to read (those the
         * application writes itself may end with a marker it has not passed yet, hence the "- 1").
         */
        boolean behind() {
            return stable != highWatermark || committed < highWatermark - 1;
        }
    }

    /** {@link Offsets} of {@code inputs}, of every topic {@code appId} has committed on and of its repartition topics. */
    private static Map<TopicPartition, Offsets> offsets(Admin admin, String appId, String... inputs) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(appId).partitionsToOffsetAndMetadata().get();
        Set<String> read = new HashSet<>(List.of(inputs));
        committed.keySet().forEach(tp -> read.add(tp.topic()));
        admin.listTopics().names().get().stream()
                .filter(t -> t.startsWith(appId) && t.endsWith("-repartition")).forEach(read::add);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(read).allTopicNames().get().forEach((topic, d) ->
                d.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
        var stable = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
        var written = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get();
        Map<TopicPartition, Offsets> out = new HashMap<>();
        for (var e : written.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            out.put(e.getKey(), new Offsets(c != null, c == null ? 0 : c.offset(), stable.get(e.getKey()).offset(),
                    e.getValue().offset()));
        }
        return out;
    }

    /** Waits until {@link #caughtUp} has held on three checks in a row, half a second apart. */
    public static void awaitCaughtUp(Admin admin, String appId, Duration timeout, String... inputs) throws Exception {
        int quiet = 0;
        Instant deadline = Instant.now().plus(timeout);
        while (quiet < 3) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(appId + ": the application did not catch up within " + timeout);
            }
            Thread.sleep(500);
            quiet = caughtUp(admin, appId, inputs) ? quiet + 1 : 0;
        }
    }

    /** Every committed record of {@code topic}, partition by partition, as (key, value). */
    public <T extends SpecificRecord> List<Map.Entry<String, T>> readAll(String topic, Class<T> type, Duration timeout) {
        Map<String, Object> config = clientConfig();
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<Map.Entry<String, T>> out = new ArrayList<>();
        try (AvroSerde<T> serde = PipelineSerdes.value(type, clientConfig());
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                     new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            Instant deadline = Instant.now().plus(timeout);
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("could not read " + topic + " to its end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(Map.entry(r.key(), serde.deserializer().deserialize(topic, r.value())));
                }
            }
        }
        return out;
    }
}
