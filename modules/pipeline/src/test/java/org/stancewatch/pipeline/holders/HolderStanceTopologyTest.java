package org.stancewatch.pipeline.holders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stancewatch.events.ActorMention;
import org.stancewatch.events.ActorStance;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.HolderSentence;
import org.stancewatch.events.HolderStance;
import org.stancewatch.events.Span;
import org.stancewatch.events.Stance;
import org.stancewatch.events.StanceEvidence;
import org.stancewatch.events.Topics;
import org.stancewatch.events.serde.AvroSerde;
import org.stancewatch.pipeline.PipelineSerdes;
import org.stancewatch.pipeline.PipelineSettings;
import org.stancewatch.pipeline.StoreNames;
import org.stancewatch.pipeline.TestSupport;

/** The holder topology alone on hand-made enriched articles: counts, re-send, correction, retraction. */
class HolderStanceTopologyTest {

    static final LocalDate JULY_21 = LocalDate.of(2017, 7, 21);
    static final LocalDate JULY_22 = LocalDate.of(2017, 7, 22);
    static final String MALIKI = "nouri-al-maliki";

    private TopologyTestDriver driver;
    private TestInputTopic<String, EnrichedArticle> enrichedIn;
    private TestOutputTopic<String, HolderStance> out;

    @BeforeEach
    void start() {
        Properties props = TestSupport.driverProps(Map.of());
        Map<String, Object> serdeConfig = TestSupport.serdeConfig(props);
        StreamsBuilder builder = new StreamsBuilder();
        HolderStanceTopology.addTo(builder, PipelineSettings.from(props));
        driver = new TopologyTestDriver(builder.build(), props);
        AvroSerde<EnrichedArticle> enrichedSerde = PipelineSerdes.value(EnrichedArticle.class, serdeConfig);
        enrichedIn = driver.createInputTopic(Topics.ENRICHED, Serdes.String().serializer(), enrichedSerde.serializer());
        out = driver.createOutputTopic(Topics.HOLDER_STANCES, Serdes.String().deserializer(),
                PipelineSerdes.value(HolderStance.class, serdeConfig).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    // --- hand-made articles -------------------------------------------------------------------------------

    record Ev(String target, String holder, double score, int start, String sentence) {
    }

    static Ev ev(String target, String holder, double score, int start) {
        return new Ev(target, holder, score, start, "sentence at " + start + " about " + target);
    }

    /** An enriched article in which Maliki, the US, Russia and ISIS are mentioned, with the given evidence. */
    static EnrichedArticle article(String id, String outlet, LocalDate day, Ev... evidence) {
        List<String> actors = List.of(MALIKI, "united-states", "russia", "isis");
        List<ActorMention> mentions = new ArrayList<>();
        List<ActorStance> stances = new ArrayList<>();
        for (String actor : actors) {
            String text = actor.equals(MALIKI) ? "Nouri Maliki" : actor;
            mentions.add(ActorMention.newBuilder().setActorId(actor).setActorName(actor.toUpperCase())
                    .setCount(1).setSpans(List.of(new Span(0, text.length(), text))).build());
            List<StanceEvidence> sentences = new ArrayList<>();
            for (Ev e : evidence) {
                if (e.target().equals(actor)) {
                    sentences.add(StanceEvidence.newBuilder().setSentence(e.sentence()).setStart(e.start())
                            .setEnd(e.start() + 10).setScore(e.score()).setCues(List.of()).setHolder(e.holder()).build());
                }
            }
            stances.add(ActorStance.newBuilder().setActorId(actor).setStance(Stance.NEUTRAL).setScore(0)
                    .setEvidence(sentences).build());
        }
        return EnrichedArticle.newBuilder().setId(id).setTitle("t " + id).setBody("b " + id).setOutlet(outlet)
                .setPublishedDate(day).setIngestedAt(Instant.parse("2026-11-21T10:00:00Z")).setMentions(mentions)
                .setStances(stances).setCandidates(List.of()).build();
    }

    private void send(EnrichedArticle a) {
        enrichedIn.pipeInput(a.getId(), a);
    }

    private HolderStance row(String holder, String target, LocalDate day) {
        KeyValueStore<String, HolderStance> store = driver.getKeyValueStore(StoreNames.HOLDER_STANCES);
        return store.get(HolderKeys.byHolder(holder, target, day));
    }

    private HolderStance byTarget(String holder, String target, LocalDate day) {
        KeyValueStore<String, HolderStance> store = driver.getKeyValueStore(StoreNames.HOLDER_STANCES_BY_TARGET);
        return store.get(HolderKeys.byTarget(holder, target, day));
    }

    private static void assertCounts(long favor, long against, long neutral, long articles, HolderStance row) {
        assertEquals(List.of(favor, against, neutral, favor + against + neutral, articles),
                List.of(row.getFavor(), row.getAgainst(), row.getNeutral(), row.getSentences(), row.getArticles()),
                "favor, against, neutral, sentences, articles of " + row.getHolder() + " -> " + row.getTarget());
    }

    // --- tests ---------------------------------------------------------------------------------------------

    @Test
    void evidenceIsCountedPerHolderTargetAndDay_withSentencesAndTheOutletsOwnVoice() {
        send(article("a1", "Alwaght", JULY_21,
                ev("united-states", MALIKI, -0.91, 0), ev("united-states", MALIKI, -0.16, 500),
                ev("russia", MALIKI, 0.43, 300), ev("russia", MALIKI, 0.32, 400),
                ev("isis", null, -1.0, 200), ev("isis", "He", -0.8, 250),
                ev("united-states", "The spokesman Karim al-Nouri", -0.5, 600),
                ev(MALIKI, "Vice President of Iraq Nouri Maliki", -0.01, 700)));

        HolderStance us = row(MALIKI, "united-states", JULY_21);
        assertCounts(0, 1, 1, 1, us);
        assertEquals("AGAINST", us.getStance());
        assertEquals("ACTOR", us.getHolderKind());
        assertEquals("NOURI-AL-MALIKI", us.getHolderName());
        assertEquals(JULY_21, us.getDay());
        assertEquals(List.of("a1", "a1"), us.getExamples().stream().map(HolderSentence::getArticleId).toList());
        assertEquals(List.of(-0.91, -0.16), us.getExamples().stream().map(HolderSentence::getScore).toList(),
                "strongest first");
        assertEquals("sentence at 0 about united-states", us.getExamples().get(0).getSentence());

        HolderStance russia = row(MALIKI, "russia", JULY_21);
        assertCounts(2, 0, 0, 1, russia);
        assertEquals("FAVOR", russia.getStance());

        // The article's own voice and an unnamed speaker ("He") are the outlet's.
        HolderStance outlet = row("outlet:Alwaght", "isis", JULY_21);
        assertCounts(0, 2, 0, 1, outlet);
        assertEquals("OUTLET", outlet.getHolderKind());
        assertEquals("Alwaght", outlet.getHolderName());
        // A named speaker who is no tracked actor keeps his own node.
        HolderStance speaker = row("speaker:the spokesman karim al-nouri", "united-states", JULY_21);
        assertCounts(0, 1, 0, 1, speaker);
        assertEquals("The spokesman Karim al-Nouri", speaker.getHolderName());
        // Maliki speaking about himself is no holder -> target edge.
        KeyValueStore<String, HolderStance> store = driver.getKeyValueStore(StoreNames.HOLDER_STANCES);
        List<String> keys = new ArrayList<>();
        try (var all = store.all()) {
            all.forEachRemaining(kv -> keys.add(kv.key));
        }
        assertEquals(List.of("nouri-al-maliki|russia|2017-07-21", "nouri-al-maliki|united-states|2017-07-21",
                "outlet:Alwaght|isis|2017-07-21", "speaker:the spokesman karim al-nouri|united-states|2017-07-21"),
                keys.stream().sorted().toList());

        assertEquals(us, byTarget(MALIKI, "united-states", JULY_21), "the by-target index holds the same row");
        Map<String, HolderStance> published = out.readKeyValuesToMap();
        assertEquals(4, published.size());
        assertEquals(us, published.get("nouri-al-maliki|united-states|2017-07-21"));
    }

    @Test
    void anIdenticalReSendChangesNothingAndEmitsNothing() {
        EnrichedArticle a = article("a1", "Alwaght", JULY_21, ev("russia", MALIKI, 0.43, 300), ev("isis", null, -1.0, 200));
        send(a);
        HolderStance before = row(MALIKI, "russia", JULY_21);
        out.readKeyValuesToList();

        send(a);
        send(EnrichedArticle.newBuilder(a).setEnrichedAt(Instant.parse("2026-11-22T00:00:00Z")).build());
        assertTrue(out.isEmpty(), "a re-send emits no update");
        assertEquals(before, row(MALIKI, "russia", JULY_21));
        assertCounts(1, 0, 0, 1, row(MALIKI, "russia", JULY_21));
    }

    @Test
    void aCorrectionReplacesTheArticlesSentences_andOtherArticlesStay() {
        send(article("a1", "Alwaght", JULY_21, ev("russia", MALIKI, 0.43, 300), ev("united-states", MALIKI, -0.9, 0)));
        send(article("a2", "Sputnik", JULY_21, ev("russia", MALIKI, 0.6, 10)));
        assertCounts(2, 0, 0, 2, row(MALIKI, "russia", JULY_21));
        out.readKeyValuesToList();

        // a1 corrected: the Russia sentence now reads against, the US sentence is gone, a new ISIS one appears.
        send(article("a1", "Alwaght", JULY_21, ev("russia", MALIKI, -0.5, 300), ev("isis", MALIKI, -0.7, 50)));
        HolderStance russia = row(MALIKI, "russia", JULY_21);
        assertCounts(1, 1, 0, 2, russia);
        assertEquals("MIXED", russia.getStance());
        assertEquals(List.of("a2", "a1"), russia.getExamples().stream().map(HolderSentence::getArticleId).toList());
        HolderStance us = row(MALIKI, "united-states", JULY_21);
        assertCounts(0, 0, 0, 0, us);
        assertEquals("NEUTRAL", us.getStance());
        assertNull(us.getUpdatedAt());
        assertCounts(0, 1, 0, 1, row(MALIKI, "isis", JULY_21));

        Map<String, HolderStance> published = out.readKeyValuesToMap();
        assertEquals(3, published.size(), "russia, united-states (to zero) and isis rows change: " + published.keySet());
        assertEquals(0, published.get("nouri-al-maliki|united-states|2017-07-21").getSentences());
    }

    @Test
    void aCorrectedDayOrOutletMovesTheSentences() {
        send(article("a1", "Alwaght", JULY_21, ev("russia", MALIKI, 0.43, 300), ev("isis", null, -1.0, 200)));
        send(article("a1", "Al Waght", JULY_22, ev("russia", MALIKI, 0.43, 300), ev("isis", null, -1.0, 200)));
        assertCounts(0, 0, 0, 0, row(MALIKI, "russia", JULY_21));
        assertCounts(1, 0, 0, 1, row(MALIKI, "russia", JULY_22));
        assertCounts(0, 0, 0, 0, row("outlet:Alwaght", "isis", JULY_21));
        assertCounts(0, 1, 0, 1, row("outlet:Al Waght", "isis", JULY_22));
    }

    @Test
    void aTombstoneRetractsEverySentenceOfTheArticle_andAReSendAfterItCountsAgain() {
        EnrichedArticle a = article("a1", "Alwaght", JULY_21, ev("russia", MALIKI, 0.43, 300), ev("isis", null, -1.0, 200));
        send(a);
        send(article("a2", "Sputnik", JULY_21, ev("russia", MALIKI, 0.6, 10)));
        out.readKeyValuesToList();

        enrichedIn.pipeInput("a1", null);
        assertCounts(1, 0, 0, 1, row(MALIKI, "russia", JULY_21));
        assertEquals(List.of("a2"), row(MALIKI, "russia", JULY_21).getExamples().stream()
                .map(HolderSentence::getArticleId).toList());
        assertCounts(0, 0, 0, 0, row("outlet:Alwaght", "isis", JULY_21));
        assertNull(driver.getKeyValueStore(StoreNames.HOLDER_ARTICLE_ROWS).get("a1"), "nothing kept of a deleted article");
        List<KeyValue<String, HolderStance>> changes = out.readKeyValuesToList();
        assertEquals(2, changes.size());

        send(a);
        assertCounts(2, 0, 0, 2, row(MALIKI, "russia", JULY_21));
    }

    @Test
    void undatedArticlesHaveTheirOwnRow_andNoOutletIsOutletUnknown() {
        send(article("a1", null, null, ev("russia", MALIKI, 0.43, 300), ev("isis", null, -1.0, 200)));
        assertCounts(1, 0, 0, 1, driver.<String, HolderStance>getKeyValueStore(StoreNames.HOLDER_STANCES)
                .get("nouri-al-maliki|russia|undated"));
        HolderStance own = driver.<String, HolderStance>getKeyValueStore(StoreNames.HOLDER_STANCES)
                .get("outlet:unknown|isis|undated");
        assertCounts(0, 1, 0, 1, own);
        assertNull(own.getDay());
    }

    @Test
    void examplesAreBoundedButCountsCoverEverySentence() {
        List<Ev> many = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            many.add(ev("russia", MALIKI, 0.31 + i / 100.0, i * 100));
        }
        send(article("a1", "Alwaght", JULY_21, many.toArray(Ev[]::new)));
        HolderStance russia = row(MALIKI, "russia", JULY_21);
        assertCounts(30, 0, 0, 1, russia);
        assertEquals(HolderStances.MAX_EXAMPLES, russia.getExamples().size());
        assertEquals(0.6, russia.getExamples().get(0).getScore(), 1e-9, "strongest first");
    }
}
