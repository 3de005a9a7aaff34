package org.stancewatch.pipeline.daily;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stancewatch.pipeline.TestSupport.enriched;
import static org.stancewatch.pipeline.TestSupport.part;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.Stance;
import org.stancewatch.events.Topics;
import org.stancewatch.pipeline.PipelineSerdes;
import org.stancewatch.pipeline.PipelineSettings;
import org.stancewatch.pipeline.StoreNames;
import org.stancewatch.pipeline.TestSupport;

/**
 * #11 point 1: the counting step keeps one store entry per (row, article) and running sums per row, so an update
 * writes O(1) bytes whatever the row's size, and the sums stay exact (bit-identical rows) under corrections,
 * retractions and any arrival order.
 */
class DailyRunningSumsTest {

    private static final LocalDate DAY = LocalDate.of(2017, 7, 21);
    private static final List<String> COUNT_STORES = List.of(StoreNames.MENTIONS_DAILY_CONTRIBUTIONS,
            StoreNames.MENTIONS_DAILY_OUTLET_CONTRIBUTIONS, StoreNames.MENTIONS_DAILY_SUMS,
            StoreNames.MENTIONS_DAILY_OUTLET_SUMS, StoreNames.MENTIONS_DAILY_OUTLET_ARTICLES,
            StoreNames.MENTIONS_DAILY, StoreNames.MENTIONS_DAILY_OUTLET, StoreNames.MENTIONS_DAILY_PENDING);

    private static EnrichedArticle article(Random rnd, String id, LocalDate day) {
        Stance[] stances = Stance.values();
        return enriched(id, "outlet-" + rnd.nextInt(5), day,
                part("isis", 1 + rnd.nextInt(4), stances[rnd.nextInt(stances.length)], rnd.nextDouble() * 2 - 1));
    }

    /** Runs {@code feed} on a fresh daily topology; gives its driver to {@code check} before closing it. */
    private static void withDriver(Consumer<TestInputTopic<String, EnrichedArticle>> feed,
                                   Consumer<TopologyTestDriver> check) {
        withDriver((in, driver) -> {
            feed.accept(in);
            check.accept(driver);
        });
    }

    private static void withDriver(BiConsumer<TestInputTopic<String, EnrichedArticle>, TopologyTestDriver> run) {
        Properties props = TestSupport.driverProps(Map.of());
        StreamsBuilder builder = new StreamsBuilder();
        DailyMentionsTopology.addTo(builder, PipelineSettings.from(props));
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            run.accept(driver.createInputTopic(Topics.ENRICHED, Serdes.String().serializer(),
                    PipelineSerdes.value(EnrichedArticle.class, TestSupport.serdeConfig(props)).serializer()), driver);
        }
    }

    private static long changelogBytes(TopologyTestDriver driver) {
        long bytes = 0;
        for (String store : COUNT_STORES) {
            TestOutputTopic<byte[], byte[]> changelog = driver.createOutputTopic(
                    "stancewatch-test-" + store + "-changelog", new ByteArrayDeserializer(), new ByteArrayDeserializer());
            for (KeyValue<byte[], byte[]> kv : changelog.readKeyValuesToList()) {
                bytes += kv.key.length + (kv.value == null ? 0 : kv.value.length);
            }
        }
        return bytes;
    }

    @Test
    void anUpdateWritesAsManyChangelogBytesToABusyRowAsToANewOne() {
        Random rnd = new Random(3);
        List<Long> perArticle = new ArrayList<>();
        withDriver((in, driver) -> {
            for (int i = 0; i < 2_000; i++) {
                String id = String.format("a%05d", i);
                in.pipeInput(id, article(rnd, id, DAY));
                perArticle.add(changelogBytes(driver));
            }
        });
        // Average over 100 articles: the first ones into the row vs the last ones (the row counts ~2,000 by then).
        double early = perArticle.subList(10, 110).stream().mapToLong(Long::longValue).average().orElseThrow();
        double late = perArticle.subList(1_900, 2_000).stream().mapToLong(Long::longValue).average().orElseThrow();
        System.out.printf("daily count changelogs: %.0f bytes per article into a new row, %.0f into a row of ~2,000%n",
                early, late);
        assertTrue(early > 0, "the changelogs are captured");
        assertTrue(late < early * 1.5, "O(1) bytes per update: " + early + " -> " + late);
    }

    @Test
    void correctionsRetractionsAndShuffledArrivalGiveTheRowsOfTheFinalVersionsBitForBit() {
        Random rnd = new Random(5);
        Map<String, EnrichedArticle> latest = new LinkedHashMap<>();
        List<KeyValue<String, EnrichedArticle>> history = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String id = String.format("a%04d", rnd.nextInt(120));
            // Mostly new versions (corrected stance, score, outlet or day), sometimes a deletion.
            EnrichedArticle version = rnd.nextInt(6) == 0 ? null : article(rnd, id, DAY.plusDays(rnd.nextInt(2)));
            history.add(KeyValue.pair(id, version));
            if (version == null) {
                latest.remove(id);
            } else {
                latest.put(id, version);
            }
        }
        Map<String, Map<String, ActorDay>> replayed = new HashMap<>();
        Map<String, List<String>> drillDown = new HashMap<>();
        withDriver(in -> history.forEach(kv -> in.pipeInput(kv.key, kv.value)), driver -> {
            replayed.putAll(snapshot(driver));
            drillDown.put("isis|2017-07-21", TestSupport.articleIds(driver, row(driver, "isis|2017-07-21")));
        });
        List<EnrichedArticle> finalVersions = new ArrayList<>(latest.values());
        Collections.shuffle(finalVersions, new Random(9));
        withDriver(in -> finalVersions.forEach(a -> in.pipeInput(a.getId(), a)), driver -> {
            Map<String, Map<String, ActorDay>> fresh = snapshot(driver);
            // Rows that lost every article stay at zero in the replay; compare the others exactly.
            replayed.values().forEach(rows -> rows.values().removeIf(d -> d.getArticles() == 0));
            assertEquals(fresh, replayed);
            assertEquals(TestSupport.articleIds(driver, row(driver, "isis|2017-07-21")),
                    drillDown.get("isis|2017-07-21"));
            long counted = latest.values().stream().filter(a -> a.getPublishedDate().equals(DAY)).count();
            assertEquals(counted, fresh.get(StoreNames.MENTIONS_DAILY).get("isis|2017-07-21").getArticles());
            assertEquals(counted, drillDown.get("isis|2017-07-21").size());
        });
    }

    private static ActorDay row(TopologyTestDriver driver, String key) {
        return driver.<String, ActorDay>getKeyValueStore(StoreNames.MENTIONS_DAILY).get(key);
    }

    private static Map<String, Map<String, ActorDay>> snapshot(TopologyTestDriver driver) {
        Map<String, Map<String, ActorDay>> all = new HashMap<>();
        for (String store : List.of(StoreNames.MENTIONS_DAILY, StoreNames.MENTIONS_DAILY_OUTLET)) {
            Map<String, ActorDay> rows = new TreeMap<>();
            KeyValueStore<String, ActorDay> kv = driver.getKeyValueStore(store);
            try (KeyValueIterator<String, ActorDay> it = kv.all()) {
                it.forEachRemaining(e -> rows.put(e.key, e.value));
            }
            all.put(store, rows);
        }
        return all;
    }
}
