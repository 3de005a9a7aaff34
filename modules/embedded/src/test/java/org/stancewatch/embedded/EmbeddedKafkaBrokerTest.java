package org.stancewatch.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {
    @TempDir
    Path dataDir;

    @Test
    void producesConsumesAndKeepsTopicsOffsetsAndTransactionsAcrossRestart() throws Exception {
        String topic = "articles-test";
        String group = "restart-group";
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
            broker.createTopics(List.of(new NewTopic(topic, 2, (short) 1)));
            broker.createTopics(List.of(new NewTopic(topic, 2, (short) 1))); // idempotent
            String bigValue = "x".repeat(5 * 1024 * 1024);
            try (KafkaProducer<String, String> producer = transactionalProducer(broker.bootstrapServers())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, "a", "first"));
                producer.send(new ProducerRecord<>(topic, "b", "second"));
                producer.send(new ProducerRecord<>(topic, "big", bigValue));
                producer.commitTransaction();
            }
            try (KafkaConsumer<String, String> consumer = consumer(broker.bootstrapServers(), group)) {
                consumer.subscribe(List.of(topic));
                List<ConsumerRecord<String, String>> records = pollAtLeast(consumer, 3);
                assertEquals(Set.of("a", "b", "big"), keys(records));
                assertEquals(bigValue.length(), records.stream()
                        .filter(r -> r.key().equals("big")).findFirst().orElseThrow().value().length());
                consumer.commitSync();
            }
        }

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0);
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            assertTrue(admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic));
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            long committedTotal = committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
            // Three records plus one transaction marker in each partition that received data.
            assertTrue(committedTotal >= 3, "committed offsets after restart: " + committed);

            try (KafkaProducer<String, String> producer = transactionalProducer(broker.bootstrapServers())) {
                producer.initTransactions(); // the transaction coordinator state survived the restart
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, "c", "after-restart"));
                producer.commitTransaction();
            }
            try (KafkaConsumer<String, String> consumer = consumer(broker.bootstrapServers(), group)) {
                consumer.subscribe(List.of(topic));
                List<ConsumerRecord<String, String>> records = pollAtLeast(consumer, 1);
                assertEquals(Set.of("c"), keys(records), "only the new record follows the committed offsets");
            }
        }
    }

    @Test
    void hangingTransactionSweepLeavesALiveTransactionAlone() throws Exception {
        String topic = "live-tx-test";
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
            broker.createTopics(List.of(new NewTopic(topic, 1, (short) 1)));
            try (KafkaProducer<String, String> producer = transactionalProducer(broker.bootstrapServers())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, "live", "in-flight"));
                // Like Streams: the same transaction commits offsets, so __consumer_offsets holds it open too.
                producer.sendOffsetsToTransaction(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(7)),
                        new ConsumerGroupMetadata("live-tx-offsets"));
                producer.flush(); // both partitions now hold an open transaction its coordinator tracks
                assertTrue(openTransactionOnOffsetsTopic(broker.bootstrapServers()),
                        "the sweep must see the pending offset commit, or this test checks nothing");
                assertEquals(0, HangingTransactions.abortAll(broker.bootstrapServers()));
                producer.commitTransaction();
            }
            try (KafkaConsumer<String, String> consumer = consumer(broker.bootstrapServers(), "live-tx-group")) {
                consumer.subscribe(List.of(topic));
                assertEquals(Set.of("live"), keys(pollAtLeast(consumer, 1)), "the live transaction was committed, not aborted");
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                assertEquals(7, admin.listConsumerGroupOffsets("live-tx-offsets").partitionsToOffsetAndMetadata().get()
                        .get(new TopicPartition(topic, 0)).offset(), "the live offset commit was committed, not aborted");
            }
        }
    }

    /**
     * The sweep's hand-written COMMIT marker (for a transaction its coordinator committed without writing this
     * partition's marker) makes the open transaction's records visible to read_committed readers on that partition.
     * The producer is still alive here only so that the transaction is open; nothing it does afterwards is checked.
     */
    @Test
    void commitMarkerEndsAnOpenTransactionAsCommitted() throws Exception {
        String topic = "commit-marker-test";
        TopicPartition partition = new TopicPartition(topic, 0);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
            broker.createTopics(List.of(new NewTopic(topic, 1, (short) 1)));
            try (KafkaProducer<String, String> producer = transactionalProducer(broker.bootstrapServers());
                 KafkaConsumer<String, String> consumer = consumer(broker.bootstrapServers(), "commit-marker-group");
                 Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, "open", "not yet committed"));
                producer.flush();
                consumer.assign(List.of(partition));
                assertEquals(Set.of(), keys(pollAtLeast(consumer, 0)), "read_committed must not see an open transaction");

                var open = admin.describeProducers(List.of(partition)).partitionResult(partition).get().activeProducers()
                        .stream().filter(p -> p.currentTransactionStartOffset().isPresent()).findFirst().orElseThrow();
                TxnMarkerWriter.commit(broker.bootstrapServers(), partition, open.producerId(), (short) open.producerEpoch(),
                        open.coordinatorEpoch().orElse(0));

                assertEquals(Set.of("open"), keys(pollAtLeast(consumer, 1)), "the marker committed the open transaction");
            }
        }
    }

    private static boolean openTransactionOnOffsetsTopic(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<TopicPartition> partitions = new ArrayList<>();
            admin.describeTopics(List.of(Topic.GROUP_METADATA_TOPIC_NAME)).allTopicNames().get().values()
                    .forEach(d -> d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
            return admin.describeProducers(partitions).all().get().values().stream()
                    .flatMap(state -> state.activeProducers().stream())
                    .anyMatch(producer -> producer.currentTransactionStartOffset().isPresent());
        }
    }

    private static KafkaProducer<String, String> transactionalProducer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-test-tx",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024),
                new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap, String group) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer());
    }

    private static List<ConsumerRecord<String, String>> pollAtLeast(KafkaConsumer<String, String> consumer, int count) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (records.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        // A short extra poll catches records that should not be there.
        consumer.poll(Duration.ofMillis(300)).forEach(records::add);
        return records;
    }

    private static Set<String> keys(List<ConsumerRecord<String, String>> records) {
        Set<String> keys = new java.util.HashSet<>();
        records.forEach(r -> keys.add(r.key()));
        assertEquals(records.size(), keys.size(), "no duplicates expected: " + keys);
        return keys;
    }
}
