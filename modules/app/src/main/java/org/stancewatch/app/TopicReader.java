package org.stancewatch.app;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning without joining a consumer group: either to the end offsets seen at
 * the start ({@link #readToEnd}) or following it live ({@link #follow}). Read-committed, so records of
 * aborted exactly-once transactions are never shown.
 */
public final class TopicReader<V> implements AutoCloseable {

    private final KafkaConsumer<String, V> consumer;
    private final String topic;

    public TopicReader(Map<String, Object> clientConfig, String topic, Deserializer<V> valueDeserializer) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, clientConfig.get("bootstrap.servers"));
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "stancewatch-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), valueDeserializer);
        this.topic = topic;
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(topic, Duration.ofSeconds(30))
                .forEach(pi -> partitions.add(new TopicPartition(topic, pi.partition())));
        if (partitions.isEmpty()) {
            throw new UserException("topic '" + topic + "' does not exist on " + clientConfig.get("bootstrap.servers"));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Partitions of the topic. */
    public int partitions() {
        return consumer.assignment().size();
    }

    /** All records up to the end offsets as of now, in partition order. */
    public List<ConsumerRecord<String, V>> readToEnd(Duration timeout) {
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        readToEnd(timeout, out::add);
        return out;
    }

    /**
     * Latest value per key up to the end offsets as of now (a compacted-topic view). Tombstones remove.
     * Folds record by record: an uncompacted table topic holds every update of every row, many times the
     * rows themselves (1.5 GB for 100,000 articles), and must not be held in memory all at once.
     */
    public Map<String, V> latestByKey(Duration timeout) {
        Map<String, V> latest = new java.util.LinkedHashMap<>();
        readToEnd(timeout, r -> {
            if (r.value() == null) {
                latest.remove(r.key());
            } else {
                latest.put(r.key(), r.value());
            }
        });
        return latest;
    }

    private void readToEnd(Duration timeout, Consumer<ConsumerRecord<String, V>> onRecord) {
        Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(consumer.assignment()));
        Instant deadline = Instant.now().plus(timeout);
        while (!reached(end)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("timed out reading '" + topic + "' to its end after " + timeout);
            }
            consumer.poll(Duration.ofMillis(200)).forEach(onRecord);
        }
    }

    /** Calls {@code onRecord} for every record, from the beginning, until the thread is interrupted. */
    public void follow(Consumer<ConsumerRecord<String, V>> onRecord, Runnable afterBatch) {
        while (!Thread.currentThread().isInterrupted()) {
            var batch = consumer.poll(Duration.ofMillis(500));
            batch.forEach(onRecord);
            if (!batch.isEmpty()) {
                afterBatch.run();
            }
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
