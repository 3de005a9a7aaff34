package org.stancewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancewatch.events.Article;
import org.stancewatch.events.registry.SchemaRegistryClients;
import org.stancewatch.events.serde.AvroDeserializer;
import org.stancewatch.events.serde.AvroSerializer;

class ArticleFeederTest {

    /** Avro binary without the registry framing: enough for MockProducer, which serializes to size records. */
    private static final Serializer<Article> AVRO_BYTES = (topic, article) -> {
        try {
            return article.toByteBuffer().array();
        } catch (IOException e) {
            throw new SerializationException(e);
        }
    };

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private final Path jsonl = TestSupport.SAMPLES.resolve("articles.jsonl");

    private static MockProducer<String, Article> producer() {
        return new MockProducer<>(true, null, new StringSerializer(), AVRO_BYTES);
    }

    private String errText() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void sendsValidArticlesKeyedByIdAndReportsRejections() {
        MockProducer<String, Article> producer = producer();
        FeedSummary summary = new ArticleFeeder(TestSupport.options())
                .feed(List.of(TestSupport.SEEDS, jsonl), producer, "articles", err);

        assertEquals(new FeedSummary(8, 3, 0, summary.rejections()), summary);
        assertEquals(8, producer.history().size());
        for (ProducerRecord<String, Article> record : producer.history()) {
            assertEquals("articles", record.topic());
            assertEquals(record.value().getId(), record.key());
        }
        assertTrue(producer.flushed());
        assertEquals(List.of(2, 5, 6), summary.rejections().stream().map(Rejection::line).toList());
        assertEquals(List.of(Rejection.Code.MALFORMED_JSON, Rejection.Code.EMPTY_BODY, Rejection.Code.BAD_DATE),
                summary.rejections().stream().map(Rejection::code).toList());
        assertTrue(errText().contains("rejected: " + jsonl + ":2: malformed JSON line"), errText());
        assertTrue(errText().contains("feed: sent 8, rejected 3, re-sent 0 (same id as an earlier send)"), errText());
    }

    @Test
    void sameIdTwiceInOneRunCountsAsResent() {
        MockProducer<String, Article> producer = producer();
        FeedSummary summary = new ArticleFeeder(TestSupport.options())
                .feed(List.of(TestSupport.SEEDS, TestSupport.SEEDS), producer, "articles", err);
        assertEquals(10, summary.sent());
        assertEquals(5, summary.resent());
        assertEquals(0, summary.rejected());
    }

    @Test
    void ledgerCountsIdsSentInEarlierRuns(@TempDir Path dir) throws IOException {
        Path ledger = dir.resolve("state/ledger.txt");
        FeedOptions options = TestSupport.options().withLedger(ledger);
        FeedSummary first = new ArticleFeeder(options).feed(List.of(TestSupport.SEEDS), producer(), "articles", err);
        assertEquals(0, first.resent());
        assertEquals(5, Files.readAllLines(ledger).size());

        FeedSummary second = new ArticleFeeder(options).feed(List.of(TestSupport.SEEDS, jsonl), producer(), "articles", err);
        assertEquals(8, second.sent());
        assertEquals(5, second.resent(), "the seeds were sent by the first run");
        assertEquals(8, Files.readAllLines(ledger).size(), "new ids appended once");
    }

    @Test
    void failedSendsAreReportedPerArticleAndCountedAsRejected() {
        Serializer<Article> failsOnOne = (topic, article) -> {
            if (article.getTitle().equals("Mosul retaken")) {
                throw new SerializationException("schema registry unreachable");
            }
            return AVRO_BYTES.serialize(topic, article);
        };
        // Not auto-completing: the first pending send fails when the feeder flushes.
        MockProducer<String, Article> producer = new MockProducer<>(false, null, new StringSerializer(), failsOnOne) {
            private boolean failedOne;

            @Override
            public synchronized void flush() {
                if (!failedOne) {
                    failedOne = true;
                    errorNext(new TimeoutException("broker did not answer"));
                }
                super.flush();
            }
        };
        FeedSummary summary = new ArticleFeeder(TestSupport.options()).feed(List.of(jsonl), producer, "articles", err);
        assertEquals(1, summary.sent());
        assertEquals(5, summary.rejected(), "3 bad lines, 1 serializer failure, 1 broker failure");
        assertEquals(2, summary.failedSends(), "the serializer and the broker failure, not the bad lines");
        assertEquals(2, summary.rejections().stream().filter(r -> r.code() == Rejection.Code.SEND_FAILED).count(),
                summary.rejections().toString());
        assertTrue(errText().contains(jsonl + ":1: send of article jl-1 failed: SerializationException: schema registry unreachable"),
                errText());
        assertTrue(errText().contains(jsonl + ":3: send of article "), errText());
        assertTrue(errText().contains("failed: TimeoutException: broker did not answer"), errText());
    }

    @Test
    void articlesGoOutInConfluentWireAvroThatDecodesBack() {
        String scope = "ingest-feeder-test";
        Map<String, Object> serdeConfig = Map.of("schema.registry.url", "mock://" + scope);
        try (AvroSerializer<Article> serializer = new AvroSerializer<>();
             AvroDeserializer<Article> deserializer = new AvroDeserializer<>(Article.class)) {
            serializer.configure(serdeConfig, false);
            deserializer.configure(serdeConfig, false);
            MockProducer<String, Article> producer = new MockProducer<>(true, null, new StringSerializer(), serializer);
            FeedSummary summary = new ArticleFeeder(TestSupport.options())
                    .feed(List.of(TestSupport.SAMPLES.resolve("feed.rss")), producer, "articles", err);
            assertEquals(2, summary.sent());
            for (ProducerRecord<String, Article> record : producer.history()) {
                byte[] wire = serializer.serialize("articles", record.value());
                assertEquals(0, wire[0], "Confluent magic byte");
                assertEquals(record.value(), deserializer.deserialize("articles", wire));
            }
        } finally {
            SchemaRegistryClients.dropScope(scope);
        }
    }

    @Test
    void producerConfigIsSafeAndCompressed() {
        Map<String, Object> config = ArticleFeeder.producerConfig("localhost:9092");
        assertEquals("all", config.get(ProducerConfig.ACKS_CONFIG));
        assertEquals(true, config.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
        assertEquals(1, config.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION));
        assertEquals("gzip", config.get(ProducerConfig.COMPRESSION_TYPE_CONFIG));
        assertEquals("localhost:9092", config.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        assertEquals(AvroSerializer.class.getName(), config.get(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG));
    }
}
