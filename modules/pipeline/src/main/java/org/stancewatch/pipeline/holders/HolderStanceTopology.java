package org.stancewatch.pipeline.holders;

import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.HolderStance;
import org.stancewatch.events.Topics;
import org.stancewatch.events.serde.AvroSerde;
import org.stancewatch.pipeline.PipelineSerdes;
import org.stancewatch.pipeline.PipelineSettings;
import org.stancewatch.pipeline.StoreNames;
import org.stancewatch.pipeline.internal.HolderArticleRows;
import org.stancewatch.pipeline.internal.HolderContribution;
import org.stancewatch.pipeline.internal.HolderRow;

/**
 * `articles.enriched` -> `stances.by-holder`: who says what about whom, per publication day.
 *
 * <pre>
 *   articles.enriched ──> holder-diff-article-contributions [holder-article-rows]
 *       ──> repartition holder-stances-by-row (by holder|target|day)
 *       ──> holder-stances-aggregate [holder-stances-contributions]
 *       ──> holder-stances-to-row [holder-stances-store]
 *       ──> holder-stances-index-by-target [holder-stances-by-target-store]
 *       ──> stances.by-holder
 * </pre>
 * Each evidence sentence of the article's stance toward a target becomes a sentence of the holder's row
 * ({@link Holder}: a catalogue actor, the outlet's own voice, or a named speaker); the row counts its
 * sentences as FAVOR / AGAINST / NEUTRAL by score. Counting replaces, never adds, as for `mentions.daily`:
 * {@link HolderContributionDiffProcessor} diffs each article version against the rows its previous version gave,
 * and each row keeps every article's contribution by article id ({@link HolderRowAggregator}), so a re-send
 * changes nothing, a correction moves sentences, and a tombstone retracts them. No windows: rows are keyed by
 * the publication day, so a backfill lands on its day whenever it arrives.
 *
 * <p>The same `articles.enriched` feeds the daily counts; Kafka Streams merges the two source nodes of one
 * topic into one, so the topic is read once.
 */
public final class HolderStanceTopology {

    public static final String SOURCE = "holder-enriched-articles-source";
    public static final String DIFF = "holder-diff-article-contributions";
    public static final String REPARTITION = "holder-stances-by-row";

    private HolderStanceTopology() {
    }

    public static void addTo(StreamsBuilder builder, PipelineSettings settings) {
        Topics topics = settings.topics();
        Map<String, Object> serdeConfig = settings.serdeConfig();
        AvroSerde<EnrichedArticle> enrichedSerde = PipelineSerdes.value(EnrichedArticle.class, serdeConfig);
        AvroSerde<HolderArticleRows> articleRowsSerde = PipelineSerdes.value(HolderArticleRows.class, serdeConfig);
        AvroSerde<HolderContribution> contributionSerde = PipelineSerdes.value(HolderContribution.class, serdeConfig);
        AvroSerde<HolderRow> rowSerde = PipelineSerdes.value(HolderRow.class, serdeConfig);
        AvroSerde<HolderStance> stanceSerde = PipelineSerdes.value(HolderStance.class, serdeConfig);

        // The rows each article's last version gave: what the next version is diffed against.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.HOLDER_ARTICLE_ROWS), Serdes.String(), articleRowsSerde));
        // holder|target|day is served by the row store; "who speaks about X" needs target first.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.HOLDER_STANCES_BY_TARGET), Serdes.String(), stanceSerde));

        builder.stream(topics.enriched(), Consumed.with(Serdes.String(), enrichedSerde).withName(SOURCE))
                .process(() -> new HolderContributionDiffProcessor(settings.zone()), Named.as(DIFF),
                        StoreNames.HOLDER_ARTICLE_ROWS)
                .repartition(Repartitioned.<String, HolderContribution>as(REPARTITION)
                        .withKeySerde(Serdes.String()).withValueSerde(contributionSerde))
                .groupByKey()
                .aggregate(HolderRowAggregator::empty, new HolderRowAggregator(),
                        Named.as("holder-stances-aggregate"),
                        Materialized.<String, HolderRow, KeyValueStore<Bytes, byte[]>>as(
                                        StoreNames.HOLDER_STANCES_CONTRIBUTIONS)
                                .withKeySerde(Serdes.String()).withValueSerde(rowSerde))
                .mapValues(HolderStances::of, Named.as("holder-stances-to-row"),
                        Materialized.<String, HolderStance, KeyValueStore<Bytes, byte[]>>as(StoreNames.HOLDER_STANCES)
                                .withKeySerde(Serdes.String()).withValueSerde(stanceSerde))
                .toStream(Named.as("holder-stances-changes"))
                .process(IndexByTarget::new, Named.as("holder-stances-index-by-target"),
                        StoreNames.HOLDER_STANCES_BY_TARGET)
                .to(topics.holderStances(), Produced.with(Serdes.String(), stanceSerde).withName("holder-stances-sink"));
    }

    /** Writes each row also under {@code target|holder|day}, then passes it on unchanged. */
    private static final class IndexByTarget implements Processor<String, HolderStance, String, HolderStance> {
        private ProcessorContext<String, HolderStance> context;
        private KeyValueStore<String, HolderStance> byTarget;

        @Override
        public void init(ProcessorContext<String, HolderStance> context) {
            this.context = context;
            this.byTarget = context.getStateStore(StoreNames.HOLDER_STANCES_BY_TARGET);
        }

        @Override
        public void process(Record<String, HolderStance> record) {
            String[] parts = HolderKeys.parse(record.key());
            byTarget.put(parts[1] + "|" + parts[0] + "|" + parts[2], record.value());
            context.forward(record);
        }
    }
}
