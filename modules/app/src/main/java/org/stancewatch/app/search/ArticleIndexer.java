package org.stancewatch.app.search;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stancewatch.events.EnrichedArticle;

/**
 * Keeps an {@link ArticleIndex} in step with {@code articles.enriched}: a plain consumer (no group, every partition
 * assigned) that starts at the offsets stored in the index's last commit, or at the beginning when the index is new
 * or missing (a rebuild). Each commit stores the offsets it covers, so nothing is indexed twice or skipped across
 * restarts. A topic that was recreated (stored offset past its end) makes it rebuild.
 */
public final class ArticleIndexer implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ArticleIndexer.class);
    private static final Duration COMMIT_EVERY = Duration.ofSeconds(1);

    private final Consumer<byte[], byte[]> consumer;
    private final Deserializer<EnrichedArticle> values;
    private final ArticleIndex index;
    private final String topic;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile Map<TopicPartition, Long> startEnd = Map.of();
    private volatile boolean caughtUp;
    private volatile long indexed;
    private Thread thread;

    public ArticleIndexer(Consumer<byte[], byte[]> consumer, Deserializer<EnrichedArticle> values, ArticleIndex index,
                          String topic) {
        this.consumer = consumer;
        this.values = values;
        this.index = index;
        this.topic = topic;
    }

    public static Consumer<byte[], byte[]> newConsumer(Map<String, Object> clientConfig) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "stancewatch-search-indexer");
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    public ArticleIndexer start() {
        thread = new Thread(this, "stancewatch-search-indexer");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Articles indexed (or removed) since start. */
    public long indexed() {
        return indexed;
    }

    /** Whether the index has reached the topic's end as it was when the indexer started. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Waits until {@link #caughtUp()}; false on timeout. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!caughtUp && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return caughtUp;
    }

    @Override
    public void run() {
        try {
            assign();
            long lastCommit = System.nanoTime();
            boolean dirty = false;
            while (running.get()) {
                var batch = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> rec : batch) {
                    apply(rec);
                    dirty = true;
                }
                boolean reached = reachedStartEnd();
                if (dirty && (reached || System.nanoTime() - lastCommit > COMMIT_EVERY.toNanos())) {
                    index.commit(positions());
                    lastCommit = System.nanoTime();
                    dirty = false;
                }
                if (reached && !dirty && !caughtUp) {
                    caughtUp = true;
                    LOG.info("search index caught up with {}: {} articles", topic, index.size());
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                LOG.error("search indexer stopped", e);
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("search indexer stopped: the search index is no longer updated", e);
        } finally {
            consumer.close();
        }
    }

    private void assign() throws IOException {
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(topic, Duration.ofSeconds(60)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        consumer.assign(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<Integer, Long> stored = index.committedOffsets();
        boolean stale = partitions.stream().anyMatch(tp -> stored.getOrDefault(tp.partition(), 0L) > end.get(tp));
        if (stored.isEmpty() || stale) {
            if (stale) {
                LOG.warn("search index is ahead of {} (topic recreated?): rebuilding it", topic);
            }
            index.clear();
            consumer.seekToBeginning(partitions);
            LOG.info("search index: building from the beginning of {}", topic);
        } else {
            for (TopicPartition tp : partitions) {
                Long next = stored.get(tp.partition());
                if (next == null) {
                    consumer.seekToBeginning(List.of(tp));
                } else {
                    consumer.seek(tp, next);
                }
            }
        }
        startEnd = end;
    }

    private boolean reachedStartEnd() {
        for (Map.Entry<TopicPartition, Long> e : startEnd.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private Map<Integer, Long> positions() {
        Map<Integer, Long> next = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            next.put(tp.partition(), consumer.position(tp));
        }
        return next;
    }

    private void apply(ConsumerRecord<byte[], byte[]> rec) throws IOException {
        String id = rec.key() == null ? null : new String(rec.key(), java.nio.charset.StandardCharsets.UTF_8);
        if (rec.value() == null) {
            if (id != null) {
                index.remove(id);
                indexed++;
            }
            return;
        }
        try {
            index.put(values.deserialize(rec.topic(), rec.headers(), rec.value()));
            indexed++;
        } catch (RuntimeException e) {
            // The pipeline wrote it; a record the index cannot read is skipped, not a reason to stop searching.
            LOG.warn("search index: skipped {}-{}@{} ({})", rec.topic(), rec.partition(), rec.offset(), e.getMessage());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        consumer.wakeup();
        if (thread != null) {
            thread.join(10_000);
        }
    }
}
