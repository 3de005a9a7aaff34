package org.stancewatch.app.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancewatch.events.ProducerSettings;
import org.stancewatch.events.registry.HttpSchemaRegistryClient;

/**
 * SIGKILLs a JVM running the embedded broker + registry while a producer is writing, restarts it on the
 * same data directory (KRaft log recovery) and checks that nothing acknowledged was lost: topics,
 * records, committed offsets, schema ids, and transactions (committed visible, open one aborted).
 */
class EmbeddedClusterKillTest {

    private static final String EVENTS = "chaos.events";
    private static final String STREAM = "chaos.stream";
    private static final String TX = "chaos.tx";
    private static final String GROUP = "chaos-group";
    private static final String TX_ID = "chaos-tx";

    @TempDir
    Path tmp;

    @Test
    void survivesSigkillWithTopicsOffsetsSchemasAndTransactions() throws Exception {
        Path dataDir = tmp.resolve("cluster");
        Files.createDirectories(dataDir);
        Schema schemaA = SchemaBuilder.record("Ping").namespace("chaos").fields().requiredString("text").endRecord();
        Schema schemaB = SchemaBuilder.record("Pong").namespace("chaos").fields().requiredLong("n").endRecord();
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        for (int p = 0; p < 3; p++) {
            committed.put(new TopicPartition(EVENTS, p), new OffsetAndMetadata(50 + 10 * p));
        }
        Set<Long> acked = new ConcurrentSkipListSet<>();
        int idA;
        int idB;

        try (ChildJvm first = startCluster(dataDir)) {
            Properties endpoints = awaitEndpoints(first, dataDir);
            String bootstrap = endpoints.getProperty("bootstrap.servers");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                 HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(endpoints.getProperty("schema.registry.url"))) {
                admin.createTopics(List.of(new NewTopic(EVENTS, 3, (short) 1), new NewTopic(STREAM, 1, (short) 1),
                        new NewTopic(TX, 1, (short) 1))).all().get();
                idA = registry.register(EVENTS + "-value", schemaA);
                idB = registry.register("other-value", schemaB);
                try (KafkaProducer<String, String> producer = producer(bootstrap, Map.of())) {
                    for (int i = 0; i < 300; i++) {
                        producer.send(new ProducerRecord<>(EVENTS, "k" + i, "v" + i));
                    }
                    producer.flush();
                }
                admin.alterConsumerGroupOffsets(GROUP, committed).all().get();
                writeTransactions(bootstrap);
            }
            // Acknowledged writes in flight when the broker dies: every one acked must be there afterwards.
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = new Thread(() -> streamUntilStopped(bootstrap, acked, stop));
            writer.start();
            long until = System.currentTimeMillis() + 20_000;
            while (acked.size() < 2_000 && System.currentTimeMillis() < until) {
                Thread.sleep(20);
            }
            first.kill();
            stop.set(true);
            writer.join(30_000);
        }
        assertTrue(acked.size() >= 2_000, "the writer got acknowledgements before the kill: " + acked.size());
        Files.deleteIfExists(dataDir.resolve(EmbeddedClusterProcess.READY_FILE));

        try (ChildJvm second = startCluster(dataDir)) {
            Properties endpoints = awaitEndpoints(second, dataDir);
            String bootstrap = endpoints.getProperty("bootstrap.servers");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
                 HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(endpoints.getProperty("schema.registry.url"))) {
                TopicDescription events = admin.describeTopics(List.of(EVENTS)).allTopicNames().get().get(EVENTS);
                assertEquals(3, events.partitions().size(), "partition count survives");
                assertTrue(admin.listTopics().names().get().containsAll(Set.of(EVENTS, STREAM, TX)));
                assertEquals(committed, admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get(),
                        "committed offsets survive");

                assertEquals(idA, registry.getLatest(EVENTS + "-value").id(), "schema id survives");
                assertEquals(schemaA, registry.getById(idA));
                assertEquals(schemaB, registry.getById(idB));
                Schema schemaC = SchemaBuilder.record("Pang").namespace("chaos").fields().requiredInt("x").endRecord();
                assertTrue(registry.register("third-value", schemaC) > Math.max(idA, idB), "ids are never reused");
            }
            List<String> eventValues = values(readAll(bootstrap, EVENTS, "read_uncommitted"));
            Set<String> expected = new TreeSet<>();
            for (int i = 0; i < 300; i++) {
                expected.add("v" + i);
            }
            assertEquals(expected, new TreeSet<>(eventValues));
            assertEquals(300, eventValues.size(), "no duplicates from the idempotent producer");

            Set<Long> stored = new TreeSet<>();
            for (String v : values(readAll(bootstrap, STREAM, "read_uncommitted"))) {
                stored.add(Long.parseLong(v));
            }
            Set<Long> missing = new TreeSet<>(acked);
            missing.removeAll(stored);
            assertEquals(Set.of(), missing, "acknowledged records lost by the kill");

            // A new producer with the same transactional.id fences the dead one and aborts its open transaction.
            try (KafkaProducer<String, String> fencer = producer(bootstrap, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TX_ID))) {
                fencer.initTransactions();
            }
            assertEquals(List.of("committed-0", "committed-1", "committed-2", "committed-3", "committed-4"),
                    values(readAll(bootstrap, TX, "read_committed")), "only the committed transaction is visible");
        }
    }

    private static ChildJvm startCluster(Path dataDir) {
        return ChildJvm.start("512m", ChildJvm.currentClasspath(), EmbeddedClusterProcess.class.getName(),
                List.of(dataDir.toString()), dataDir.getParent().resolve("cluster.log"));
    }

    private static Properties awaitEndpoints(ChildJvm child, Path dataDir) throws IOException {
        Path ready = dataDir.resolve(EmbeddedClusterProcess.READY_FILE);
        child.awaitReady(() -> Files.exists(ready), Duration.ofSeconds(120), "embedded cluster ready");
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(ready)) {
            p.load(r);
        }
        return p;
    }

    private static void writeTransactions(String bootstrap) {
        KafkaProducer<String, String> tx = producer(bootstrap, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TX_ID));
        tx.initTransactions();
        tx.beginTransaction();
        for (int i = 0; i < 5; i++) {
            tx.send(new ProducerRecord<>(TX, "c" + i, "committed-" + i));
        }
        tx.commitTransaction();
        tx.beginTransaction();
        for (int i = 0; i < 5; i++) {
            tx.send(new ProducerRecord<>(TX, "o" + i, "open-" + i));
        }
        tx.flush(); // written to the log, never committed: the kill must not make these visible
        // Not closed: close() would abort the transaction; the kill has to deal with it.
    }

    private static void streamUntilStopped(String bootstrap, Set<Long> acked, AtomicBoolean stop) {
        try (KafkaProducer<String, String> producer = producer(bootstrap, Map.of(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000))) {
            for (long seq = 0; !stop.get(); seq++) {
                long n = seq;
                try {
                    producer.send(new ProducerRecord<>(STREAM, Long.toString(n)), (metadata, error) -> {
                        if (error == null) {
                            acked.add(n);
                        }
                    });
                } catch (RuntimeException e) {
                    return; // broker gone: the producer gives up; what was acked is what counts
                }
                if (seq % 100 == 0) {
                    Thread.sleep(5);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap, Map<String, Object> extra) {
        Map<String, Object> config = ProducerSettings.reliable(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic, String isolation) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 60_000;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end " + end);
                }
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            return records;
        }
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }
}
