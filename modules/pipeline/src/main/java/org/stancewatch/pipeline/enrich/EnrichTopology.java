package org.stancewatch.pipeline.enrich;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.stancewatch.events.Actor;
import org.stancewatch.events.Article;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.RejectedRecord;
import org.stancewatch.events.Topics;
import org.stancewatch.events.serde.AvroSerde;
import org.stancewatch.pipeline.PipelineSerdes;
import org.stancewatch.pipeline.PipelineSettings;
import org.stancewatch.pipeline.StoreNames;
import org.stancewatch.pipeline.catalogue.CatalogueUpdateProcessor;
import org.stancewatch.pipeline.catalogue.LiveCatalogue;
import org.stancewatch.pipeline.internal.SimhashEntry;

/**
 * `articles` -> `articles.enriched`, with the live actor catalogue from `actors`.
 *
 * <pre>
 *   actors ──> [actors-store] (global) ──> LiveCatalogue
 *
 *   articles (bytes) ──> decode-and-validate-article ──┬─ rejected ───────────────────────┐
 *                                                      └─ valid ──> enrich-article ──┬─ rejected ──┴─> articles.rejected
 *                                                                                    └─ enriched ──> (repartition to ONE partition: enrich-dedup)
 *                                                                                                    ──> link-near-duplicates [article-simhash-store]
 *                                                                                                    ──> articles.enriched
 * </pre>
 * The expensive analysis runs on every partition in parallel; only the cheap SimHash lookup is funnelled
 * through one partition, because copies of one story arrive under different ids, on different partitions.
 */
public final class EnrichTopology {

    public static final String SOURCE = "articles-source";
    public static final String DECODE = "decode-and-validate-article";
    public static final String ENRICH = "enrich-article";
    public static final String DEDUP_REPARTITION = "enrich-dedup";
    public static final String DEDUP = "link-near-duplicates";
    public static final String ENRICHED_SINK = "articles-enriched-sink";
    public static final String REJECTED_SINK = "articles-rejected-sink";
    public static final String ACTORS_SOURCE = "actors-source";

    private EnrichTopology() {
    }

    public static void addTo(StreamsBuilder builder, PipelineSettings settings, LiveCatalogue catalogue, Clock clock) {
        Topics topics = settings.topics();
        Map<String, Object> serdeConfig = settings.serdeConfig();
        AvroSerde<Article> articleSerde = PipelineSerdes.value(Article.class, serdeConfig);
        AvroSerde<EnrichedArticle> enrichedSerde = PipelineSerdes.value(EnrichedArticle.class, serdeConfig);
        AvroSerde<RejectedRecord> rejectedSerde = PipelineSerdes.value(RejectedRecord.class, serdeConfig);
        AvroSerde<SimhashEntry> simhashSerde = PipelineSerdes.value(SimhashEntry.class, serdeConfig);
        AvroSerde<Actor> actorSerde = PipelineSerdes.value(Actor.class, serdeConfig);

        // The live catalogue: every instance reads all of `actors`; changes apply to the next article.
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.ACTORS),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                topics.actors(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(ACTORS_SOURCE),
                () -> new CatalogueUpdateProcessor(catalogue, actorSerde.deserializer(), topics.actors()));

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.SIMHASHES),
                Serdes.String(), simhashSerde));

        // Raw bytes in, so an unreadable record is a dead letter written in this transaction, not a source error.
        KStream<String, Outcome<Article>> decoded = builder
                .stream(topics.articles(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(SOURCE))
                .process(() -> new DecodeArticleProcessor(articleSerde.deserializer(),
                        new ArticleValidator(settings.maxBodyChars(), clock)), Named.as(DECODE));

        Map<String, KStream<String, Outcome<Article>>> decodedBranches = decoded
                .split(Named.as("decoded-"))
                .branch((id, outcome) -> outcome.isRejected(), Branched.as("rejected"))
                .defaultBranch(Branched.as("valid"));

        KStream<String, Outcome<EnrichedArticle>> enriched = decodedBranches.get("decoded-valid")
                .process(() -> new EnrichProcessor(catalogue, settings.zone(), clock), Named.as(ENRICH));

        Map<String, KStream<String, Outcome<EnrichedArticle>>> enrichedBranches = enriched
                .split(Named.as("enriched-"))
                .branch((id, outcome) -> outcome.isRejected(), Branched.as("rejected"))
                .defaultBranch(Branched.as("ok"));

        enrichedBranches.get("enriched-ok")
                .mapValues(Outcome::value, Named.as("unwrap-enriched"))
                .repartition(Repartitioned.<String, EnrichedArticle>as(DEDUP_REPARTITION)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(enrichedSerde)
                        .withNumberOfPartitions(1))
                .process(() -> new NearDuplicateProcessor(settings.zone(), settings.dedupRetention()),
                        Named.as(DEDUP), StoreNames.SIMHASHES)
                .to(topics.enriched(), Produced.with(Serdes.String(), enrichedSerde).withName(ENRICHED_SINK));

        KStream<byte[], RejectedRecord> decodeRejections = decodedBranches.get("decoded-rejected")
                .map((id, outcome) -> KeyValue.pair(sourceKey(outcome.rejection()), outcome.rejection()),
                        Named.as("decode-rejections"));
        KStream<byte[], RejectedRecord> enrichRejections = enrichedBranches.get("enriched-rejected")
                .map((id, outcome) -> KeyValue.pair(sourceKey(outcome.rejection()), outcome.rejection()),
                        Named.as("enrich-rejections"));
        decodeRejections
                .merge(enrichRejections, Named.as("all-rejections"))
                .to(topics.rejected(), Produced.with(Serdes.ByteArray(), rejectedSerde).withName(REJECTED_SINK));
    }

    /** Dead letters are keyed by the source record's own key bytes. */
    private static byte[] sourceKey(RejectedRecord rejection) {
        if (rejection.getKey() == null) {
            return null;
        }
        ByteBuffer buf = rejection.getKey().duplicate();
        byte[] bytes = new byte[buf.remaining()];
        buf.get(bytes);
        return bytes;
    }
}
