package org.stancewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.stancewatch.events.Article;
import org.stancewatch.events.registry.SchemaRegistryClients;
import org.stancewatch.events.serde.AvroSerializer;

class FeedBenchmarkTest {

    @Test
    void generatedArticlesAreMadeOfSeedSentences() {
        List<String> sentences = FeedBenchmark.seedSentences(TestSupport.SEEDS);
        assertTrue(sentences.size() > 50, "seed sentences: " + sentences.size());
        assertTrue(sentences.stream().anyMatch(s -> s.contains("victory over ISIS")));
        List<Article> articles = FeedBenchmark.generate(20, sentences, 7);
        assertEquals(20, articles.stream().map(Article::getId).distinct().count());
        assertEquals(articles, FeedBenchmark.generate(20, sentences, 7).stream()
                .map(a -> Article.newBuilder(a).setIngestedAt(articles.get(0).getIngestedAt()).build()).toList(),
                "same seed, same articles");
        assertTrue(articles.get(0).getBody().contains(sentences.stream()
                .filter(s -> articles.get(0).getBody().contains(s)).findFirst().orElseThrow()));
    }

    @Test
    void baselineSendsExactlyTheAvroBytes() {
        String scope = "ingest-bench-test";
        AvroSerializer<Article> serializer = new AvroSerializer<>();
        serializer.configure(Map.of("schema.registry.url", "mock://" + scope), false);
        try {
            List<Article> articles = FeedBenchmark.generate(200, FeedBenchmark.seedSentences(TestSupport.SEEDS), 1);
            MockProducer<String, Article> avro = new MockProducer<>(true, null, new StringSerializer(), serializer);
            MockProducer<String, byte[]> raw = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
            MockProducer<String, byte[]> rawFive = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
            FeedBenchmark.Result result = FeedBenchmark.run(avro, serializer, raw, rawFive, "bench", articles);
            assertEquals(240, rawFive.history().size(), "the five-in-flight baseline sends the same records");
            assertArrayEquals(raw.history().get(239).value(), rawFive.history().get(239).value());
            assertEquals("bench.baseline-five-in-flight", rawFive.history().get(0).topic());
            assertTrue(result.rawFiveInFlightPerSecond() > 0 && result.describe().contains("one in flight"), result.describe());
            checkResult(result, avro, raw, serializer, articles);
        } finally {
            serializer.close();
            SchemaRegistryClients.dropScope(scope);
        }
    }

    private static void checkResult(FeedBenchmark.Result result, MockProducer<String, Article> avro,
                                    MockProducer<String, byte[]> raw, Serializer<Article> serializer, List<Article> articles) {

        assertEquals(200, result.count());
        assertEquals(240, avro.history().size(), "40 warm-up + 200 measured");
        assertEquals(240, raw.history().size());
        assertEquals("bench.baseline", raw.history().get(0).topic());
        byte[] wire = serializer.serialize("bench", articles.get(199));
        assertEquals(0, wire[0], "Confluent magic byte");
        assertArrayEquals(wire, raw.history().get(239).value());
        assertEquals(articles.get(199).getId(), raw.history().get(239).key());
        assertTrue(result.avroPerSecond() > 0 && result.rawPerSecond() > 0);
        assertTrue(result.describe().contains("ratio"), result.describe());
    }
}
