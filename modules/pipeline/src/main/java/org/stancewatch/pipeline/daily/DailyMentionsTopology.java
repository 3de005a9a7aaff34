package org.stancewatch.pipeline.daily;

import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.Topics;
import org.stancewatch.events.serde.AvroSerde;
import org.stancewatch.pipeline.PipelineSerdes;
import org.stancewatch.pipeline.PipelineSettings;
import org.stancewatch.pipeline.StoreNames;
import org.stancewatch.pipeline.internal.Contribution;
import org.stancewatch.pipeline.internal.DayContributions;

/**
 * `articles.enriched` -> `mentions.daily`: one {@link ActorDay} per actor and publication day, and per
 * actor, day and outlet.
 *
 * <pre>
 *   articles.enriched ──> diff-article-contributions [articles-store] ──┬─ all-outlets ─> (repartition by actor|day)
 *                                                                        │     ──> aggregate [mentions-daily-contributions] ──> to-actor-day [mentions-daily-store] ──> mentions.daily
 *                                                                        └─ per-outlet ──> (repartition by actor|day|outlet)
 *                                                                              ──> aggregate [mentions-daily-outlet-contributions] ──> to-actor-day [mentions-daily-outlet-store] ──> mentions.daily
 * </pre>
 * No windows: rows are keyed by the article's publication day, so an article from months ago lands on its
 * day whenever it arrives, and the counts depend only on the latest version of each article, never on
 * arrival order. Near-duplicates ({@code duplicateOf} set) are counted: each copy was published by its outlet,
 * and whether a copy is flagged depends on which copy arrived first, which counts must not.
 */
public final class DailyMentionsTopology {

    public static final String SOURCE = "enriched-articles-source";
    public static final String DIFF = "diff-article-contributions";

    private DailyMentionsTopology() {
    }

    public static void addTo(StreamsBuilder builder, PipelineSettings settings) {
        Topics topics = settings.topics();
        Map<String, Object> serdeConfig = settings.serdeConfig();
        AvroSerde<EnrichedArticle> enrichedSerde = PipelineSerdes.value(EnrichedArticle.class, serdeConfig);
        AvroSerde<Contribution> contributionSerde = PipelineSerdes.value(Contribution.class, serdeConfig);
        AvroSerde<DayContributions> rowSerde = PipelineSerdes.value(DayContributions.class, serdeConfig);
        AvroSerde<ActorDay> actorDaySerde = PipelineSerdes.value(ActorDay.class, serdeConfig);

        // Latest version of every article: what a re-send is compared with, and what the HTTP API serves.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.ARTICLES),
                Serdes.String(), enrichedSerde));

        Map<String, KStream<String, Contribution>> changes = builder
                .stream(topics.enriched(), Consumed.with(Serdes.String(), enrichedSerde).withName(SOURCE))
                .process(() -> new ContributionDiffProcessor(settings.zone()), Named.as(DIFF), StoreNames.ARTICLES)
                .split(Named.as("contributions-"))
                .branch((row, c) -> c.getPerOutlet(), Branched.as("per-outlet"))
                .defaultBranch(Branched.as("all-outlets"));

        count(changes.get("contributions-all-outlets"), "mentions-daily", StoreNames.MENTIONS_DAILY_CONTRIBUTIONS,
                StoreNames.MENTIONS_DAILY, topics, contributionSerde, rowSerde, actorDaySerde);
        count(changes.get("contributions-per-outlet"), "mentions-daily-outlet",
                StoreNames.MENTIONS_DAILY_OUTLET_CONTRIBUTIONS, StoreNames.MENTIONS_DAILY_OUTLET, topics,
                contributionSerde, rowSerde, actorDaySerde);
    }

    private static void count(KStream<String, Contribution> changes, String name, String contributionsStore,
                              String rowStore, Topics topics, AvroSerde<Contribution> contributionSerde,
                              AvroSerde<DayContributions> rowSerde, AvroSerde<ActorDay> actorDaySerde) {
        changes
                .groupByKey(Grouped.with(name + "-by-row", Serdes.String(), contributionSerde))
                .aggregate(DayContributionsAggregator::empty, new DayContributionsAggregator(),
                        Named.as(name + "-aggregate"),
                        Materialized.<String, DayContributions, KeyValueStore<Bytes, byte[]>>as(contributionsStore)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(rowSerde))
                .mapValues(ActorDays::of, Named.as(name + "-to-actor-day"),
                        Materialized.<String, ActorDay, KeyValueStore<Bytes, byte[]>>as(rowStore)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(actorDaySerde))
                .toStream(Named.as(name + "-changes"))
                .to(topics.mentionsDaily(), Produced.with(Serdes.String(), actorDaySerde).withName(name + "-sink"));
    }
}
