package org.stancewatch.pipeline.daily;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stancewatch.pipeline.TestSupport.enriched;
import static org.stancewatch.pipeline.TestSupport.part;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.Stance;
import org.stancewatch.events.Topics;
import org.stancewatch.events.serde.AvroSerde;
import org.stancewatch.pipeline.PipelineSerdes;
import org.stancewatch.pipeline.PipelineSettings;
import org.stancewatch.pipeline.StoreNames;
import org.stancewatch.pipeline.TestSupport;

class DailyMentionsTopologyTest {

    private static final LocalDate JULY_21 = LocalDate.of(2017, 7, 21);
    private static final LocalDate JULY_22 = LocalDate.of(2017, 7, 22);

    private TopologyTestDriver driver;
    private TestInputTopic<String, EnrichedArticle> enrichedIn;
    private TestOutputTopic<String, ActorDay> dailyOut;
    private Map<String, Object> serdeConfig;

    @BeforeEach
    void start() {
        Properties props = TestSupport.driverProps(Map.of());
        serdeConfig = TestSupport.serdeConfig(props);
        PipelineSettings settings = PipelineSettings.from(props);
        StreamsBuilder builder = new StreamsBuilder();
        DailyMentionsTopology.addTo(builder, settings);
        driver = new TopologyTestDriver(builder.build(), props);
        AvroSerde<EnrichedArticle> enrichedSerde = PipelineSerdes.value(EnrichedArticle.class, serdeConfig);
        enrichedIn = driver.createInputTopic(Topics.ENRICHED, Serdes.String().serializer(), enrichedSerde.serializer());
        dailyOut = driver.createOutputTopic(Topics.MENTIONS_DAILY, Serdes.String().deserializer(),
                PipelineSerdes.value(ActorDay.class, serdeConfig).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    /**
     * What {@code mentions.daily} has received: the count step sends changed rows every flush interval (wall clock, 200 ms),
     * so let one pass first.
     */
    private List<KeyValue<String, ActorDay>> published() {
        driver.advanceWallClockTime(java.time.Duration.ofSeconds(1));
        return dailyOut.readKeyValuesToList();
    }

    private void send(EnrichedArticle article) {
        enrichedIn.pipeInput(article.getId(), article);
    }

    private ActorDay daily(String actorId, LocalDate day) {
        KeyValueStore<String, ActorDay> store = driver.getKeyValueStore(StoreNames.MENTIONS_DAILY);
        return store.get(RowKeys.daily(actorId, day));
    }

    private ActorDay dailyOutlet(String actorId, LocalDate day, String outlet) {
        KeyValueStore<String, ActorDay> store = driver.getKeyValueStore(StoreNames.MENTIONS_DAILY_OUTLET);
        return store.get(RowKeys.dailyOutlet(actorId, day, outlet));
    }

    @Test
    void countsMentionsStanceAndOutletsPerActorAndDay() {
        send(enriched("a1", "Alwaght", JULY_21, part("isis", 3, Stance.AGAINST, -0.8), part("russia", 1, Stance.FAVOR, 0.5)));
        send(enriched("a2", "Syria Times", JULY_21, part("isis", 2, Stance.AGAINST, -0.6)));
        send(enriched("a3", "Syria Times", JULY_21, part("isis", 1, Stance.NEUTRAL, 0.0)));

        ActorDay isis = daily("isis", JULY_21);
        assertEquals(6, isis.getMentions());
        assertEquals(3, isis.getArticles());
        assertEquals(2, isis.getOutlets());
        assertEquals(2, isis.getAgainst());
        assertEquals(1, isis.getNeutral());
        assertEquals(0, isis.getFavor());
        assertEquals(-2.0 / 3, isis.getNetStance(), 1e-9);
        assertEquals((-0.8 - 0.6) / 3, isis.getMeanScore(), 1e-9);
        // #17: calibrated expected counts (sum of per-article probabilities from the score) and corrected shares.
        org.stancewatch.nlp.stance.StanceCalibration cal = org.stancewatch.nlp.stance.StanceCalibration.shared();
        assertEquals(cal.probabilities(-0.8)[0] + cal.probabilities(-0.6)[0] + cal.probabilities(0.0)[0],
                isis.getExpectedAgainst(), 1e-9);
        assertEquals(cal.probabilities(-0.8)[1] + cal.probabilities(-0.6)[1] + cal.probabilities(0.0)[1],
                isis.getExpectedFavor(), 1e-9);
        double[] corrected = cal.correctedShares(2, 0, 3); // null (not computable) is written as -1
        assertEquals(corrected == null ? -1.0 : corrected[0], isis.getCorrectedAgainstShare(), 1e-9);
        assertEquals(corrected == null ? -1.0 : corrected[1], isis.getCorrectedFavorShare(), 1e-9);
        assertEquals(List.of("a1", "a2", "a3"), TestSupport.articleIds(driver, isis));
        assertNull(isis.getOutlet());
        assertEquals(JULY_21, isis.getDay());

        ActorDay isisSyriaTimes = dailyOutlet("isis", JULY_21, "Syria Times");
        assertEquals(2, isisSyriaTimes.getArticles());
        assertEquals(1, isisSyriaTimes.getOutlets());
        assertEquals("Syria Times", isisSyriaTimes.getOutlet());
        assertEquals(List.of("a2", "a3"), TestSupport.articleIds(driver, isisSyriaTimes));

        assertEquals(1, daily("russia", JULY_21).getFavor());
        assertEquals(1.0, daily("russia", JULY_21).getNetStance(), 1e-9);

        Map<String, ActorDay> latest = latestByKey(published());
        assertEquals(isis, latest.get("isis|2017-07-21"));
        assertEquals(isisSyriaTimes, latest.get("isis|2017-07-21|Syria Times"));
        assertEquals(5, latest.size(), "rows: isis, russia (all outlets) + isis/Alwaght, russia/Alwaght, isis/Syria Times");
    }

    /**
     * #11.1 coalescing: a row changed by several articles between two flushes is sent once, in its latest state, at
     * the flush interval; the watermark of a new day sends the rows changed before it at once.
     */
    @Test
    void aBusyRowIsSentOncePerFlushIntervalInItsLatestState() {
        send(enriched("a1", "Alwaght", JULY_21, part("isis", 1, Stance.AGAINST, -0.8)));
        // The first article of a day advances the watermark, and the rows go out before it.
        assertEquals(List.of("isis|2017-07-21", "isis|2017-07-21|Alwaght"),
                dailyOut.readKeyValuesToList().stream().map(kv -> kv.key).sorted().toList());
        for (int i = 2; i <= 5; i++) {
            send(enriched("a" + i, "Alwaght", JULY_21, part("isis", 1, Stance.AGAINST, -0.8)));
        }
        driver.advanceWallClockTime(java.time.Duration.ofMillis(DailyMentionsTopology.DEFAULT_FLUSH_INTERVAL_MS / 2));
        assertTrue(dailyOut.isEmpty(), "nothing before the flush interval has passed");
        driver.advanceWallClockTime(java.time.Duration.ofMillis(DailyMentionsTopology.DEFAULT_FLUSH_INTERVAL_MS));
        List<KeyValue<String, ActorDay>> sent = dailyOut.readKeyValuesToList();
        assertEquals(List.of("isis|2017-07-21", "isis|2017-07-21|Alwaght"), sent.stream().map(kv -> kv.key).sorted().toList(),
                "each changed row once for four articles");
        sent.forEach(kv -> assertEquals(5, kv.value.getArticles(), kv.key + " in its latest state"));
        driver.advanceWallClockTime(java.time.Duration.ofSeconds(1));
        assertTrue(dailyOut.isEmpty(), "a sent row is not sent again");
    }

    @Test
    void aBadFlushIntervalIsRefusedNamingTheSetting() {
        assertEquals(DailyMentionsTopology.DEFAULT_FLUSH_INTERVAL_MS, DailyCountProcessor.flushIntervalMs(Map.of()));
        assertEquals(1000, DailyCountProcessor.flushIntervalMs(Map.of(DailyMentionsTopology.FLUSH_INTERVAL_MS, " 1000")));
        for (String bad : List.of("0", "-5", "soon")) {
            org.apache.kafka.common.config.ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.apache.kafka.common.config.ConfigException.class,
                    () -> DailyCountProcessor.flushIntervalMs(Map.of(DailyMentionsTopology.FLUSH_INTERVAL_MS, bad)));
            assertTrue(e.getMessage().contains(DailyMentionsTopology.FLUSH_INTERVAL_MS), e.getMessage());
        }
        // Refused when the topology is built, not later in a stream thread.
        PipelineSettings bad = PipelineSettings.from(TestSupport.driverProps(Map.of(DailyMentionsTopology.FLUSH_INTERVAL_MS, "0")));
        org.junit.jupiter.api.Assertions.assertThrows(org.apache.kafka.common.config.ConfigException.class,
                () -> DailyMentionsTopology.addTo(new StreamsBuilder(), bad));
    }

    @Test
    void identicalResendCountsOnceAndEmitsNothingNew() {
        EnrichedArticle a1 = enriched("a1", "Alwaght", JULY_21, part("isis", 3, Stance.AGAINST, -0.8));
        send(a1);
        published();
        send(enriched("a1", "Alwaght", JULY_21, part("isis", 3, Stance.AGAINST, -0.8)));
        send(enriched("a1", "Alwaght", JULY_21, part("isis", 3, Stance.AGAINST, -0.8)));

        assertEquals(1, daily("isis", JULY_21).getArticles());
        assertEquals(3, daily("isis", JULY_21).getMentions());
        assertTrue(published().isEmpty(), "an unchanged re-send changes no row");
    }

    /** #11.1: a re-send fed again later (new ingestedAt, as ingest stamps it) is a no-op downstream, dated or not. */
    @Test
    void resendFedAgainLaterEmitsNothing() {
        EnrichedArticle dated = enriched("a1", "Alwaght", JULY_21, part("isis", 3, Stance.AGAINST, -0.8));
        EnrichedArticle undated = enriched("u1", "Alwaght", null, part("isis", 1, Stance.FAVOR, 0.4));
        send(dated);
        send(undated);
        Map<String, ActorDay> first = latestByKey(published());
        assertEquals(4, first.size(), "isis|2017-07-21, its outlet row, isis|undated, its outlet row");

        Instant later = Instant.parse("2026-12-01T08:00:00Z");
        send(EnrichedArticle.newBuilder(dated).setIngestedAt(later).setEnricherVersion("test+again").build());
        send(EnrichedArticle.newBuilder(undated).setIngestedAt(later).build());

        assertTrue(published().isEmpty(), "nothing a subscriber reads has changed");
        assertEquals(first.get("isis|2017-07-21"), daily("isis", JULY_21));
        assertEquals(1, daily("isis", JULY_21).getArticles());
    }

    /** #11.1: updatedAt is the event time of the newest contributing article (its doc), never the send time. */
    @Test
    void updatedAtIsTheNewestArticlesEventTime() {
        Instant morning = Instant.parse("2017-07-21T08:15:00Z");
        Instant evening = Instant.parse("2017-07-21T19:40:00Z");
        send(EnrichedArticle.newBuilder(enriched("a2", "Alwaght", null, part("isis", 1, Stance.AGAINST, -0.5)))
                .setPublishedAt(evening).build());
        send(EnrichedArticle.newBuilder(enriched("a1", "Sputnik", null, part("isis", 1, Stance.AGAINST, -0.5)))
                .setPublishedAt(morning).build());
        assertEquals(evening, daily("isis", JULY_21).getUpdatedAt(), "newest article, not the last one sent");
        assertEquals(morning, dailyOutlet("isis", JULY_21, "Sputnik").getUpdatedAt());

        send(enriched("u1", "Alwaght", null, part("isis", 1, Stance.AGAINST, -0.5)));
        assertNull(driver.<String, ActorDay>getKeyValueStore(StoreNames.MENTIONS_DAILY).get("isis|undated").getUpdatedAt(),
                "an undated article has no event time; the feed time (ingestedAt, 2026) is not one");
    }

    /** #11.1: a correction updates exactly the rows whose numbers change, once each. */
    @Test
    void correctionEmitsOnlyTheRowsItChanges() {
        send(enriched("a1", "Alwaght", JULY_21, part("isis", 3, Stance.AGAINST, -0.8), part("russia", 1, Stance.NEUTRAL, 0.0)));
        published();

        // The same article with isis's stance corrected; russia's contribution is unchanged.
        send(enriched("a1", "Alwaght", JULY_21, part("isis", 3, Stance.FAVOR, 0.7), part("russia", 1, Stance.NEUTRAL, 0.0)));
        List<KeyValue<String, ActorDay>> updates = published();
        assertEquals(List.of("isis|2017-07-21", "isis|2017-07-21|Alwaght"), updates.stream().map(kv -> kv.key).sorted().toList());
        assertEquals(1, updates.get(0).value.getFavor());
        assertEquals(0, updates.get(0).value.getAgainst());
        assertEquals(1, updates.get(0).value.getArticles());
    }

    @Test
    void correctionReplacesTheArticlesContributionAndRetractsDroppedActors() {
        send(enriched("a1", "Alwaght", JULY_21, part("isis", 3, Stance.AGAINST, -0.8), part("russia", 1, Stance.FAVOR, 0.5)));
        send(enriched("a2", "Alwaght", JULY_21, part("russia", 2, Stance.NEUTRAL, 0.0)));
        // Corrected a1: russia no longer mentioned, isis now only twice and MIXED.
        send(enriched("a1", "Alwaght", JULY_21, part("isis", 2, Stance.MIXED, 0.1)));

        ActorDay isis = daily("isis", JULY_21);
        assertEquals(1, isis.getArticles());
        assertEquals(2, isis.getMentions());
        assertEquals(0, isis.getAgainst());
        assertEquals(1, isis.getMixed());

        ActorDay russia = daily("russia", JULY_21);
        assertEquals(List.of("a2"), TestSupport.articleIds(driver, russia));
        assertEquals(2, russia.getMentions());
        assertEquals(0, russia.getFavor());
        assertEquals(1, dailyOutlet("russia", JULY_21, "Alwaght").getArticles());
    }

    @Test
    void actorDroppedFromItsOnlyArticleFallsToZero() {
        send(enriched("a1", "Alwaght", JULY_21, part("isis", 3, Stance.AGAINST, -0.8), part("russia", 1, Stance.FAVOR, 0.5)));
        send(enriched("a1", "Alwaght", JULY_21, part("isis", 3, Stance.AGAINST, -0.8)));

        ActorDay russia = daily("russia", JULY_21);
        assertEquals(0, russia.getArticles());
        assertEquals(0, russia.getMentions());
        assertEquals(0, russia.getFavor());
        assertEquals(List.of(), TestSupport.articleIds(driver, russia));
        ActorDay published = latestByKey(published()).get("russia|2017-07-21");
        assertEquals(0, published.getArticles(), "subscribers see the retraction on mentions.daily");
    }

    @Test
    void correctedDateOrOutletMovesTheContribution() {
        send(enriched("a1", "Alwaght", JULY_21, part("isis", 3, Stance.AGAINST, -0.8)));
        send(enriched("a1", "Sputnik", JULY_22, part("isis", 3, Stance.AGAINST, -0.8)));

        assertEquals(0, daily("isis", JULY_21).getArticles());
        assertEquals(1, daily("isis", JULY_22).getArticles());
        assertEquals(0, dailyOutlet("isis", JULY_21, "Alwaght").getArticles());
        assertEquals(1, dailyOutlet("isis", JULY_22, "Sputnik").getArticles());
        assertNull(dailyOutlet("isis", JULY_22, "Alwaght"));
    }

    @Test
    void deletedArticleIsRetracted() {
        send(enriched("a1", "Alwaght", JULY_21, part("isis", 3, Stance.AGAINST, -0.8)));
        send(enriched("a2", "Alwaght", JULY_21, part("isis", 1, Stance.AGAINST, -0.2)));
        enrichedIn.pipeInput("a1", null);

        assertEquals(List.of("a2"), TestSupport.articleIds(driver, daily("isis", JULY_21)));
        assertNull(driver.<String, EnrichedArticle>getKeyValueStore(StoreNames.ARTICLES).get("a1"));
        assertEquals("a2", driver.<String, EnrichedArticle>getKeyValueStore(StoreNames.ARTICLES).get("a2").getId());
    }

    @Test
    void lateBackfillLandsOnItsDayAndGivesTheSameCountsAsInOrderArrival() {
        List<EnrichedArticle> history = new ArrayList<>();
        Random random = new Random(42);
        Stance[] stances = Stance.values();
        for (int i = 0; i < 60; i++) {
            LocalDate day = LocalDate.of(2017, 1, 1).plusDays(i % 20);
            String outlet = "outlet-" + (i % 3);
            history.add(enriched("h" + i, outlet, day,
                    part("isis", 1 + random.nextInt(4), stances[random.nextInt(4)], random.nextDouble() * 2 - 1),
                    part("iraq", 1 + random.nextInt(2), stances[random.nextInt(4)], random.nextDouble() * 2 - 1)));
        }
        // In order, as published.
        history.forEach(this::send);
        Map<String, ActorDay> inOrder = snapshot(StoreNames.MENTIONS_DAILY);
        Map<String, ActorDay> inOrderOutlets = snapshot(StoreNames.MENTIONS_DAILY_OUTLET);
        stop();

        // A fresh pipeline that first sees today's news, then the whole history backfilled months late, shuffled.
        start();
        send(enriched("today", "outlet-0", LocalDate.of(2026, 11, 21), part("isis", 1, Stance.FAVOR, 0.4)));
        List<EnrichedArticle> shuffled = new ArrayList<>(history);
        Collections.shuffle(shuffled, new Random(7));
        for (EnrichedArticle a : shuffled) {
            enrichedIn.pipeInput(a.getId(), a, Instant.parse("2026-11-21T12:00:00Z"));
        }
        Map<String, ActorDay> backfilled = snapshot(StoreNames.MENTIONS_DAILY);
        assertEquals(1, backfilled.remove("isis|2026-11-21").getArticles());
        // updatedAt is the newest event time, not arrival, so even it matches.
        assertEquals(inOrder, backfilled);
        assertEquals(inOrderOutlets, without(snapshot(StoreNames.MENTIONS_DAILY_OUTLET), "isis|2026-11-21|outlet-0"));
        assertEquals(40, inOrder.size(), "2 actors x 20 days");
    }

    @Test
    void nearDuplicatesAreCountedLikeAnyPublishedArticle() {
        send(enriched("orig", "Alwaght", JULY_21, part("isis", 1, Stance.AGAINST, -0.5)));
        EnrichedArticle copy = enriched("copy", "Sputnik", JULY_21, part("isis", 1, Stance.AGAINST, -0.5));
        copy.setDuplicateOf("orig");
        send(copy);
        assertEquals(2, daily("isis", JULY_21).getArticles());
    }

    @Test
    void unreadableEnrichedRecordIsSkippedByTheHandlerAndProcessingGoesOn() {
        // The dead letter itself is checked in DeadLetterHandlersTest: TopologyTestDriver 4.3 does not
        // capture records that exception handlers return for the dead-letter queue.
        driver.createInputTopic(Topics.ENRICHED, new ByteArraySerializer(), new ByteArraySerializer())
                .pipeInput("bad".getBytes(), new byte[] {9, 9, 9, 9, 9, 9});
        send(enriched("a1", "Alwaght", JULY_21, part("isis", 1, Stance.AGAINST, -0.5)));

        assertEquals(1, daily("isis", JULY_21).getArticles());
        assertNull(driver.<String, EnrichedArticle>getKeyValueStore(StoreNames.ARTICLES).get("bad"));
    }

    private Map<String, ActorDay> snapshot(String store) {
        Map<String, ActorDay> all = new TreeMap<>();
        KeyValueStore<String, ActorDay> kv = driver.getKeyValueStore(store);
        try (KeyValueIterator<String, ActorDay> it = kv.all()) {
            it.forEachRemaining(e -> all.put(e.key, e.value));
        }
        assertFalse(all.isEmpty());
        return all;
    }

    private static Map<String, ActorDay> without(Map<String, ActorDay> rows, String key) {
        assertTrue(rows.remove(key) != null, key);
        return rows;
    }

    private static Map<String, ActorDay> latestByKey(List<KeyValue<String, ActorDay>> records) {
        Map<String, ActorDay> latest = new TreeMap<>();
        records.forEach(kv -> latest.put(kv.key, kv.value));
        return latest;
    }

    @Test
    void undatedArticleLandsInTheUndatedRowAndMovesOutWhenDated() {
        send(enriched("u1", "Alwaght", null, part("isis", 2, Stance.AGAINST, -0.5)));

        ActorDay undated = driver.<String, ActorDay>getKeyValueStore(StoreNames.MENTIONS_DAILY).get("isis|undated");
        assertNull(undated.getDay(), "no day: the undated bucket");
        assertEquals(List.of("u1"), TestSupport.articleIds(driver, undated));
        assertEquals(2, undated.getMentions());
        assertEquals(1, undated.getAgainst());
        assertEquals(List.of("u1"), TestSupport.articleIds(driver, dailyOutlet("isis", null, "Alwaght")));
        assertNull(daily("isis", LocalDate.of(2026, 11, 21)), "never on the day it was fed");
        Map<String, ActorDay> out = latestByKey(published());
        assertEquals(java.util.Set.of("isis|undated", "isis|undated|Alwaght"), out.keySet());

        // A corrected version that states its date leaves the undated row empty and counts on its day.
        send(enriched("u1", "Alwaght", JULY_21, part("isis", 2, Stance.AGAINST, -0.5)));
        assertEquals(0, driver.<String, ActorDay>getKeyValueStore(StoreNames.MENTIONS_DAILY).get("isis|undated").getArticles());
        assertEquals(List.of("u1"), TestSupport.articleIds(driver, daily("isis", JULY_21)));
    }
}
