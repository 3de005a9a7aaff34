package org.stancewatch.pipeline;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.stancewatch.events.ActorMention;
import org.stancewatch.events.ActorStance;
import org.stancewatch.events.Article;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.Span;
import org.stancewatch.events.Stance;

/** Builders shared by the topology tests. */
public final class TestSupport {

    private TestSupport() {
    }

    /** Streams config for a TopologyTestDriver with its own in-memory schema registry. */
    public static Properties driverProps(Map<String, ?> overrides) {
        Map<String, Object> all = new HashMap<>();
        all.put("application.id", "stancewatch-test");
        // Own state directory per driver: other modules' test JVMs run on this machine at the same time.
        all.put("state.dir", "target/kafka-streams/" + UUID.randomUUID());
        all.putAll(overrides);
        return StancewatchStreamsConfig.build("dummy:9092", "mock://" + UUID.randomUUID(), all);
    }

    public static Map<String, Object> serdeConfig(Properties props) {
        Map<String, Object> map = new HashMap<>();
        props.forEach((k, v) -> map.put(String.valueOf(k), v));
        return map;
    }

    public static Article article(String id, String outlet, LocalDate published, String title, String body) {
        return Article.newBuilder()
                .setId(id)
                .setTitle(title)
                .setBody(body)
                .setOutlet(outlet)
                .setPublishedDate(published)
                .setIngestedAt(Instant.parse("2026-11-21T10:00:00Z"))
                .build();
    }

    /** One actor's part in a hand-made enriched article. */
    public record ActorPart(String actorId, int mentions, Stance stance, double score) {
    }

    public static ActorPart part(String actorId, int mentions, Stance stance, double score) {
        return new ActorPart(actorId, mentions, stance, score);
    }

    public static EnrichedArticle enriched(String id, String outlet, LocalDate published, ActorPart... parts) {
        List<ActorMention> mentions = new ArrayList<>();
        List<ActorStance> stances = new ArrayList<>();
        for (ActorPart p : parts) {
            List<Span> spans = new ArrayList<>();
            for (int i = 0; i < p.mentions(); i++) {
                spans.add(new Span(i * 10, i * 10 + 3, "abc"));
            }
            mentions.add(ActorMention.newBuilder().setActorId(p.actorId()).setActorName(p.actorId().toUpperCase())
                    .setActorType("OTHER").setCount(p.mentions()).setSpans(spans).build());
            stances.add(ActorStance.newBuilder().setActorId(p.actorId()).setStance(p.stance()).setScore(p.score())
                    .setEvidence(List.of()).build());
        }
        return EnrichedArticle.newBuilder()
                .setId(id)
                .setTitle("title " + id)
                .setBody("body " + id)
                .setOutlet(outlet)
                .setPublishedDate(published)
                .setIngestedAt(Instant.parse("2026-11-21T10:00:00Z"))
                .setLanguage("en")
                .setMentions(mentions)
                .setStances(stances)
                .setCandidates(List.of())
                .setEnricherVersion("test")
                .build();
    }

    /**
     * The drill-down behind a row (ActorDay carries counts only): ids of the articles it counts, in id order,
     * from the daily counts' contributions store.
     */
    public static List<String> articleIds(org.apache.kafka.streams.TopologyTestDriver driver,
                                          org.stancewatch.events.ActorDay row) {
        String key = row.getOutlet() == null ? org.stancewatch.pipeline.daily.RowKeys.daily(row.getActorId(), row.getDay())
                : org.stancewatch.pipeline.daily.RowKeys.dailyOutlet(row.getActorId(), row.getDay(), row.getOutlet());
        org.apache.kafka.streams.state.KeyValueStore<String, org.stancewatch.pipeline.internal.Contribution> store =
                driver.getKeyValueStore(row.getOutlet() == null ? StoreNames.MENTIONS_DAILY_CONTRIBUTIONS
                        : StoreNames.MENTIONS_DAILY_OUTLET_CONTRIBUTIONS);
        return org.stancewatch.pipeline.daily.DailyContributions.articleIds(store, key);
    }
}
