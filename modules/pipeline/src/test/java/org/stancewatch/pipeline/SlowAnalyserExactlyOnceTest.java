package org.stancewatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.stancewatch.pipeline.EmbeddedClusterExtension.waitFor;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.stancewatch.events.ActorMention;
import org.stancewatch.events.ActorStance;
import org.stancewatch.events.Article;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.Stance;
import org.stancewatch.events.Topics;
import org.stancewatch.events.serde.AvroSerde;
import org.stancewatch.pipeline.enrich.ArticleEnricher;

/**
 * #17 cause 4: under steady load with an analyser as slow as ClearNLP (tens of ms an article, seconds for the
 * largest bodies on a busy machine), exactly-once must not redo work: every article is analysed once. A
 * transaction the broker aborts for taking longer than {@code transaction.timeout.ms} fences the stream
 * thread, and its tasks re-process (and re-analyse) everything since their last commit.
 */
class SlowAnalyserExactlyOnceTest {

    private static final int ARTICLES = Integer.getInteger("slow.articles", 120);
    /** Every this many articles is a slow one (a large body on a loaded machine). */
    private static final int SLOW_EVERY = 40;
    private static final long FAST_MS = 40;
    /** Longer than 10 s + the coordinator's 10 s timeout check: always aborted under the old 10 s timeout. */
    private static final long SLOW_MS = 21_000;

    @RegisterExtension
    static final EmbeddedClusterExtension CLUSTER = new EmbeddedClusterExtension();

    @Test
    void everyArticleIsAnalysedOnce() throws Exception {
        Map<String, Object> client = CLUSTER.clientConfig();
        try (Admin admin = Admin.create(client)) {
            new TopicSetup(Topics.defaults(), 2, (short) 1).createMissing(admin);
        }
        Map<String, AtomicInteger> analysed = new ConcurrentHashMap<>();
        ArticleEnricher slow = new ArticleEnricher() {
            @Override
            public EnrichedArticle enrich(Article article, LocalDate day) {
                analysed.computeIfAbsent(article.getId(), id -> new AtomicInteger()).incrementAndGet();
                int n = Integer.parseInt(article.getId().substring(1));
                busy(n % SLOW_EVERY == SLOW_EVERY - 1 ? SLOW_MS : FAST_MS);
                return EnrichedArticle.newBuilder().setId(article.getId()).setTitle(article.getTitle())
                        .setBody(article.getBody()).setOutlet(article.getOutlet())
                        .setPublishedDate(article.getPublishedDate()).setIngestedAt(article.getIngestedAt())
                        .setLanguage("en")
                        .setMentions(List.of(ActorMention.newBuilder().setActorId("isis").setActorName("ISIS")
                                .setActorType("ARMED_GROUP").setCount(1).setSpans(List.of()).build()))
                        .setStances(List.of(ActorStance.newBuilder().setActorId("isis").setStance(Stance.NEUTRAL)
                                .setScore(0.0).setEvidence(List.of()).build()))
                        .setCandidates(List.of()).setEnricherVersion("slow-test").build();
            }

            @Override
            public String version() {
                return "slow-test";
            }
        };
        Map<String, Object> overrides = new HashMap<>(Map.of(
                "application.id", "slow-" + UUID.randomUUID(),
                "state.dir", CLUSTER.dataDir().resolve("streams").toString(),
                "num.stream.threads", 2));
        // -Dslow.transaction.timeout.ms=10000 runs it with Kafka Streams' own default, to see the fencing.
        String timeout = System.getProperty("slow.transaction.timeout.ms");
        if (timeout != null) {
            overrides.put("producer.transaction.timeout.ms", Integer.parseInt(timeout));
        }
        Properties props = StancewatchStreamsConfig.build(CLUSTER.cluster().bootstrapServers(), CLUSTER.cluster().registryUrl(), overrides);
        LocalDate day = LocalDate.of(2017, 7, 21);
        long started;
        long finished;
        try (StancewatchPipeline pipeline = new StancewatchPipeline(props, actors -> slow, List.of());
             AvroSerde<Article> serde = PipelineSerdes.value(Article.class, new HashMap<>(client));
             KafkaProducer<String, Article> producer = new KafkaProducer<>(CLUSTER.producerConfig(), new StringSerializer(),
                     serde.serializer())) {
            pipeline.start();
            waitFor("RUNNING", Duration.ofSeconds(90), () -> pipeline.streams().state() == KafkaStreams.State.RUNNING);
            started = System.nanoTime();
            for (int i = 0; i < ARTICLES; i++) {
                Article a = TestSupport.article("a" + i, "outlet", day, "Title " + i, "ISIS was mentioned " + i + ".");
                producer.send(new ProducerRecord<>(Topics.ARTICLES, a.getId(), a));
            }
            producer.flush();
            waitFor("every article stored", Duration.ofMinutes(5), () -> stored(pipeline) == ARTICLES);
            finished = System.nanoTime();
            Thread.sleep(2_000); // anything re-processed after the last article landed would show now
        }
        Map<String, Integer> twice = new TreeMap<>();
        analysed.forEach((id, n) -> {
            if (n.get() != 1) {
                twice.put(id, n.get());
            }
        });
        int total = analysed.values().stream().mapToInt(AtomicInteger::get).sum();
        System.out.printf("slow analyser: %d articles, %d analyses, %.1f articles/s%n", ARTICLES, total,
                ARTICLES / ((finished - started) / 1e9));
        assertEquals(ARTICLES, analysed.size(), "every article analysed");
        assertEquals(Map.of(), twice, "articles analysed more than once (id -> times)");
    }

    /** Burns CPU like the parser does (a sleeping thread would leave the cores to the broker). */
    private static long busy(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        long x = 0;
        while (System.nanoTime() < end) {
            x += Long.numberOfTrailingZeros(x + System.nanoTime());
        }
        return x;
    }

    private static long stored(StancewatchPipeline pipeline) {
        try (KeyValueIterator<String, EnrichedArticle> it = pipeline.articlesStore().all()) {
            long n = 0;
            while (it.hasNext()) {
                it.next();
                n++;
            }
            return n;
        } catch (RuntimeException notQueryableNow) {
            return -1;
        }
    }
}
