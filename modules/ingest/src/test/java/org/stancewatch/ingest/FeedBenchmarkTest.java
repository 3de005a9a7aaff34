package org.stancewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.stancewatch.events.Article;

class FeedBenchmarkTest {

    private static final Serializer<Article> AVRO_BYTES = (topic, article) -> {
        try {
            return article.toByteBuffer().array();
        } catch (IOException e) {
            throw new SerializationException(e);
        }
    };

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
    void baselineSendsExactlyTheAvroBytes() throws Exception {
        List<Article> articles = FeedBenchmark.generate(200, FeedBenchmark.seedSentences(TestSupport.SEEDS), 1);
        MockProducer<String, Article> avro = new MockProducer<>(true, null, new StringSerializer(), AVRO_BYTES);
        MockProducer<String, byte[]> raw = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        FeedBenchmark.Result result = FeedBenchmark.run(avro, AVRO_BYTES, raw, "bench", articles);

        assertEquals(200, result.count());
        assertEquals(220, avro.history().size(), "20 warm-up + 200 measured");
        assertEquals(220, raw.history().size());
        assertEquals("bench.baseline", raw.history().get(0).topic());
        assertArrayEquals(AVRO_BYTES.serialize("bench", articles.get(199)), raw.history().get(219).value());
        assertEquals(articles.get(199).getId(), raw.history().get(219).key());
        assertTrue(result.avroPerSecond() > 0 && result.rawPerSecond() > 0);
        assertTrue(result.describe().contains("ratio"), result.describe());
    }
}
