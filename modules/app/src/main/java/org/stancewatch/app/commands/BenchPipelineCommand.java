package org.stancewatch.app.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
import org.stancewatch.app.TopicReader;
import org.stancewatch.app.UserException;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.Article;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.ProducerSettings;
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
 * Kafka copies the same bytes from one topic to another on the same broker in the same run. Published all at once,
 * the latency is queueing time (N / throughput); at a steady {@code --rate} below the maximum it is processing time.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = {"Feed N generated articles through the embedded pipeline; print articles/s and p50/p95/p99 latency "
                + "from publish to the first mentions.daily update that counts the article, next to a raw Kafka copy of "
                + "the same bytes.",
                "--rate R publishes at a steady R articles/s (latency then is processing, not queueing); --rate auto "
                        + "warms up with N/4 articles, measures the maximum (all at once), then runs at 0.5 x and 0.9 x "
                        + "that maximum."})
final class BenchPipelineCommand implements Callable<Integer> {

    @Option(names = "--articles", defaultValue = "2000", description = "Articles to feed per run (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--rate", defaultValue = "max", paramLabel = "R|max|auto",
            description = "Articles/s to publish at: a number, max (all at once, the default) or auto (a warm-up of N/4, "
                    + "then max, then 0.5 x and 0.9 x the measured max, each with N new articles).")
    String rate;

    @Option(names = "--seeds", defaultValue = "seeds", description = "Sentence material (default: ${DEFAULT-VALUE}).")
    Path seedsDir;

    @Option(names = "--timeout", defaultValue = "1800", description = "Seconds to wait for the pipeline (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        if (count < 10) {
            throw new UserException("--articles must be at least 10, was " + count);
        }
        double fixedRate = parseRate(rate);
        List<String> sentences = FeedBenchmark.seedSentences(BenchCommand.seeds(seedsDir));
        Path dir = Files.createTempDirectory("stancewatch-bench-pipeline-");
        try (StancewatchRuntime runtime = StancewatchRuntime.start(ConnectionOptions.embeddedAt(dir),
                ServerOptions.loopback(0, 0, 0), Map.of(),
                System.err)) {
            Map<String, Object> client = runtime.endpoints().clientConfig();
            AvroSerializer<Article> serializer = new AvroSerializer<>();
            serializer.configure(client, false);
            Batch first = Batch.of(FeedBenchmark.generate(count, sentences, 42), serializer);
            double copyRate = rawCopyRate(runtime.endpoints().bootstrapServers(), first.bytes());
            System.out.printf(Locale.ROOT, "raw kafka copy: %.0f articles/s (%d articles, %.1f MB)%n", copyRate, count,
                    first.bytes().stream().mapToLong(b -> b.length).sum() / 1e6);
            Duration timeout = Duration.ofSeconds(timeoutSeconds);
            List<Result> results = new ArrayList<>();
            if (rate.equals("auto")) {
                // Warm up first (JIT, caches): a maximum measured on a cold JVM is too low, and 0.9 x of it would not
                // be near saturation.
                Batch warmUp = Batch.of(FeedBenchmark.generate(Math.max(10, count / 4), sentences, 41), serializer);
                Result cold = pipelineRun(runtime, warmUp, 0, timeout);
                System.out.printf(Locale.ROOT, "warm-up: %d articles at %.1f articles/s (not counted)%n",
                        warmUp.articles().size(), cold.rate());
                Result max = report(pipelineRun(runtime, first, 0, timeout));
                results.add(max);
                int seed = 43;
                for (double share : new double[] {0.5, 0.9}) {
                    Batch batch = Batch.of(FeedBenchmark.generate(count, sentences, seed++), serializer);
                    results.add(report(pipelineRun(runtime, batch, share * max.rate(), timeout)));
                }
            } else {
                results.add(report(pipelineRun(runtime, first, fixedRate, timeout)));
            }
            // Equal to the article count unless work was redone (a fenced transaction re-analyses its articles).
            System.out.printf(Locale.ROOT, "analyses: %d for %d articles%n", runtime.metrics().enrichments(),
                    count * results.size() + (rate.equals("auto") ? Math.max(10, count / 4) : 0));
            for (Result r : results) {
                System.out.printf(Locale.ROOT, "articles=%d target_rate=%s pipeline_per_s=%.1f copy_per_s=%.0f ratio=%.4f "
                                + "p50_ms=%.0f p95_ms=%.0f p99_ms=%.0f%n",
                        count, r.targetRate() <= 0 ? "max" : String.format(Locale.ROOT, "%.1f", r.targetRate()), r.rate(),
                        copyRate, r.rate() / copyRate, r.latencies().percentile(0.50), r.latencies().percentile(0.95),
                        r.latencies().percentile(0.99));
            }
        } finally {
            BenchCommand.deleteQuietly(dir);
        }
        return 0;
    }

    /** {@code max} -> 0 (all at once), {@code auto} -> 0 for the first run, a positive number -> itself. */
    static double parseRate(String rate) {
        if (rate.equals("max") || rate.equals("auto")) {
            return 0;
        }
        try {
            double r = Double.parseDouble(rate);
            if (r > 0 && Double.isFinite(r)) {
                return r;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UserException("--rate must be a positive number of articles/s, max or auto, was " + rate);
    }

    private static Result report(Result r) {
        System.out.printf(Locale.ROOT, "pipeline at %s: published at %.1f articles/s, %.1f articles/s end to end; latency "
                        + "publish->mentions.daily %s (%d articles with actors)%n",
                r.targetRate() <= 0 ? "max (all at once)" : String.format(Locale.ROOT, "%.1f articles/s", r.targetRate()),
                r.publishRate(), r.rate(), r.latencies().describe(), r.latencies().count());
        return r;
    }

    /** Articles with their Avro bytes (serialized once, before the clock starts). */
    record Batch(List<Article> articles, List<byte[]> bytes) {
        static Batch of(List<Article> articles, AvroSerializer<Article> serializer) {
            List<byte[]> bytes = new ArrayList<>();
            for (Article a : articles) {
                bytes.add(serializer.serialize(Topics.ARTICLES, a));
            }
            return new Batch(articles, bytes);
        }
    }

    /**
     * @param targetRate  articles/s asked for (0: all at once)
     * @param publishRate articles/s actually published
     * @param rate        articles/s from the first publish until every article was enriched and counted
     */
    record Result(double targetRate, double publishRate, double rate, BenchLatencies latencies) {
    }

    /** The bench loaders' producer (this command's and bench scale's): reliable, batched a little, gzip as the feed. */
    static Map<String, Object> producerConfig(String bootstrap) {
        Map<String, Object> p = ProducerSettings.reliable(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
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

    /**
     * Every {@code mentions.daily} row's article count so far (read_committed, up to the end offsets), so a run's
     * latencies count only its own articles: the rows already hold the earlier runs' ({@link BenchFirstCounts}).
     */
    private static Map<String, Long> rowCounts(Map<String, Object> client, Duration timeout) {
        // Its own deserializer: the reader's consumer closes the one it is given.
        AvroDeserializer<ActorDay> rows = new AvroDeserializer<>(ActorDay.class);
        rows.configure(client, false);
        Map<String, Long> counts = new HashMap<>();
        try (TopicReader<ActorDay> reader = new TopicReader<>(client, Topics.MENTIONS_DAILY, rows)) {
            reader.latestByKey(timeout).forEach((key, row) -> counts.put(key, row.getArticles()));
        }
        return counts;
    }

    private static Result pipelineRun(StancewatchRuntime runtime, Batch batch, double targetRate, Duration timeout)
            throws InterruptedException {
        List<Article> articles = batch.articles();
        String bootstrap = runtime.endpoints().bootstrapServers();
        Map<String, Object> client = runtime.endpoints().clientConfig();
        AvroDeserializer<ActorDay> days = new AvroDeserializer<>(ActorDay.class);
        days.configure(client, false);
        AvroDeserializer<EnrichedArticle> enriched = new AvroDeserializer<>(EnrichedArticle.class);
        enriched.configure(client, false);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        articles.forEach(a -> sentAt.put(a.getId(), Long.MIN_VALUE)); // known ids; the publisher stamps each send
        BenchLatencies latencies = new BenchLatencies();
        Set<String> done = new HashSet<>();
        Set<String> withActors = new HashSet<>();
        AtomicLong publishedNanos = new AtomicLong();
        AtomicReference<Exception> publishFailure = new AtomicReference<>();
        long start;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig(bootstrap), new StringDeserializer(),
                new ByteArrayDeserializer());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(bootstrap), new StringSerializer(),
                     new ByteArraySerializer())) {
            BenchFirstCounts counts = new BenchFirstCounts(rowCounts(client, timeout));
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : List.of(Topics.MENTIONS_DAILY, Topics.ENRICHED)) {
                consumer.partitionsFor(t).forEach(p -> parts.add(new TopicPartition(t, p.partition())));
            }
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position);
            start = System.nanoTime();
            // A paced producer in its own thread, so waiting for the next send never delays reading the results.
            Thread publisher = new Thread(() -> {
                try {
                    BenchPacer pacer = new BenchPacer(targetRate, start);
                    for (int i = 0; i < articles.size(); i++) {
                        pacer.awaitDue(i);
                        sentAt.put(articles.get(i).getId(), System.nanoTime());
                        producer.send(new ProducerRecord<>(Topics.ARTICLES, articles.get(i).getId(), batch.bytes().get(i)));
                    }
                    producer.flush();
                    publishedNanos.set(System.nanoTime());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    publishFailure.set(e);
                }
            }, "bench-publisher");
            publisher.setDaemon(true);
            publisher.start();
            long deadline = System.nanoTime() + timeout.toNanos();
            int enrichedCount = 0;
            while (enrichedCount < articles.size() || !done.containsAll(withActors)) {
                if (publishFailure.get() != null) {
                    throw new IllegalStateException("publishing failed: " + publishFailure.get().getMessage(),
                            publishFailure.get());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("pipeline did not finish within " + timeout + " (" + enrichedCount
                            + " of " + articles.size() + " enriched)");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    List<String> counted = List.of();
                    if (r.topic().equals(Topics.ENRICHED) && r.value() != null && sentAt.containsKey(r.key())) {
                        enrichedCount++;
                        EnrichedArticle e = enriched.deserialize(r.topic(), r.value());
                        if (!e.getMentions().isEmpty()) {
                            withActors.add(r.key());
                        }
                        counted = counts.enriched(r.key(), e.getMentions().stream()
                                .map(m -> RowKeys.daily(m.getActorId(), EventTime.day(e, ZoneOffset.UTC))).toList());
                    } else if (r.topic().equals(Topics.MENTIONS_DAILY) && r.value() != null) {
                        counted = counts.row(r.key(), days.deserialize(r.topic(), r.value()).getArticles());
                    }
                    for (String id : counted) {
                        Long t = sentAt.get(id);
                        if (t != null && t != Long.MIN_VALUE && done.add(id)) {
                            latencies.add((now - t) / 1e6);
                        }
                    }
                }
            }
            publisher.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double publishSeconds = Math.max(1e-9, (publishedNanos.get() - start) / 1e9);
        return new Result(targetRate, articles.size() / publishSeconds, articles.size() / seconds, latencies);
    }
}
