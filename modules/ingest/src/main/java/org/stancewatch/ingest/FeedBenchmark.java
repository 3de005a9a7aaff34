package org.stancewatch.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.BreakIterator;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.stancewatch.events.Article;
import org.stancewatch.events.serde.AvroSerializer;

/**
 * {@code stancewatch bench feed --count N}: sends N generated articles through the Avro serializer, then the
 * same serialized bytes through a plain {@link ByteArraySerializer} producer, in the same run and with the same
 * producer settings, and reports both rates and their ratio. The ratio (Avro rate / raw rate) isolates the cost
 * of serialization and registry look-ups from the broker and the machine, which are noisy on shared hosts.
 */
public final class FeedBenchmark {

    /**
     * Rates in articles per second; {@code ratio} is avro / raw (1.0 = serialization costs nothing).
     * {@code serializePerSecond} is the serializer alone, without Kafka (measured while preparing the baseline).
     */
    public record Result(int count, double avroPerSecond, double rawPerSecond, double serializePerSecond,
                         long serializedBytes, double rawFiveInFlightPerSecond) {
        public double ratio() {
            return rawPerSecond == 0 ? 0 : avroPerSecond / rawPerSecond;
        }

        /** Raw bytes with the feed's one request in flight over the same with Kafka's default five. */
        public double inFlightRatio() {
            return rawFiveInFlightPerSecond == 0 ? 0 : rawPerSecond / rawFiveInFlightPerSecond;
        }

        public String describe() {
            return String.format(Locale.ROOT,
                    "%d articles (%.1f MB serialized): Avro serializer %.0f articles/s, raw bytes baseline %.0f "
                            + "articles/s, ratio %.2f (serializer alone: %.0f articles/s); raw bytes with five requests "
                            + "in flight %.0f articles/s, one in flight (the feed's) vs five: %.2f",
                    count, serializedBytes / 1e6, avroPerSecond, rawPerSecond, ratio(), serializePerSecond,
                    rawFiveInFlightPerSecond, inFlightRatio());
        }
    }

    private static final String[] OUTLETS = {"Alwaght", "Syria Times", "South Front", "Bench Daily", "Wire"};

    private FeedBenchmark() {
    }

    /** The sentences of the seed articles (the .txt files in {@code seedsDir}), for generating articles. */
    public static List<String> seedSentences(Path seedsDir) {
        RawTextReader reader = new RawTextReader(FeedOptions.defaults());
        List<String> sentences = new ArrayList<>();
        try (Stream<Path> files = Files.list(seedsDir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                try (Stream<ReadItem> items = reader.read(file)) {
                    items.forEach(item -> {
                        if (item instanceof ReadItem.Accepted a) {
                            sentences.addAll(sentencesOf(a.article().getBody()));
                        }
                    });
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list seeds in " + seedsDir, e);
        }
        if (sentences.isEmpty()) {
            throw new IllegalArgumentException("no seed sentences found in " + seedsDir + " (expected *.txt files)");
        }
        return sentences;
    }

    static List<String> sentencesOf(String text) {
        BreakIterator it = BreakIterator.getSentenceInstance(Locale.ENGLISH);
        it.setText(text);
        List<String> out = new ArrayList<>();
        for (int start = it.first(), end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            String s = text.substring(start, end).strip();
            if (s.length() >= 20) {
                out.add(s);
            }
        }
        return out;
    }

    /** {@code count} articles of 5 to 20 seed sentences each, reproducible for a given {@code seed}. */
    public static List<Article> generate(int count, List<String> sentences, long seed) {
        Random random = new Random(seed);
        Instant now = Instant.now();
        List<Article> articles = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder body = new StringBuilder();
            int n = 5 + random.nextInt(16);
            for (int s = 0; s < n; s++) {
                body.append(sentences.get(random.nextInt(sentences.size()))).append(s % 4 == 3 ? "\n\n" : " ");
            }
            String title = sentences.get(random.nextInt(sentences.size()));
            articles.add(Article.newBuilder()
                    .setId(String.format(Locale.ROOT, "bench-%d-%07d", seed, i))
                    .setTitle(title.length() > 120 ? title.substring(0, 120) : title)
                    .setBody(body.toString().strip())
                    .setOutlet(OUTLETS[random.nextInt(OUTLETS.length)])
                    .setLanguage("en")
                    .setPublishedDate(LocalDate.of(2017, 7, 1).plusDays(random.nextInt(31)))
                    .setIngestedAt(now)
                    .setSource("bench")
                    .setMetadata(new HashMap<>())
                    .build());
        }
        return articles;
    }

    /**
     * {@code stancewatch bench feed --count N}: {@code count} articles from the seeds in {@code seedsDir}, through
     * a new {@link AvroSerializer} configured from {@code clientConfig} (which must hold {@code schema.registry.url}).
     */
    public static Result run(String bootstrapServers, Map<String, Object> clientConfig, String topic, int count,
                             Path seedsDir) {
        List<Article> articles = generate(count, seedSentences(seedsDir), System.nanoTime());
        AvroSerializer<Article> serializer = new AvroSerializer<>();
        serializer.configure(clientConfig, false);
        return run(bootstrapServers, clientConfig, serializer, topic, articles); // the Avro producer closes it
    }

    /**
     * Runs the benchmark against a cluster: the producers get {@link ArticleFeeder#producerConfig} plus
     * {@code clientConfig} (security settings etc.); a third raw one has Kafka's default five requests in flight
     * instead of the feed's one, to price that setting (ProducerSettings) in the same run. {@code avroSerializer}
     * must already be configured (registry URL); it is closed with the Avro producer, as Kafka closes a producer's
     * serializers. The raw baselines go to {@code topic + ".baseline"} and {@code ".baseline-five-in-flight"}.
     */
    public static Result run(String bootstrapServers, Map<String, Object> clientConfig, Serializer<Article> avroSerializer,
                             String topic, List<Article> articles) {
        Map<String, Object> config = ArticleFeeder.producerConfig(bootstrapServers);
        config.putAll(clientConfig);
        config.remove("key.serializer");
        config.remove("value.serializer");
        Map<String, Object> fiveInFlight = new HashMap<>(config);
        fiveInFlight.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        try (Producer<String, Article> avro = new KafkaProducer<>(config, new StringSerializer(), avroSerializer);
             Producer<String, byte[]> raw = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
             Producer<String, byte[]> rawFive = new KafkaProducer<>(fiveInFlight, new StringSerializer(),
                     new ByteArraySerializer())) {
            return run(avro, avroSerializer, raw, rawFive, topic, articles);
        }
    }

    /** The measurement itself, on any producers (tests use {@code MockProducer}). */
    public static Result run(Producer<String, Article> avroProducer, Serializer<Article> avroSerializer,
                             Producer<String, byte[]> rawProducer, Producer<String, byte[]> rawFiveProducer, String topic,
                             List<Article> articles) {
        String baselineTopic = topic + ".baseline";
        String fiveTopic = topic + ".baseline-five-in-flight";
        // Serialized up front so the baseline sends exactly the bytes the Avro producer sends.
        List<byte[]> serialized = new ArrayList<>(articles.size());
        long bytes = 0;
        for (Article a : articles) {
            byte[] value = avroSerializer.serialize(topic, a);
            serialized.add(value);
            bytes += value.length;
        }
        // Warm-up (JIT, topic creation, first segments) is not measured; seen here: with 500 articles of warm-up
        // the first kind measured ran several times slower than in a second run.
        int warmUp = Math.min(2000, articles.size() / 5);
        sendAvro(avroProducer, topic, articles.subList(0, warmUp));
        sendRaw(rawProducer, baselineTopic, articles.subList(0, warmUp), serialized.subList(0, warmUp));
        sendRaw(rawFiveProducer, fiveTopic, articles.subList(0, warmUp), serialized.subList(0, warmUp));

        // The serializer alone, warm now; the byte count keeps the JIT from dropping the work.
        long serializeStart = System.nanoTime();
        long again = 0;
        for (Article a : articles) {
            again += avroSerializer.serialize(topic, a).length;
        }
        long serializeNanos = System.nanoTime() - serializeStart;
        if (again != bytes) {
            throw new IllegalStateException("the serializer wrote " + again + " bytes the second time, " + bytes + " the first");
        }

        // A-B-C-C-B-A order over the two halves, so a drift in machine load during the run hits every kind alike.
        int half = articles.size() / 2;
        List<Article> firstHalf = articles.subList(0, half);
        List<Article> secondHalf = articles.subList(half, articles.size());
        long avroNanos = 0;
        long rawNanos = 0;
        long fiveNanos = 0;
        long t = System.nanoTime();
        sendAvro(avroProducer, topic, firstHalf);
        avroNanos += System.nanoTime() - t;
        t = System.nanoTime();
        sendRaw(rawProducer, baselineTopic, firstHalf, serialized.subList(0, half));
        rawNanos += System.nanoTime() - t;
        t = System.nanoTime();
        sendRaw(rawFiveProducer, fiveTopic, firstHalf, serialized.subList(0, half));
        fiveNanos += System.nanoTime() - t;
        t = System.nanoTime();
        sendRaw(rawFiveProducer, fiveTopic, secondHalf, serialized.subList(half, articles.size()));
        fiveNanos += System.nanoTime() - t;
        t = System.nanoTime();
        sendRaw(rawProducer, baselineTopic, secondHalf, serialized.subList(half, articles.size()));
        rawNanos += System.nanoTime() - t;
        t = System.nanoTime();
        sendAvro(avroProducer, topic, secondHalf);
        avroNanos += System.nanoTime() - t;
        return new Result(articles.size(), rate(articles.size(), avroNanos), rate(articles.size(), rawNanos),
                rate(articles.size(), serializeNanos), bytes, rate(articles.size(), fiveNanos));
    }

    private static void sendAvro(Producer<String, Article> producer, String topic, List<Article> articles) {
        SendErrors errors = new SendErrors();
        for (Article a : articles) {
            producer.send(new ProducerRecord<>(topic, a.getId(), a), (metadata, e) -> errors.note(e));
        }
        producer.flush();
        errors.throwIfAny();
    }

    private static void sendRaw(Producer<String, byte[]> producer, String topic, List<Article> articles,
                                List<byte[]> values) {
        SendErrors errors = new SendErrors();
        for (int i = 0; i < articles.size(); i++) {
            producer.send(new ProducerRecord<>(topic, articles.get(i).getId(), values.get(i)), (metadata, e) -> errors.note(e));
        }
        producer.flush();
        errors.throwIfAny();
    }

    /** Callbacks run on the producer's I/O thread, where a thrown exception is only logged: collect, then throw. */
    private static final class SendErrors {
        private final java.util.concurrent.atomic.AtomicLong count = new java.util.concurrent.atomic.AtomicLong();
        private volatile Exception first;

        void note(Exception e) {
            if (e != null && count.getAndIncrement() == 0) {
                first = e;
            }
        }

        void throwIfAny() {
            if (count.get() > 0) {
                throw new IllegalStateException(count.get() + " benchmark sends failed; first: " + first, first);
            }
        }
    }

    private static double rate(int count, long nanos) {
        return nanos <= 0 ? 0 : count * 1e9 / nanos;
    }
}
