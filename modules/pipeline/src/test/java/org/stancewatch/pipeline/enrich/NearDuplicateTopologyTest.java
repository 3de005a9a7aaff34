package org.stancewatch.pipeline.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stancewatch.events.Article;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.Topics;
import org.stancewatch.pipeline.PipelineSerdes;
import org.stancewatch.pipeline.PipelineSettings;
import org.stancewatch.pipeline.StancewatchPipeline;
import org.stancewatch.pipeline.StoreNames;
import org.stancewatch.pipeline.TestSupport;
import org.stancewatch.pipeline.catalogue.LiveCatalogue;
import org.stancewatch.pipeline.enrich.synthetic.SyndicationSet;
import org.stancewatch.pipeline.enrich.synthetic.SyndicationSet.Doc;

/** The partition-parallel near-duplicate linking (fan-out to bands, match per band, join-back by id). */
class NearDuplicateTopologyTest {

    private static final Instant T0 = Instant.parse("2017-07-21T08:00:00Z");
    private static final String WIRE = "Iraqi forces retook the old city of Mosul from ISIS on Sunday after months of "
            + "fighting, commanders said. ISIS fighters fled toward the desert. The United States praised the Iraqi army "
            + "and promised more help with rebuilding the city. Aid groups said thousands of families were still "
            + "sheltering in camps outside the city, and that water and power remained cut in many districts.";
    /** Same story, same words, re-formatted by another outlet (what syndication mostly is). */
    private static final String WIRE_REFORMATTED = WIRE.replace(". ", ".\n\n").toUpperCase();
    /** Same topic, same actors, another story: must not be linked. */
    private static final String OTHER = "Thousands of families returned to eastern Mosul this week after ISIS was "
            + "driven out. Aid groups warned that mines remained in many streets and homes, and the Iraqi army said "
            + "engineers would need months to clear them. The United States pledged money for rebuilding.";

    private TopologyTestDriver driver;
    private TestInputTopic<String, Article> articles;
    private TestOutputTopic<String, EnrichedArticle> enriched;

    @BeforeEach
    void start() {
        Properties props = TestSupport.driverProps(Map.of());
        Map<String, Object> serdeConfig = TestSupport.serdeConfig(props);
        driver = new TopologyTestDriver(StancewatchPipeline.buildTopology(PipelineSettings.from(props),
                new LiveCatalogue(TextOnlyEnricher.FACTORY), List.of(), Clock.systemUTC()), props);
        articles = driver.createInputTopic(Topics.ARTICLES, Serdes.String().serializer(),
                PipelineSerdes.value(Article.class, serdeConfig).serializer());
        enriched = driver.createOutputTopic(Topics.ENRICHED, Serdes.String().deserializer(),
                PipelineSerdes.value(EnrichedArticle.class, serdeConfig).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private static Article article(String id, String outlet, Instant publishedAt, String body) {
        Article a = TestSupport.article(id, outlet, null, "title " + id, body);
        a.setPublishedAt(publishedAt);
        return a;
    }

    /** Sends one article and returns its one enriched output's duplicateOf. */
    private String send(Article a) {
        articles.pipeInput(a.getId(), a);
        List<KeyValue<String, EnrichedArticle>> out = enriched.readKeyValuesToList();
        assertEquals(1, out.size(), "one enriched record per article version, for " + a.getId());
        assertEquals(a.getId(), out.get(0).key);
        assertEquals(a.getBody(), out.get(0).value.getBody());
        return out.get(0).value.getDuplicateOf();
    }

    @Test
    void copiesUnderOtherIdsAndOutletsMeetAndAnUnrelatedStoryDoesNotLink() {
        assertNull(send(article("wire-1", "Wire", T0, WIRE)));
        assertEquals("wire-1", send(article("alwaght-7", "Alwaght", T0.plusSeconds(3600), WIRE_REFORMATTED)));
        assertEquals("wire-1", send(article("rudaw-3", "Rudaw", T0.plusSeconds(7200), WIRE + " Copyright Rudaw.")));
        assertNull(send(article("other-1", "Gulf News", T0.plusSeconds(60), OTHER)));
        assertNothingPending();
    }

    @Test
    void theEarliestPublishedWinsWhicheverCopyArrivesFirst() {
        // A copy arrives before the wire story it copies: nothing earlier is known, so it is not linked yet...
        assertNull(send(article("late-wire-copy", "Alwaght", T0.plusSeconds(3600), WIRE_REFORMATTED)));
        // ...and the original, published earlier, does not become a copy of its own copy.
        assertNull(send(article("wire-1", "Wire", T0, WIRE)));
        // Any later copy links to the earliest publication, not to the copy that happened to arrive first.
        assertEquals("wire-1", send(article("rudaw-3", "Rudaw", T0.plusSeconds(7200), WIRE)));
        // Re-sending the early arrival now links it too (re-sends are re-decided against everything stored).
        assertEquals("wire-1", send(article("late-wire-copy", "Alwaght", T0.plusSeconds(3600), WIRE_REFORMATTED)));
    }

    @Test
    void aReSentArticleIsNotADuplicateOfItselfNorOfItsOwnCopies() {
        Article wire = article("wire-1", "Wire", T0, WIRE);
        Article copy = article("copy-1", "Alwaght", T0.plusSeconds(600), WIRE_REFORMATTED);
        assertNull(send(wire));
        assertNull(send(wire), "a re-send is not a copy of its earlier version");
        assertEquals("wire-1", send(copy));
        assertNull(send(wire), "nor of its own copy");
        assertEquals("wire-1", send(copy), "and the copy keeps its link when re-sent");
        assertNothingPending();
    }

    @Test
    void sameDayCopiesWithoutATimeLinkToTheFirstArrival() {
        LocalDate day = LocalDate.of(2017, 7, 21);
        // Equal event times (publication day only): the id seen first is the original, whatever the ids sort as.
        assertNull(send(TestSupport.article("zz-first", "Wire", day, "t", WIRE)));
        assertEquals("zz-first", send(TestSupport.article("aa-second", "Alwaght", day, "t", WIRE_REFORMATTED)));
        assertNull(send(TestSupport.article("zz-first", "Wire", day, "t", WIRE)), "first arrival is kept on re-send");
    }

    @Test
    void aReSentArticleWithNewTextOrADeletedOneIsNoLongerMatchedOnItsOldText() {
        assertNull(send(article("a", "Wire", T0, WIRE)));
        assertNull(send(article("a", "Wire", T0, OTHER)), "corrected to another text");
        assertNull(send(article("b", "Alwaght", T0.plusSeconds(60), WIRE_REFORMATTED)), "a no longer has this text");
        assertEquals("b", send(article("c", "Rudaw", T0.plusSeconds(120), WIRE)));

        articles.pipeInput("b", null);
        KeyValue<String, EnrichedArticle> tombstone = enriched.readKeyValue();
        assertEquals("b", tombstone.key);
        assertNull(tombstone.value);
        assertTrue(enriched.isEmpty());
        assertEquals("c", send(article("d", "Press TV", T0.plusSeconds(180), WIRE)), "b is gone, c is the earliest left");
        assertNothingPending();
    }

    /**
     * A generated syndication set (copies with reworded sentences, cut or added paragraphs, other boilerplate,
     * plus same-topic stories): the topology links exactly as the replay that `stancewatch eval dedup` measures,
     * in publication order and shuffled, and it finds copies that share only some of their bands.
     */
    @Test
    void generatedSyndicationSetLinksExactlyAsTheReplayInAnyOrder() {
        List<Doc> docs = SyndicationSet.generate(7, 60, 60, 3);
        boolean first = true;
        for (List<Doc> order : List.of(SyndicationSet.inPublicationOrder(docs), SyndicationSet.shuffled(docs, 3))) {
            if (!first) { // a fresh topology: the second order must not see the first one's articles
                stop();
                start();
            }
            first = false;
            Map<String, String> topology = new LinkedHashMap<>();
            List<DedupSimulation.Arrival> arrivals = new ArrayList<>();
            for (Doc d : order) {
                topology.put(d.id(), send(article(d.id(), d.outlet(), d.publishedAt(), d.body())));
                arrivals.add(new DedupSimulation.Arrival(d.id(), SimHash.of(d.body()), d.publishedAt().toEpochMilli()));
            }
            Map<String, String> replay = DedupSimulation.banded(arrivals, SimHash.BANDS, SimHash.MAX_DUPLICATE_DISTANCE);
            List<String> differ = topology.keySet().stream()
                    .filter(id -> !java.util.Objects.equals(topology.get(id), replay.get(id)))
                    .map(id -> id + ": topology " + topology.get(id) + ", replay " + replay.get(id)).toList();
            assertEquals(List.of(), differ);
            Map<String, Long> hashes = new HashMap<>();
            arrivals.forEach(a -> hashes.put(a.id(), a.simhash()));
            long links = topology.values().stream().filter(v -> v != null).count();
            long partialBandLinks = topology.entrySet().stream().filter(e -> e.getValue() != null)
                    .filter(e -> sharedBands(hashes.get(e.getKey()), hashes.get(e.getValue())) < SimHash.BANDS).count();
            assertTrue(links >= 20, "links " + links);
            assertTrue(partialBandLinks >= 5, "links through some bands only: " + partialBandLinks);
            assertEquals(0, SyndicationSet.score(order, topology).falseLinks(), "no link to another story");
            assertNothingPending();
        }
    }

    private static int sharedBands(long a, long b) {
        int shared = 0;
        for (int band = 0; band < SimHash.BANDS; band++) {
            shared += SimHash.band(a, band) == SimHash.band(b, band) ? 1 : 0;
        }
        return shared;
    }

    private void assertNothingPending() {
        for (String store : List.of(StoreNames.DEDUP_PENDING, StoreNames.DEDUP_PENDING_ARTICLES)) {
            KeyValueStore<String, Object> s = driver.getKeyValueStore(store);
            try (KeyValueIterator<String, Object> it = s.all()) {
                assertTrue(!it.hasNext(), store + " still holds " + (it.hasNext() ? it.next().key : ""));
            }
        }
        // The release order keeps only its head and next sequence numbers once every article has gone on.
        KeyValueStore<String, String> order = driver.getKeyValueStore(StoreNames.DEDUP_RELEASE_ORDER);
        try (KeyValueIterator<String, String> it = order.all()) {
            it.forEachRemaining(kv -> assertTrue(kv.key.equals("head") || kv.key.equals("next"),
                    StoreNames.DEDUP_RELEASE_ORDER + " still queues " + kv.key + " -> " + kv.value));
        }
    }
}
