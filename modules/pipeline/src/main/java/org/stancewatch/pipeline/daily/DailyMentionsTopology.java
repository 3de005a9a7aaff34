package org.stancewatch.pipeline.daily;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.Topics;
import org.stancewatch.events.serde.AvroSerde;
import org.stancewatch.pipeline.PipelineSerdes;
import org.stancewatch.pipeline.PipelineSettings;
import org.stancewatch.pipeline.StoreNames;
import org.stancewatch.pipeline.alerts.InputWatermark;
import org.stancewatch.pipeline.internal.Contribution;
import org.stancewatch.pipeline.internal.DaySums;

/**
 * `articles.enriched` -> `mentions.daily`: one {@link ActorDay} per actor and publication day, and per
 * actor, day and outlet.
 *
 * <pre>
 *   articles.enriched ──> diff-article-contributions [articles-store, mentions-daily-input-progress]
 *     ──> repartition mentions-daily-by-row (contributions by row key, watermarks to every partition)
 *     ──> mentions-daily-count [mentions-daily-contributions, mentions-daily-outlet-contributions,
 *                               mentions-daily-sums, mentions-daily-outlet-sums, mentions-daily-outlet-articles,
 *                               mentions-daily-store, mentions-daily-outlet-store, mentions-daily-input-watermarks,
 *                               mentions-daily-pending] (rows coalesced, sent every flush interval and before a watermark)
 *     ──┬─ mentions-daily-rows (watermarks dropped) ──> mentions.daily
 *       └─ returned to the caller: rows and the counting tasks' watermarks (the alerts read this, see AlertsTopology)
 * </pre>
 * No windows: rows are keyed by the article's publication day, so an article from months ago lands on its
 * day whenever it arrives, and the counts depend only on the latest version of each article, never on
 * arrival order. Near-duplicates ({@code duplicateOf} set) are counted: each copy was published by its outlet,
 * and whether a copy is flagged depends on which copy arrived first, which counts must not.
 *
 * <p>Watermarks travel the same path as the contributions: each {@code articles.enriched} task sends one when
 * its newest event day advances, the repartition copies it to every counting task behind the contributions it
 * follows, and each counting task forwards the minimum over all input partitions after the rows it has sent.
 * A consumer that holds every counting task's watermark W therefore holds every row update caused by articles
 * of days up to W read so far, whichever input partition they came from. They never reach {@code mentions.daily}.
 */
public final class DailyMentionsTopology {

    public static final String SOURCE = "enriched-articles-source";
    public static final String DIFF = "diff-article-contributions";
    /** Repartition topic {@code <application.id>-mentions-daily-by-row-repartition}. */
    public static final String BY_ROW_REPARTITION = "mentions-daily-by-row";
    public static final String COUNT = "mentions-daily-count";
    public static final String ROWS = "mentions-daily-rows";
    public static final String SINK = "mentions-daily-sink";
    /**
     * How often (ms) the count step sends the rows changed since its last send, default
     * {@value #DEFAULT_FLUSH_INTERVAL_MS}. Longer: fewer, later updates of busy rows on {@code mentions.daily}; the
     * alerts wait for watermarks, before which every row is sent anyway, so they do not wait for it.
     */
    public static final String FLUSH_INTERVAL_MS = "stancewatch.daily.flush.interval.ms";
    /**
     * Two exactly-once commit intervals: at a 1,000 articles/s re-count, 0.079x the bytes of ActorDay v2 rows on
     * {@code mentions.daily} (100 ms: 0.103x); a row shows a newly counted article at most 0.2 s later
     * (BENCHMARKS.md).
     */
    public static final long DEFAULT_FLUSH_INTERVAL_MS = 200;

    private DailyMentionsTopology() {
    }

    /**
     * Adds the daily counts; returns the counted rows ({@code actorId|day[|outlet]} -> ActorDay) interleaved with
     * the counting tasks' {@link org.stancewatch.pipeline.alerts.InputWatermark}s (null value), one source per
     * counting task, i.e. {@link PipelineSettings#inputPartitions()} of them.
     */
    public static KStream<String, ActorDay> addTo(StreamsBuilder builder, PipelineSettings settings) {
        Topics topics = settings.topics();
        Map<String, Object> serdeConfig = settings.serdeConfig();
        AvroSerde<EnrichedArticle> enrichedSerde = PipelineSerdes.value(EnrichedArticle.class, serdeConfig);
        AvroSerde<Contribution> contributionSerde = PipelineSerdes.value(Contribution.class, serdeConfig);
        AvroSerde<DaySums> sumsSerde = PipelineSerdes.value(DaySums.class, serdeConfig);
        AvroSerde<ActorDay> actorDaySerde = PipelineSerdes.value(ActorDay.class, serdeConfig);
        int inputPartitions = settings.inputPartitions();
        long flushIntervalMs = DailyCountProcessor.flushIntervalMs(settings.serdeConfig());

        // Latest version of every article: what a re-send is compared with, and what the HTTP API serves.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.ARTICLES),
                Serdes.String(), enrichedSerde));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.DAILY_INPUT_PROGRESS), Serdes.String(), Serdes.Long()));
        // Plain stores without a cache: rows are sent by the count step's own flush (coalesced, and always before a
        // watermark), never by a cache eviction that could let a watermark overtake them.
        // One entry per (row, article), 'row\0articleId' (DailyContributions), and the running sums per row: an update
        // writes O(1) bytes whatever the row's size.
        for (String store : List.of(StoreNames.MENTIONS_DAILY_CONTRIBUTIONS, StoreNames.MENTIONS_DAILY_OUTLET_CONTRIBUTIONS)) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store),
                    Serdes.String(), contributionSerde));
        }
        for (String store : List.of(StoreNames.MENTIONS_DAILY_SUMS, StoreNames.MENTIONS_DAILY_OUTLET_SUMS)) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store),
                    Serdes.String(), sumsSerde));
        }
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.MENTIONS_DAILY_OUTLET_ARTICLES), Serdes.String(), Serdes.Long()));
        for (String store : List.of(StoreNames.MENTIONS_DAILY, StoreNames.MENTIONS_DAILY_OUTLET)) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store),
                    Serdes.String(), actorDaySerde));
        }
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.DAILY_INPUT_WATERMARKS), Serdes.String(), Serdes.Long()));
        // Rows changed since the last flush (row key -> timestamp of the latest change), see DailyCountProcessor.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.MENTIONS_DAILY_PENDING), Serdes.String(), Serdes.Long()));

        KStream<String, ActorDay> counted = builder
                .stream(topics.enriched(), Consumed.with(Serdes.String(), enrichedSerde).withName(SOURCE))
                .process(() -> new ContributionDiffProcessor(settings.zone()), Named.as(DIFF), StoreNames.ARTICLES,
                        StoreNames.DAILY_INPUT_PROGRESS)
                .repartition(Repartitioned.<String, Contribution>as(BY_ROW_REPARTITION)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(contributionSerde)
                        .withStreamPartitioner(new RowPartitioner()))
                .process(() -> new DailyCountProcessor(inputPartitions, flushIntervalMs), Named.as(COUNT),
                        StoreNames.MENTIONS_DAILY_CONTRIBUTIONS, StoreNames.MENTIONS_DAILY_OUTLET_CONTRIBUTIONS,
                        StoreNames.MENTIONS_DAILY_SUMS, StoreNames.MENTIONS_DAILY_OUTLET_SUMS,
                        StoreNames.MENTIONS_DAILY_OUTLET_ARTICLES,
                        StoreNames.MENTIONS_DAILY, StoreNames.MENTIONS_DAILY_OUTLET, StoreNames.DAILY_INPUT_WATERMARKS,
                        StoreNames.MENTIONS_DAILY_PENDING);
        counted.filterNot((key, row) -> row == null && InputWatermark.isWatermark(key), Named.as(ROWS))
                .to(topics.mentionsDaily(), Produced.with(Serdes.String(), actorDaySerde).withName(SINK));
        return counted;
    }
}
