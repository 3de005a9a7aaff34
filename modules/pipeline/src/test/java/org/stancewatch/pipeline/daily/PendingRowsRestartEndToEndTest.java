package org.stancewatch.pipeline.daily;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.stancewatch.pipeline.TestSupport.enriched;
import static org.stancewatch.pipeline.TestSupport.part;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.Stance;
import org.stancewatch.events.Topics;
import org.stancewatch.events.serde.AvroSerde;
import org.stancewatch.pipeline.EmbeddedClusterExtension;
import org.stancewatch.pipeline.PipelineSerdes;
import org.stancewatch.pipeline.PipelineSettings;
import org.stancewatch.pipeline.StancewatchStreamsConfig;
import org.stancewatch.pipeline.StoreNames;
import org.stancewatch.pipeline.TopicSetup;

/**
 * #11 point 1, coalesced rows and crashes: the count step sends changed rows at its flush interval, after the
 * transaction that committed their input. A row changed and committed but not yet sent must not be lost when the
 * instance goes away in that window, even when the next instance has no local state (as after a crash under
 * exactly-once, which rebuilds the stores from their changelogs). Real broker, registry and KafkaStreams.
 *
 * <p>The first instance flushes never (an hour) and its input has no watermark that would make it flush (one of
 * two {@code articles.enriched} partitions stays silent): it counts everything, commits, and stops with every row
 * pending. The second, on an empty state directory, must send every row, exactly as counted.
 */
class PendingRowsRestartEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final LocalDate START = LocalDate.of(2017, 5, 1);

    @RegisterExtension
    static final EmbeddedClusterExtension CLUSTER = new EmbeddedClusterExtension();

    @Test
    void rowsCommittedButNotYetSentAreSentByTheNextInstanceFromTheChangelogs() throws Exception {
        Map<String, Object> topicNames = EmbeddedClusterExtension.ownTopics("pending");
        Topics topics = Topics.fromConfig(topicNames);
        try (Admin admin = Admin.create(CLUSTER.clientConfig())) {
            new TopicSetup(topics, 2, (short) 1).createMissing(admin);
        }
        String appId = "pending-rows-" + UUID.randomUUID();

        // 120 articles, 3 actors, 4 outlets, 3 days, a fifth of them corrected once (same id, other numbers).
        Random rnd = new Random(5);
        Map<String, EnrichedArticle> latest = new HashMap<>();
        List<EnrichedArticle> sent = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String id = i < 120 ? "a" + i : "a" + rnd.nextInt(120);
            Stance stance = Stance.values()[rnd.nextInt(Stance.values().length)];
            EnrichedArticle a = enriched(id, "outlet-" + rnd.nextInt(4), START.plusDays(rnd.nextInt(3)),
                    part("actor-" + rnd.nextInt(3), 1 + rnd.nextInt(3), stance, rnd.nextDouble() * 2 - 1));
            sent.add(a);
            latest.put(id, a);
        }
        Map<String, long[]> expected = expectedCounts(latest.values());
        // A row that a correction emptied stays, with zero counts (subscribers see it drop).
        expectedCounts(sent).keySet().forEach(row -> expected.putIfAbsent(row, new long[2]));

        // First instance: counts and commits every article, sends no row.
        // (A closing KafkaStreams does not leave its group: a short session lets the second take over in seconds.)
        try (KafkaStreams first = streams(appId, topicNames, "first", Map.of(DailyMentionsTopology.FLUSH_INTERVAL_MS,
                String.valueOf(Duration.ofHours(1).toMillis()), "consumer.session.timeout.ms", 6_000));
             AvroSerde<EnrichedArticle> serde = PipelineSerdes.value(EnrichedArticle.class, CLUSTER.clientConfig());
             KafkaProducer<String, EnrichedArticle> producer = new KafkaProducer<>(CLUSTER.producerConfig(),
                     new StringSerializer(), serde.serializer());
             Admin admin = Admin.create(CLUSTER.clientConfig())) {
            first.start();
            for (EnrichedArticle a : sent) {
                producer.send(new ProducerRecord<>(topics.enriched(), 0, a.getId(), a));
            }
            producer.flush();
            EmbeddedClusterExtension.awaitCaughtUp(admin, appId, WAIT, topics.enriched());
            // Caught up, the store holds every row; a rebalance under load can hide a task's store for a moment.
            long pending = pendingRows(first);
            for (Instant deadline = Instant.now().plusSeconds(30);
                 pending != expected.size() && Instant.now().isBefore(deadline); pending = pendingRows(first)) {
                Thread.sleep(300);
            }
            assertEquals(expected.size(), pending, "every row is pending when the first instance stops");
        }
        assertEquals(Map.of(), readRows(topics.mentionsDaily()), "the first instance sent no row");

        // Second instance, empty state directory: stores (the pending marks among them) rebuilt from the changelogs.
        try (KafkaStreams second = streams(appId, topicNames, "second", Map.of())) {
            second.start();
            EmbeddedClusterExtension.waitFor("the second instance to send every pending row", WAIT, () -> readRows(topics.mentionsDaily()).size()
                    == expected.size());
        }
        Map<String, ActorDay> rows = readRows(topics.mentionsDaily());
        Map<String, long[]> found = new TreeMap<>();
        rows.forEach((key, row) -> found.put(key, new long[] {row.getArticles(), row.getMentions()}));
        assertEquals(describe(expected), describe(found), "rows (articles, mentions) as counted, none lost or doubled");
    }

    private static KafkaStreams streams(String appId, Map<String, Object> topicNames, String stateDir,
                                        Map<String, Object> extra) {
        Map<String, Object> settings = new HashMap<>(topicNames);
        settings.put(PipelineSettings.INPUT_PARTITIONS, "2");
        settings.putAll(extra);
        Properties props = CLUSTER.streamsConfig(appId, stateDir, settings);
        StreamsBuilder builder = new StreamsBuilder();
        DailyMentionsTopology.addTo(builder, PipelineSettings.from(props));
        return new KafkaStreams(builder.build(), StancewatchStreamsConfig.forKafkaStreams(props));
    }

    /** Row key -> {articles, mentions}, all-outlet and per-outlet rows, from the latest version of each article. */
    private static Map<String, long[]> expectedCounts(Iterable<EnrichedArticle> articles) {
        Map<String, long[]> out = new TreeMap<>();
        for (EnrichedArticle a : articles) {
            var m = a.getMentions().get(0);
            for (String key : List.of(RowKeys.daily(m.getActorId(), a.getPublishedDate()),
                    RowKeys.dailyOutlet(m.getActorId(), a.getPublishedDate(), a.getOutlet()))) {
                long[] c = out.computeIfAbsent(key, k -> new long[2]);
                c[0]++;
                c[1] += m.getCount();
            }
        }
        return out;
    }

    private static String describe(Map<String, long[]> counts) {
        StringBuilder s = new StringBuilder();
        counts.forEach((k, c) -> s.append(k).append(" articles=").append(c[0]).append(" mentions=").append(c[1])
                .append('\n'));
        return s.toString();
    }

    /** Rows in the pending-marks store of the running tasks; -1 while the store cannot be queried. */
    private static long pendingRows(KafkaStreams streams) {
        long pending = 0;
        try (KeyValueIterator<String, Long> it = streams.store(StoreQueryParameters.fromNameAndType(
                StoreNames.MENTIONS_DAILY_PENDING, QueryableStoreTypes.<String, Long>keyValueStore())).all()) {
            while (it.hasNext()) {
                it.next();
                pending++;
            }
        } catch (InvalidStateStoreException rebalancing) {
            return -1;
        }
        return pending;
    }

    /** {@code mentions.daily} to its end, committed records only, latest row per key. */
    private static Map<String, ActorDay> readRows(String topic) {
        Map<String, ActorDay> out = new TreeMap<>();
        CLUSTER.readAll(topic, ActorDay.class, WAIT).forEach(r -> out.put(r.getKey(), r.getValue()));
        return out;
    }
}
