package org.stancewatch.pipeline.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.pipeline.PipelineSerdes;
import org.stancewatch.pipeline.StoreNames;
import org.stancewatch.pipeline.TestSupport;
import org.stancewatch.pipeline.internal.DedupMatch;
import org.stancewatch.pipeline.internal.DedupPending;
import org.stancewatch.pipeline.internal.DedupVerdict;

/**
 * The join-back alone, fed orders a TopologyTestDriver never produces (it runs each record to the end before the
 * next): verdicts before their article, a newer version overtaking an older one, late verdicts of an old version.
 */
class NearDuplicateJoinBackTest {

    private MockProcessorContext<String, EnrichedArticle> context;
    private NearDuplicateProcessor processor;

    @BeforeEach
    void setUp() {
        Properties props = TestSupport.driverProps(Map.of());
        Map<String, Object> serdeConfig = TestSupport.serdeConfig(props);
        context = new MockProcessorContext<>(props);
        context.setCurrentSystemTimeMs(1_000L);
        KeyValueStore<String, DedupPending> pending = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(StoreNames.DEDUP_PENDING), Serdes.String(),
                PipelineSerdes.value(DedupPending.class, ownRegistry(serdeConfig))).withLoggingDisabled().build();
        KeyValueStore<String, EnrichedArticle> articles = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(StoreNames.DEDUP_PENDING_ARTICLES), Serdes.String(),
                PipelineSerdes.value(EnrichedArticle.class, ownRegistry(serdeConfig))).withLoggingDisabled().build();
        KeyValueStore<String, String> order = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(StoreNames.DEDUP_RELEASE_ORDER), Serdes.String(), Serdes.String())
                .withLoggingDisabled().build();
        pending.init(context.getStateStoreContext(), pending);
        articles.init(context.getStateStoreContext(), articles);
        order.init(context.getStateStoreContext(), order);
        context.addStateStore(pending);
        context.addStateStore(articles);
        context.addStateStore(order);
        processor = new NearDuplicateProcessor(Duration.ofDays(30));
        processor.init(context);
    }

    /** MockProcessorContext serialises every store for a topic named "changelog": one registry per store. */
    private static Map<String, Object> ownRegistry(Map<String, Object> serdeConfig) {
        Map<String, Object> config = new java.util.HashMap<>(serdeConfig);
        config.put("schema.registry.url", "mock://" + java.util.UUID.randomUUID());
        return config;
    }

    private void article(String id, long version, String title) {
        EnrichedArticle a = title == null ? null
                : TestSupport.enriched(id, "outlet", LocalDate.of(2017, 7, 21));
        if (a != null) {
            a.setTitle(title);
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(NearDuplicateFanOutProcessor.VERSION_HEADER, ByteBuffer.allocate(8).putLong(version).array());
        processor.process(new Record<>(id, NearDuplicateProcessor.In.article(a), 0L, headers));
    }

    private void verdict(String id, long version, int band, String match, long eventTime) {
        DedupMatch m = match == null ? null : new DedupMatch(match, eventTime, 0L);
        processor.process(new Record<>(id, NearDuplicateProcessor.In.verdict(new DedupVerdict(id, version, band, m)), 0L));
    }

    /** Titles and links of what was emitted, in order. */
    private List<String> emitted() {
        List<String> out = context.forwarded().stream().map(f -> f.record().value() == null ? "tombstone"
                : f.record().value().getTitle() + "->" + f.record().value().getDuplicateOf()).toList();
        context.resetForwards();
        return out;
    }

    @Test
    void emitsOnceWhenTheArticleAndAllFourVerdictsAreInWhateverTheirOrder() {
        verdict("x", 1, 2, "b", 200);
        verdict("x", 1, 0, null, 0);
        article("x", 1, "v1");
        verdict("x", 1, 3, "a", 100);
        assertEquals(List.of(), emitted(), "band 1 has not answered");
        verdict("x", 1, 1, null, 0);
        assertEquals(List.of("v1->a"), emitted(), "the best-ranked match of all bands");
        assertTrue(context.forwarded().isEmpty());
        assertNull(context.<KeyValueStore<String, DedupPending>>getStateStore(StoreNames.DEDUP_PENDING).get("x"));
    }

    /**
     * #17: the band tasks answer at their own pace, so a later article's verdicts can all be back while an earlier
     * one still waits. Released by verdict, articles.enriched carried day 5 before day 1 and the daily counts'
     * watermark ("newest day this partition has carried") closed day 1 before its article was counted.
     */
    @Test
    void completeArticlesGoOnInTheOrderTheyArrivedNotTheOrderTheirVerdictsCameBack() {
        article("early", 1, "day 1");
        article("late", 1, "day 5");
        article("later", 1, "day 6");
        for (int band = 0; band < SimHash.BANDS; band++) {
            verdict("late", 1, band, null, 0);
        }
        assertEquals(List.of(), emitted(), "'early' still waits for its verdicts, so 'late' must wait behind it");
        for (int band = 0; band < SimHash.BANDS - 1; band++) {
            verdict("early", 1, band, null, 0);
        }
        assertEquals(List.of(), emitted());
        verdict("early", 1, SimHash.BANDS - 1, null, 0);
        assertEquals(List.of("day 1->null", "day 5->null"), emitted(), "in arrival order; 'later' still waits");
        for (int band = 0; band < SimHash.BANDS; band++) {
            verdict("later", 1, band, null, 0);
        }
        assertEquals(List.of("day 6->null"), emitted());
        assertNull(context.<KeyValueStore<String, DedupPending>>getStateStore(StoreNames.DEDUP_PENDING).get("late"));
    }

    @Test
    void releasedArticlesKeepTheirOwnKey() {
        article("a", 1, "A");
        article("b", 1, "B");
        for (int band = 0; band < SimHash.BANDS; band++) {
            verdict("b", 1, band, null, 0);
        }
        for (int band = 0; band < SimHash.BANDS; band++) {
            verdict("a", 1, band, null, 0);
        }
        assertEquals(List.of("a", "b"), context.forwarded().stream().map(f -> f.record().key()).toList(),
                "in arrival order, 'b' (released by a's last verdict) under its own key");
    }

    @Test
    void aNewerVersionFlushesTheOlderOneFirstAndLateVerdictsOfTheOlderAreDropped() {
        article("x", 1, "v1");
        verdict("x", 1, 0, "a", 100);
        article("x", 2, "v2");
        assertEquals(List.of("v1->a"), emitted(), "superseded: emitted with what it had, before v2");
        verdict("x", 1, 1, "z", 1);
        verdict("x", 2, 0, null, 0);
        verdict("x", 2, 1, null, 0);
        verdict("x", 2, 2, null, 0);
        verdict("x", 1, 3, "z", 1);
        assertEquals(List.of(), emitted());
        verdict("x", 2, 3, null, 0);
        assertEquals(List.of("v2->null"), emitted(), "v1's late verdicts did not leak into v2");
    }

    @Test
    void verdictsOfANewerVersionBeforeItsArticleFlushTheOlderOne() {
        article("x", 1, "v1");
        verdict("x", 2, 0, null, 0);
        assertEquals(List.of("v1->null"), emitted());
        article("x", 2, "v2");
        for (int band = 1; band < SimHash.BANDS; band++) {
            verdict("x", 2, band, null, 0);
        }
        assertEquals(List.of("v2->null"), emitted());
    }

    @Test
    void aTombstoneGoesOnAtOnce() {
        article("x", 1, "v1");
        article("x", 2, null);
        assertEquals(List.of("v1->null", "tombstone"), emitted());
        assertNull(context.<KeyValueStore<String, EnrichedArticle>>getStateStore(StoreNames.DEDUP_PENDING_ARTICLES)
                .get("x"));
    }
}
