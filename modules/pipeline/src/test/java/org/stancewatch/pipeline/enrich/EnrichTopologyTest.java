package org.stancewatch.pipeline.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stancewatch.pipeline.TestSupport.article;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.stancewatch.events.Actor;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.ActorMention;
import org.stancewatch.events.ActorType;
import org.stancewatch.events.Article;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.RejectedRecord;
import org.stancewatch.events.Topics;
import org.stancewatch.pipeline.PipelineSerdes;
import org.stancewatch.pipeline.PipelineSettings;
import org.stancewatch.pipeline.RealAnalyzer;
import org.stancewatch.pipeline.StancewatchPipeline;
import org.stancewatch.pipeline.StoreNames;
import org.stancewatch.pipeline.TestSupport;
import org.stancewatch.pipeline.catalogue.ActorConversions;
import org.stancewatch.pipeline.catalogue.LiveCatalogue;
import org.stancewatch.pipeline.errors.Rejections;

/** The whole topology (enrich + daily) with the real analyser and the starter catalogue on `actors`. */
class EnrichTopologyTest {

    private static final LocalDate JULY_21 = LocalDate.of(2017, 7, 21);
    private static final List<Actor> STARTER = ActorConversions.starterActors();
    /** Short texts keep the analyser's work (a dependency parse per sentence) small where detail does not matter. */
    private static final String STORY = "Iraqi forces retook the old city of Mosul from ISIS on Sunday after months "
            + "of fighting. ISIS fighters fled toward the desert, commanders said. The United States praised the "
            + "Iraqi army and promised more help with rebuilding the city.";
    private static final String OTHER_STORY = "Thousands of families returned to eastern Aleppo this week. Aid groups "
            + "warned that water and power were still cut, and that ISIS mines remained in many streets and homes.";

    private TopologyTestDriver driver;
    private TestInputTopic<String, Article> articles;
    private TestInputTopic<byte[], byte[]> rawArticles;
    private TestInputTopic<String, Actor> actors;
    private TestOutputTopic<String, EnrichedArticle> enriched;
    private TestOutputTopic<byte[], RejectedRecord> rejected;

    private void start(Map<String, ?> overrides, EnricherFactory enrichers) {
        Properties props = TestSupport.driverProps(overrides);
        Map<String, Object> serdeConfig = TestSupport.serdeConfig(props);
        LiveCatalogue catalogue = new LiveCatalogue(enrichers);
        driver = new TopologyTestDriver(StancewatchPipeline.buildTopology(PipelineSettings.from(props), catalogue,
                List.of(), Clock.systemUTC()), props);
        articles = driver.createInputTopic(Topics.ARTICLES, Serdes.String().serializer(),
                PipelineSerdes.value(Article.class, serdeConfig).serializer());
        rawArticles = driver.createInputTopic(Topics.ARTICLES, new ByteArraySerializer(), new ByteArraySerializer());
        actors = driver.createInputTopic(Topics.ACTORS, Serdes.String().serializer(),
                PipelineSerdes.value(Actor.class, serdeConfig).serializer());
        enriched = driver.createOutputTopic(Topics.ENRICHED, Serdes.String().deserializer(),
                PipelineSerdes.value(EnrichedArticle.class, serdeConfig).deserializer());
        rejected = driver.createOutputTopic(Topics.REJECTED, Serdes.ByteArray().deserializer(),
                PipelineSerdes.value(RejectedRecord.class, serdeConfig).deserializer());
        STARTER.forEach(a -> actors.pipeInput(a.getId(), a));
    }

    private void start() {
        start(Map.of(), AnalyzerEnricher.factory(RealAnalyzer.INSTANCE));
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    static String seed(int index) throws IOException {
        try (var files = Files.list(Path.of("../../seeds"))) {
            Path p = files.filter(f -> f.toString().endsWith(".txt")).sorted().toList().get(index);
            String text = Files.readString(p, StandardCharsets.UTF_8);
            return text.substring(text.indexOf('\n') + 1).strip();
        }
    }

    private EnrichedArticle send(Article a) {
        articles.pipeInput(a.getId(), a);
        List<KeyValue<String, EnrichedArticle>> out = enriched.readKeyValuesToList();
        assertEquals(1, out.size(), "one enriched record per article");
        assertEquals(a.getId(), out.get(0).key);
        return out.get(0).value;
    }

    private static Optional<ActorMention> mention(EnrichedArticle e, String actorId) {
        return e.getMentions().stream().filter(m -> m.getActorId().equals(actorId)).findFirst();
    }

    private ActorDay daily(String actorId, LocalDate day) {
        KeyValueStore<String, ActorDay> store = driver.getKeyValueStore(StoreNames.MENTIONS_DAILY);
        return store.get(actorId + "|" + day);
    }

    @Test
    void seedArticleIsTaggedWithActorsOffsetsStanceAndCountedOnItsDay() throws IOException {
        start();
        String body = seed(0);
        EnrichedArticle e = send(article("alwaght-1", "Alwaght", JULY_21, "Maliki: Mosul victory not American", body));

        assertEquals(body, e.getBody());
        assertEquals("en", e.getLanguage());
        for (String actor : List.of("united-states", "isis", "popular-mobilization-forces", "nouri-al-maliki")) {
            ActorMention m = mention(e, actor).orElseThrow(() -> new AssertionError(actor + " not found in " +
                    e.getMentions().stream().map(ActorMention::getActorId).collect(Collectors.toList())));
            assertEquals(m.getSpans().size(), m.getCount());
            m.getSpans().forEach(s -> assertEquals(s.getText(), body.substring(s.getStart(), s.getEnd())));
        }
        assertEquals(e.getMentions().size(), e.getStances().size(), "a stance for every mentioned actor");
        e.getStances().forEach(s -> assertTrue(s.getScore() >= -1 && s.getScore() <= 1));
        assertTrue(e.getStances().stream().anyMatch(s -> !s.getEvidence().isEmpty()), "some stance has evidence");
        assertEquals(SimHash.of(body), e.getSimhash());
        assertNull(e.getDuplicateOf());
        assertTrue(e.getEnricherVersion().contains("+catalogue."), e.getEnricherVersion());
        assertNotNull(e.getEnrichedAt());

        ActorDay isis = daily("isis", JULY_21);
        assertEquals(1, isis.getArticles());
        assertEquals(mention(e, "isis").get().getCount(), isis.getMentions());
        assertEquals(e, driver.<String, EnrichedArticle>getKeyValueStore(StoreNames.ARTICLES).get("alwaght-1"));
        assertTrue(rejected.isEmpty());
    }

    @Test
    void resentArticleIsCountedOnceAndADeletedOneIsRetracted() {
        start();
        Article a = article("st-1", "Syria Times", JULY_21, "Mosul liberated", STORY);
        send(a);
        send(a);
        assertEquals(1, daily("isis", JULY_21).getArticles());

        articles.pipeInput("st-1", null);
        KeyValue<String, EnrichedArticle> tombstone = enriched.readKeyValue();
        assertEquals("st-1", tombstone.key);
        assertNull(tombstone.value);
        assertEquals(0, daily("isis", JULY_21).getArticles());
        assertNull(driver.<String, EnrichedArticle>getKeyValueStore(StoreNames.ARTICLES).get("st-1"));
    }

    @Test
    void syndicatedCopiesPointAtTheEarliestArticle() {
        start();
        String body = STORY;
        Article original = article("orig", "Outlet A", JULY_21, "Original", body);
        Article copy = article("copy", "Outlet B", JULY_21, "Another headline", body.replace(". ", ".\n"));
        Article earlierCopy = article("wire", "Wire", JULY_21.minusDays(1), "Wire story", body);
        Article other = article("other", "Outlet C", JULY_21, "Other story", OTHER_STORY);

        assertNull(send(original).getDuplicateOf());
        assertEquals("orig", send(copy).getDuplicateOf());
        assertNull(send(other).getDuplicateOf());
        assertNull(send(original).getDuplicateOf(), "a re-sent article is not a copy of itself");
        // A copy published earlier than everything seen so far is itself the original.
        assertNull(send(earlierCopy).getDuplicateOf());
        assertEquals("wire", send(copy).getDuplicateOf());
        // Copies are still counted: each was published by its outlet.
        assertEquals(List.of("copy", "orig", "other"), TestSupport.articleIds(driver, daily("isis", JULY_21)));
        assertEquals(List.of("wire"), TestSupport.articleIds(driver, daily("isis", JULY_21.minusDays(1))));
    }

    @Test
    void actorAddedChangedAndRemovedOnTheTopicTakesEffectForTheNextArticle() {
        start();
        String body = "The Zork Liberation Front seized the bridge on Monday. Officials said the Zork Liberation "
                + "Front had been shelling the town for weeks, and residents fled.";
        Article a = article("zork-1", "Outlet A", JULY_21, "Bridge seized", body);
        assertTrue(mention(send(a), "zork-liberation-front").isEmpty());

        Actor zork = Actor.newBuilder().setId("zork-liberation-front").setName("Zork Liberation Front")
                .setType(ActorType.ARMED_GROUP).setAliases(List.of("Zork Liberation Front")).build();
        actors.pipeInput(zork.getId(), zork);
        EnrichedArticle tagged = send(a);
        assertEquals(2, mention(tagged, "zork-liberation-front").orElseThrow().getCount());
        assertEquals(1, daily("zork-liberation-front", JULY_21).getArticles());

        actors.pipeInput(zork.getId(), Actor.newBuilder(zork).setName("ZLF").build());
        assertEquals("ZLF", mention(send(a), "zork-liberation-front").orElseThrow().getActorName());

        actors.pipeInput(zork.getId(), null);
        assertTrue(mention(send(a), "zork-liberation-front").isEmpty());
        assertEquals(0, daily("zork-liberation-front", JULY_21).getArticles(), "retracted once no longer tagged");
    }

    @Test
    void badRecordsAreDeadLetteredWithTheirReasonAndTheRestGoesOn() {
        start(Map.of("stancewatch.max.body.chars", "20000"), AnalyzerEnricher.factory(RealAnalyzer.INSTANCE));
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
        rawArticles.pipeInput("k-garbage".getBytes(StandardCharsets.UTF_8), garbage);
        rawArticles.pipeInput("k-unknown-schema".getBytes(StandardCharsets.UTF_8), new byte[] {0, 0, 0, 0x7f, 0x7f, 2, 3});
        articles.pipeInput("empty", article("empty", "X", JULY_21, "Empty", "   "));
        articles.pipeInput("huge", article("huge", "X", JULY_21, "Huge", "word ".repeat(5000)));
        articles.pipeInput("future", article("future", "X", LocalDate.now().plusDays(10), "Future", "Text."));
        Article ancient = article("ancient", "X", null, "Ancient", "Text.");
        ancient.setPublishedAt(Instant.parse("1850-01-01T00:00:00Z"));
        articles.pipeInput("ancient", ancient);
        send(article("fine", "X", JULY_21, "Fine", STORY));

        Map<String, RejectedRecord> byKey = rejected.readKeyValuesToList().stream()
                .collect(Collectors.toMap(kv -> new String(kv.key, StandardCharsets.UTF_8), kv -> kv.value));
        assertEquals("BAD_MAGIC_BYTE", byKey.get("k-garbage").getReason());
        assertEquals(ByteBuffer.wrap(garbage), byKey.get("k-garbage").getValue());
        assertEquals(Topics.ARTICLES, byKey.get("k-garbage").getSourceTopic());
        assertEquals(0L, byKey.get("k-garbage").getSourceOffset());
        assertEquals("UNKNOWN_SCHEMA_ID", byKey.get("k-unknown-schema").getReason());
        assertEquals(Rejections.EMPTY_BODY, byKey.get("empty").getReason());
        assertEquals(Rejections.BODY_TOO_LARGE, byKey.get("huge").getReason());
        assertTrue(byKey.get("huge").getMessage().contains("stancewatch.max.body.chars"));
        assertEquals(Rejections.BAD_DATE, byKey.get("future").getReason());
        assertEquals(Rejections.BAD_DATE, byKey.get("ancient").getReason());
        assertTrue(byKey.get("ancient").getMessage().contains("'ancient'"), byKey.get("ancient").getMessage());
        assertEquals(6, byKey.size());
        byKey.values().forEach(r -> assertNotNull(r.getValue(), "original bytes kept for " + r.getReason()));
    }

    @Test
    void analyserFailureIsDeadLetteredAsEnrichFailed() {
        EnricherFactory real = AnalyzerEnricher.factory(RealAnalyzer.INSTANCE);
        EnricherFactory failingOnBoom = actorsNow -> {
            ArticleEnricher enricher = real.forCatalogue(actorsNow);
            return new ArticleEnricher() {
                public EnrichedArticle enrich(Article article, LocalDate day) {
                    if (article.getTitle().contains("boom")) {
                        throw new IllegalStateException("analyser crashed on purpose");
                    }
                    return enricher.enrich(article, day);
                }

                public String version() {
                    return enricher.version();
                }
            };
        };
        start(Map.of(), failingOnBoom);
        articles.pipeInput("bad", article("bad", "X", JULY_21, "boom", STORY));
        EnrichedArticle fine = send(article("fine", "X", JULY_21, "fine", STORY));

        RejectedRecord dead = rejected.readValue();
        assertEquals(Rejections.ENRICH_FAILED, dead.getReason());
        assertEquals("enrich", dead.getStage());
        assertTrue(dead.getMessage().contains("analyser crashed on purpose"), dead.getMessage());
        assertEquals(IllegalStateException.class.getName(), dead.getExceptionClass());
        assertNotNull(dead.getValue());
        assertFalse(fine.getMentions().isEmpty());
        assertTrue(rejected.isEmpty());
    }

    /**
     * The Article's outlet reaches the analyser: the committed article decision reads whether an actor is the
     * publishing outlet's own side (nlp README, "Outlet sides"), so the same text is FAVOR toward Iran from Press TV
     * and NEUTRAL from a wire agency.
     */
    @Test
    void thePublishingOutletReachesTheArticleDecision() throws IOException {
        start();
        // The nlp module's NoParseAnalyzerTest reads the same text.
        String body = Files.readString(Path.of("../../eval/fixtures/iran-ready-for-fair-deal.txt"), StandardCharsets.UTF_8).strip();
        LocalDate day = LocalDate.of(2023, 5, 1);
        String title = "Iran ready for fair deal, foreign minister says";
        EnrichedArticle fromPressTv = send(article("ptv-1", "Press TV", day, title, body));
        EnrichedArticle fromWire = send(article("wire-1", "Reuters", day, title + " (wire)", body + " Reuters contributed."));
        assertEquals("FAVOR", stanceOf(fromPressTv, "iran"));
        assertEquals("NEUTRAL", stanceOf(fromWire, "iran"));
    }

    private static String stanceOf(EnrichedArticle e, String actorId) {
        return e.getStances().stream().filter(s -> s.getActorId().equals(actorId)).findFirst()
                .orElseThrow(() -> new AssertionError(actorId + " has no stance in " + e.getId())).getStance().toString();
    }

    @Test
    void lateArticleLandsOnItsOwnDay() {
        start();
        send(article("today", "X", LocalDate.of(2026, 11, 20), "Today", STORY));
        send(article("old", "Y", JULY_21, "Old", OTHER_STORY));

        assertEquals(1, daily("isis", JULY_21).getArticles());
        assertEquals(List.of("old"), TestSupport.articleIds(driver, daily("isis", JULY_21)));
        assertEquals(List.of("today"), TestSupport.articleIds(driver, daily("isis", LocalDate.of(2026, 11, 20))));
    }

    /**
     * An undated article is counted in the actor's undated row, never on the day it was fed (2026-11-21 here) nor
     * on the wall clock's, and the analyser gets no day: "Iraq's Prime Minister" in an undated text is not
     * resolved to whoever holds the office when it is fed. A dated copy resolves it to the holder on its day.
     */
    @Test
    void undatedArticleIsCountedUndatedAndItsDatedRolesStayUnresolved() {
        start();
        String text = "Iraq's Prime Minister praised the Iraqi army for the victory over ISIS in Mosul.";
        EnrichedArticle undated = send(article("undated", "X", null, "Victory", text));
        EnrichedArticle dated = send(article("dated", "X", JULY_21, "Victory", text));

        assertTrue(mention(dated, "haider-al-abadi").isPresent(), "the 2017 holder of the office: " + dated.getMentions());
        assertTrue(undated.getMentions().stream().noneMatch(m -> m.getActorType().equals("PERSON")),
                "no office holder guessed for an undated text: " + undated.getMentions());
        assertNull(undated.getPublishedDate());
        assertNull(undated.getDateSource());

        KeyValueStore<String, ActorDay> store = driver.getKeyValueStore(StoreNames.MENTIONS_DAILY);
        ActorDay isisUndated = store.get("isis|undated");
        assertNotNull(isisUndated, "the undated bucket");
        assertNull(isisUndated.getDay());
        assertEquals(List.of("undated"), TestSupport.articleIds(driver, isisUndated));
        assertNull(daily("isis", LocalDate.of(2026, 11, 21)), "not on the day it was fed");
        assertNull(daily("isis", LocalDate.now(java.time.ZoneOffset.UTC)), "not on the wall clock's day");
        assertEquals(List.of("dated"), TestSupport.articleIds(driver, daily("isis", JULY_21)));
    }
}
