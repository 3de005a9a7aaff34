package org.stancewatch.app.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancewatch.embedded.EmbeddedKafkaBroker;

/**
 * Issue #14.7: `run` logged "WARN MeterRegistry - This Gauge has been already registered" shortly after start:
 * Micrometer's Kafka binder re-registered every client gauge whenever the clients' metric set changed
 * (micrometer#5757, fixed in 1.14.6). The binder's minute-long refresh is made fast here.
 */
class StancewatchMetricsTest {

    /** Runs the binder's periodic refresh every 100 ms from the start instead of once a minute. */
    static final class FastRefresh extends ScheduledThreadPoolExecutor {
        FastRefresh() {
            super(1, r -> {
                Thread t = new Thread(r, "fast-kafka-metrics-refresh");
                t.setDaemon(true);
                return t;
            });
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            return super.scheduleAtFixedRate(command, 0, 100, TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void bindingAKafkaStreamsAppLogsNoDoubleRegistration(@TempDir Path dir) throws Exception {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
            try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("in", 2, (short) 1), new NewTopic("out", 2, (short) 1))).all().get();
            }
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream("in", Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                    .to("out", Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "metrics-test");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2); // as `run` on two cores
            props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try (KafkaStreams streams = new KafkaStreams(builder.build(), props); StancewatchMetrics metrics = new StancewatchMetrics()) {
                metrics.bindKafkaStreams(streams, new FastRefresh());
                streams.start();
                // The clients add metrics as they connect, join the group and start transactions: let many refreshes see that.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
                while (System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                String scrape = metrics.scrape();
                assertTrue(scrape.contains("kafka_producer_"), () -> "the producers' metrics are exposed; state " + streams.state()
                        + ", kafka meters: " + scrape.lines().filter(l -> l.startsWith("kafka_")).map(l -> l.replaceAll("[{ ].*", ""))
                        .distinct().limit(15).toList() + "\nlog: " + err.toString(StandardCharsets.UTF_8).lines().limit(20).toList());
                streams.close(java.time.Duration.ofSeconds(10));
            }
        } finally {
            System.setErr(oldErr);
        }
        String log = err.toString(StandardCharsets.UTF_8);
        assertFalse(log.contains("already registered"), log.lines().filter(l -> l.contains("already registered")).findFirst().orElse(""));
    }
}
