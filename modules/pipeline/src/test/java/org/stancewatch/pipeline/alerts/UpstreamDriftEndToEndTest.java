package org.stancewatch.pipeline.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stancewatch.pipeline.EmbeddedClusterExtension.waitFor;
import static org.stancewatch.pipeline.TestSupport.enriched;
import static org.stancewatch.pipeline.TestSupport.part;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.stancewatch.events.AlertKind;
import org.stancewatch.events.Article;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.Stance;
import org.stancewatch.events.StanceShiftAlert;
import org.stancewatch.events.Topics;
import org.stancewatch.events.serde.AvroSerde;
import org.stancewatch.pipeline.EmbeddedClusterExtension;
import org.stancewatch.pipeline.PipelineSerdes;
import org.stancewatch.pipeline.StancewatchPipeline;
import org.stancewatch.pipeline.TopicSetup;
import org.stancewatch.pipeline.enrich.ArticleEnricher;

/**
 * #17 point 3 upstream of {@code mentions.daily}: the whole pipeline (daily counts and alerts of
 * {@link StancewatchPipeline}, real broker and registry, exactly-once) fed hand-made enriched articles on
 * {@code articles.enriched}, whose partitions drift apart in event time. Every {@code mentions.daily} partition
 * mixes articles of every {@code articles.enriched} partition, so a low watermark taken on {@code mentions.daily}
 * lets the leading partition close days whose other articles are still on their way; the counts' own watermarks
 * must not.
 */
class UpstreamDriftEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final LocalDate START = LocalDate.of(2017, 3, 1);
    private static final int DAYS = 80;
    private static final int PER_DAY = 16;
    private static final int SHIFT_DAY = 55;
    private static final List<String> ACTORS = List.of("alpha", "beta", "gamma");
    private static final List<String> OUTLETS = List.of("outlet-a", "outlet-b");

    /** Nothing is sent to {@code articles}: the input starts at articles.enriched. */
    private static final ArticleEnricher NO_ANALYSER = new ArticleEnricher() {
        @Override
        public EnrichedArticle enrich(Article article, LocalDate day) {
            throw new AssertionError("this test sends nothing to articles");
        }

        @Override
        public String version() {
            return "none";
        }
    };

    @RegisterExtension
    static final EmbeddedClusterExtension CLUSTER = new EmbeddedClusterExtension();

    /**
     * The same articles: on one partition in day order, and on 3 partitions where partition 0 is counted to the
     * last day before partitions 1 and 2 send their first article. Identical alerts (ids, days, every number).
     */
    @Test
    void skewedEnrichedPartitionsGiveTheAlertsOfInOrderArrival() throws Exception {
        List<EnrichedArticle> articles = articles();
        List<StanceShiftAlert> inOrder = run("drift-ref", 1, (topics, producer, pipeline) -> {
            articles.forEach(a -> producer.send(new ProducerRecord<>(topics.enriched(), 0, a.getId(), a)));
            producer.flush();
        });
        StanceShiftAlert shift = inOrder.stream()
                .filter(a -> a.getKind() == AlertKind.STANCE_SHIFT && a.getActorId().equals("alpha") && a.getOutlet() == null)
                .findFirst().orElseThrow(() -> new AssertionError("alpha's shift was not caught: " + inOrder));
        assertTrue(!shift.getDay().isBefore(START.plusDays(SHIFT_DAY))
                && !shift.getDay().isAfter(START.plusDays(SHIFT_DAY + 3)), shift.toString());
        // The baseline holds every article of its days (those before the window, at most the baseline's length).
        assertEquals(AlertsPartitioningEndToEndTest.baselineDays(START, shift.getDay()) * PER_DAY, shift.getBeforeN(),
                shift.toString());

        int partitions = 3;
        List<StanceShiftAlert> skewed = run("drift", partitions, (topics, producer, caughtUp) -> {
            Map<Integer, List<EnrichedArticle>> byPartition = new HashMap<>();
            for (EnrichedArticle a : articles) {
                byPartition.computeIfAbsent(partitionOf(a.getId(), partitions), p -> new ArrayList<>()).add(a);
            }
            for (int p = 0; p < partitions; p++) {
                assertTrue(byPartition.get(p).size() > 1000, "partition " + p + " carries articles");
            }
            // Partition 0 runs the whole way ahead (a bulk backfill of one partition) and is counted to its end ...
            byPartition.get(0).forEach(a -> producer.send(new ProducerRecord<>(topics.enriched(), 0, a.getId(), a)));
            producer.flush();
            caughtUp.run();
            // ... before partitions 1 and 2 follow, each in day order.
            for (int p = 1; p < partitions; p++) {
                int partition = p;
                byPartition.get(p).forEach(a ->
                        producer.send(new ProducerRecord<>(topics.enriched(), partition, a.getId(), a)));
            }
            producer.flush();
        });
        assertEquals(summary(inOrder), summary(skewed), "3 skewed partitions vs 1 in day order");
        assertEquals(inOrder, skewed, "3 skewed partitions vs 1 in day order");
    }

    /** One line per alert with its id and numbers, so a difference is readable. */
    private static String summary(List<StanceShiftAlert> alerts) {
        StringBuilder out = new StringBuilder();
        for (StanceShiftAlert a : alerts) {
            out.append(String.format("%s before=%s(n=%d) after=%s(n=%d) S=%s%n", a.getId(), a.getBefore(),
                    a.getBeforeN(), a.getAfter(), a.getAfterN(), a.getStatisticValue()));
        }
        return out.toString();
    }

    private interface Input {
        void send(Topics topics, KafkaProducer<String, EnrichedArticle> producer, ThrowingRunnable waitCaughtUp)
                throws Exception;
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** A fresh pipeline with alerts (own topics, application id and state) on {@code partitions}; its alerts by id. */
    private static List<StanceShiftAlert> run(String name, int partitions, Input input) throws Exception {
        Map<String, Object> topicNames = EmbeddedClusterExtension.ownTopics(name);
        Topics topics = Topics.fromConfig(topicNames);
        try (Admin admin = Admin.create(CLUSTER.clientConfig())) {
            new TopicSetup(topics, partitions, (short) 1).createMissing(admin);
        }
        String appId = "drift-e2e-" + name + "-" + UUID.randomUUID();
        Properties props = CLUSTER.streamsConfig(appId, name, topicNames);
        try (StancewatchPipeline pipeline = new StancewatchPipeline(props, actors -> NO_ANALYSER,
                List.of(StancewatchPipeline.alerts()));
             AvroSerde<EnrichedArticle> serde = PipelineSerdes.value(EnrichedArticle.class, CLUSTER.clientConfig());
             KafkaProducer<String, EnrichedArticle> producer = new KafkaProducer<>(producerConfig(),
                     new StringSerializer(), serde.serializer());
             Admin admin = Admin.create(CLUSTER.clientConfig())) {
            pipeline.start();
            waitFor("RUNNING", WAIT, () -> pipeline.streams().state() == KafkaStreams.State.RUNNING);
            ThrowingRunnable waitCaughtUp = () -> EmbeddedClusterExtension.awaitCaughtUp(admin, appId, WAIT, topics.enriched());
            input.send(topics, producer, waitCaughtUp);
            waitCaughtUp.run();
        }
        List<StanceShiftAlert> alerts = new ArrayList<>(CLUSTER.readAll(topics.alerts(), StanceShiftAlert.class, WAIT)
                .stream().map(Map.Entry::getValue).toList());
        alerts.sort(Comparator.comparing(StanceShiftAlert::getId));
        return alerts;
    }

    /**
     * {@value #DAYS} days of {@value #PER_DAY} articles a day for each actor, half in each outlet, in day order.
     * alpha's AGAINST share goes from 15 % to 65 % on day {@value #SHIFT_DAY}; beta and gamma stay put. Then 40
     * articles of other actors 3 days after the last day, so every input partition passes the last day.
     */
    static List<EnrichedArticle> articles() {
        Random rnd = new Random(17);
        List<EnrichedArticle> out = new ArrayList<>();
        for (int d = 0; d < DAYS; d++) {
            LocalDate day = START.plusDays(d);
            for (String actor : ACTORS) {
                double against = actor.equals("alpha") && d >= SHIFT_DAY ? 0.65 : 0.15;
                for (int i = 0; i < PER_DAY; i++) {
                    double u = rnd.nextDouble();
                    Stance stance = u < against ? Stance.AGAINST : u < against + 0.3 ? Stance.FAVOR : Stance.NEUTRAL;
                    double score = stance == Stance.AGAINST ? -0.6 : stance == Stance.FAVOR ? 0.6 : 0.0;
                    out.add(enriched(actor + "-" + day + "-" + i, OUTLETS.get(i % 2), day, part(actor, 1, stance, score)));
                }
            }
        }
        LocalDate flush = START.plusDays(DAYS + 2);
        for (int k = 0; k < 40; k++) {
            out.add(enriched("filler-" + k, "outlet-a", flush, part("filler-" + k, 1, Stance.NEUTRAL, 0.0)));
        }
        return out;
    }

    /** The partition Kafka's default partitioner gives a string key. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private static Map<String, Object> producerConfig() {
        Map<String, Object> config = CLUSTER.producerConfig();
        config.put("linger.ms", 5);
        return config;
    }
}
