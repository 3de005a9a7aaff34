package org.stancewatch.app.http;

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
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stancewatch.app.http.ApiModel.AlertView;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.RejectedRecord;
import org.stancewatch.events.StanceShiftAlert;

/**
 * Follows {@code mentions.daily} and {@code alerts.stance} and pushes them to the dashboards over
 * SSE; also fills the {@link AlertRing} behind {@code /api/alerts}. It assigns itself every partition
 * without a consumer group (each instance needs the whole stream, and nothing must be committed):
 * alerts are read from the beginning so the ring is full after a restart, daily counts from the end.
 */
public final class LiveFeed implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

    private final Consumer<byte[], byte[]> consumer;
    private final String mentionsTopic;
    private final String alertsTopic;
    private final Deserializer<ActorDay> days;
    private final Deserializer<StanceShiftAlert> alerts;
    private final AlertRing ring;
    private final ApiServer server;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private Thread thread;
    private StancewatchMetrics metrics;
    private String rejectedTopic;
    private Deserializer<RejectedRecord> rejected;

    public LiveFeed(Consumer<byte[], byte[]> consumer, String mentionsTopic, String alertsTopic,
                    Deserializer<ActorDay> days, Deserializer<StanceShiftAlert> alerts,
                    AlertRing ring, ApiServer server) {
        this.consumer = consumer;
        this.mentionsTopic = mentionsTopic;
        this.alertsTopic = alertsTopic;
        this.days = days;
        this.alerts = alerts;
        this.ring = ring;
        this.server = server;
    }

    /** A consumer for the feed from the app's client config ({@code bootstrap.servers}, security...). */
    public static Consumer<byte[], byte[]> newConsumer(Map<String, Object> clientConfig) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "stancewatch-live-feed");
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Also counts alerts and dead letters (by reason) into {@code metrics}; dead letters are counted from
     * the time of start, like any Prometheus counter of this process.
     */
    public LiveFeed countingInto(StancewatchMetrics metrics, String rejectedTopic, Deserializer<RejectedRecord> rejected) {
        this.metrics = metrics;
        this.rejectedTopic = rejectedTopic;
        this.rejected = rejected;
        return this;
    }

    /** Starts the feed on a daemon thread. */
    public LiveFeed start() {
        thread = new Thread(this, "stancewatch-live-feed");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    @Override
    public void run() {
        try {
            assign();
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> rec : consumer.poll(Duration.ofMillis(500))) {
                    handle(rec);
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close();
        }
    }

    /** Waits (logging once) until both topics exist: the feed may start before the pipeline creates them. */
    private void assign() throws InterruptedException {
        List<TopicPartition> alertPartitions = partitions(alertsTopic);
        List<TopicPartition> dayPartitions = partitions(mentionsTopic);
        boolean logged = false;
        while (running.get() && (alertPartitions.isEmpty() || dayPartitions.isEmpty())) {
            if (!logged) {
                LOG.info("live feed waiting for topics '{}' and '{}' to exist", alertsTopic, mentionsTopic);
                logged = true;
            }
            Thread.sleep(2000);
            alertPartitions = partitions(alertsTopic);
            dayPartitions = partitions(mentionsTopic);
        }
        List<TopicPartition> all = new ArrayList<>(alertPartitions);
        all.addAll(dayPartitions);
        List<TopicPartition> rejectedPartitions = rejectedTopic == null ? List.of() : partitions(rejectedTopic);
        all.addAll(rejectedPartitions);
        consumer.assign(all);
        consumer.seekToBeginning(alertPartitions);
        consumer.seekToEnd(dayPartitions);
        consumer.seekToEnd(rejectedPartitions);
    }

    private List<TopicPartition> partitions(String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null) {
            return List.of();
        }
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    /** One bad record is logged and skipped; the feed goes on. */
    void handle(ConsumerRecord<byte[], byte[]> rec) {
        if (rec.value() == null) {
            return;
        }
        try {
            if (rec.topic().equals(alertsTopic)) {
                AlertView alert = AlertView.from(alerts.deserialize(rec.topic(), rec.headers(), rec.value()));
                ring.add(alert);
                server.publish("alert", alert);
                if (metrics != null) {
                    metrics.alertRaised(alert.kind());
                }
            } else if (rec.topic().equals(mentionsTopic)) {
                server.publishDay(days.deserialize(rec.topic(), rec.headers(), rec.value()));
            } else if (rec.topic().equals(rejectedTopic) && metrics != null) {
                metrics.articleRejected(rejected.deserialize(rec.topic(), rec.headers(), rec.value()).getReason());
            }
        } catch (RuntimeException e) {
            LOG.warn("live feed skipped {}-{}@{}: {}", rec.topic(), rec.partition(), rec.offset(), e.toString());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        consumer.wakeup();
        if (thread != null) {
            thread.join(5000);
        }
    }
}
