package org.stancewatch.app.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.stancewatch.app.ConnectionOptions;
import org.stancewatch.app.ServerOptions;
import org.stancewatch.app.StancewatchRuntime;
import org.stancewatch.app.UserException;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.Article;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.Topics;
import org.stancewatch.events.serde.AvroDeserializer;
import org.stancewatch.events.serde.AvroSerializer;
import org.stancewatch.ingest.FeedBenchmark;
import org.stancewatch.pipeline.EventTime;
import org.stancewatch.pipeline.daily.RowKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * End-to-end pipeline throughput and latency (publish -> `mentions.daily`), next to the rate at which plain
 * Kafka copies the same bytes from one topic to another on the same broker in the same run.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = "Feed N generated articles through the embedded pipeline; print articles/s and p50/p99 latency "
                + "from publish to mentions.daily, next to a raw Kafka copy of the same bytes.")
final class BenchPipelineCommand implements Callable<Integer> {

    @Option(names = "--articles", defaultValue = "2000", description = "Articles to feed (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seeds", defaultValue = "seeds", description = "Sentence material (default: ${DEFAULT-VALUE}).")
    Path seedsDir;

    @Option(names = "--timeout", defaultValue = "1800", description = "Seconds to wait for the pipeline (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        if (count < 10) {
            throw new UserException("--articles must be at least 10, was " + count);
        }
        List<Article> articles = FeedBenchmark.generate(count, FeedBenchmark.seedSentences(BenchCommand.seeds(seedsDir)), 42);
        Path dir = Files.createTempDirectory("stancewatch-bench-pipeline-");
        try (StancewatchRuntime runtime = StancewatchRuntime.start(ConnectionOptions.embeddedAt(dir),
                ServerOptions.loopback(0, 0, 0), Map.of(),
                System.err)) {
            Map<String, Object> client = runtime.endpoints().clientConfig();
            AvroSerializer<Article> serializer = new AvroSerializer<>();
            serializer.configure(client, false);
            List<byte[]> bytes = new ArrayList<>();
            for (Article a : articles) {
                bytes.add(serializer.serialize(Topics.ARTICLES, a));
            }
            double copyRate = rawCopyRate(runtime.endpoints().bootstrapServers(), bytes);
            Result r = pipelineRun(runtime, articles, bytes, Duration.ofSeconds(timeoutSeconds));
            System.out.printf(Locale.ROOT, "raw kafka copy: %.0f articles/s (%d articles, %.1f MB)%n", copyRate, count,
                    bytes.stream().mapToLong(b -> b.length).sum() / 1e6);
            System.out.printf(Locale.ROOT, "pipeline: %.1f articles/s end to end; latency publish->mentions.daily "
                            + "p50=%.0f ms p99=%.0f ms (%d articles with actors)%n",
                    r.rate, r.p50, r.p99, r.latencies);
            // Equal to the article count unless work was redone (a fenced transaction re-analyses its articles).
            System.out.printf(Locale.ROOT, "analyses: %d for %d articles%n", runtime.metrics().enrichments(), count);
            System.out.printf(Locale.ROOT, "articles=%d pipeline_per_s=%.1f copy_per_s=%.0f ratio=%.4f p50_ms=%.0f p99_ms=%.0f%n",
                    count, r.rate, copyRate, r.rate / copyRate, r.p50, r.p99);
        } finally {
            BenchCommand.deleteQuietly(dir);
        }
        return 0;
    }

    record Result(double rate, double p50, double p99, int latencies) {
    }

    private static Map<String, Object> producerConfig(String bootstrap) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
        return p;
    }

    private static Properties consumerConfig(String bootstrap) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return c;
    }

    /** Baseline: produce the bytes to one topic, then copy them to another with a consumer + producer. */
    private static double rawCopyRate(String bootstrap, List<byte[]> bytes) {
        String in = "bench.copy.in";
        String out = "bench.copy.out";
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(bootstrap), new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < bytes.size(); i++) {
                producer.send(new ProducerRecord<>(in, "k" + i, bytes.get(i)));
            }
            producer.flush();
            int copied = 0;
            long start = System.nanoTime();
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig(bootstrap),
                    new StringDeserializer(), new ByteArrayDeserializer())) {
                // assign, not subscribe: a group join would add seconds that are not copying.
                List<TopicPartition> inParts = consumer.partitionsFor(in).stream()
                        .map(p -> new TopicPartition(in, p.partition())).toList();
                consumer.assign(inParts);
                consumer.seekToBeginning(inParts);
                while (copied < bytes.size()) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        producer.send(new ProducerRecord<>(out, r.key(), r.value()));
                        copied++;
                    }
                }
                producer.flush();
            }
            return copied / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static Result pipelineRun(StancewatchRuntime runtime, List<Article> articles, List<byte[]> bytes,
                                      Duration timeout) {
        String bootstrap = runtime.endpoints().bootstrapServers();
        Map<String, Object> client = runtime.endpoints().clientConfig();
        AvroDeserializer<ActorDay> days = new AvroDeserializer<>(ActorDay.class);
        days.configure(client, false);
        AvroDeserializer<EnrichedArticle> enriched = new AvroDeserializer<>(EnrichedArticle.class);
        enriched.configure(client, false);
        Map<String, Long> sentAt = new HashMap<>();
        List<Double> latencies = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Set<String> withActors = new HashSet<>();
        Map<String, List<String>> waiting = new HashMap<>();
        Map<String, Integer> countedPerRow = new HashMap<>();
        long start;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig(bootstrap), new StringDeserializer(),
                new ByteArrayDeserializer());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(bootstrap), new StringSerializer(),
                     new ByteArraySerializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : List.of(Topics.MENTIONS_DAILY, Topics.ENRICHED)) {
                consumer.partitionsFor(t).forEach(p -> parts.add(new TopicPartition(t, p.partition())));
            }
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position);
            start = System.nanoTime();
            for (int i = 0; i < articles.size(); i++) {
                sentAt.put(articles.get(i).getId(), System.nanoTime());
                producer.send(new ProducerRecord<>(Topics.ARTICLES, articles.get(i).getId(), bytes.get(i)));
            }
            producer.flush();
            long deadline = System.nanoTime() + timeout.toNanos();
            int enrichedCount = 0;
            while (enrichedCount < articles.size() || !done.containsAll(withActors)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("pipeline did not finish within " + timeout + " (" + enrichedCount
                            + " of " + articles.size() + " enriched)");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    long now = System.nanoTime();
                    if (r.topic().equals(Topics.ENRICHED) && r.value() != null && sentAt.containsKey(r.key())) {
                        enrichedCount++;
                        EnrichedArticle e = enriched.deserialize(r.topic(), r.value());
                        if (!e.getMentions().isEmpty()) {
                            withActors.add(r.key());
                        }
                        for (var m : e.getMentions()) {
                            waiting.computeIfAbsent(RowKeys.daily(m.getActorId(), EventTime.day(e, ZoneOffset.UTC)),
                                    k -> new ArrayList<>()).add(r.key());
                        }
                    } else if (r.topic().equals(Topics.MENTIONS_DAILY) && r.value() != null) {
                        // Rows carry counts only (ActorDay v3): a row that now counts n articles has counted the first
                        // n that reached articles.enriched for it (approximately: the counting order can differ).
                        ActorDay row = days.deserialize(r.topic(), r.value());
                        List<String> queue = waiting.getOrDefault(r.key(), List.of());
                        int from = countedPerRow.getOrDefault(r.key(), 0);
                        int to = (int) Math.min(queue.size(), row.getArticles());
                        for (int k = from; k < to; k++) {
                            String id = queue.get(k);
                            Long t = sentAt.get(id);
                            if (t != null && done.add(id)) {
                                latencies.add((now - t) / 1e6);
                            }
                        }
                        countedPerRow.put(r.key(), Math.max(from, to));
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Collections.sort(latencies);
        return new Result(articles.size() / seconds, percentile(latencies, 0.50), percentile(latencies, 0.99),
                latencies.size());
    }

    private static double percentile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }
}
