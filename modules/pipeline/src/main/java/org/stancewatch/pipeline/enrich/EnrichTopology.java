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
import org.stancewatch.pipeline.internal.DedupPending;
import org.stancewatch.pipeline.internal.DedupProbe;
import org.stancewatch.pipeline.internal.DedupVerdict;

/**
 * `articles` -> `articles.enriched`, with the live actor catalogue from `actors`.
 *
 * <pre>
 *   actors ──> [actors-store] (global) ──> LiveCatalogue
 *
 *   articles (bytes) ──> decode-and-validate-article ──┬─ rejected ───────────────────────┐
 *                                                      └─ valid ──> enrich-article ──┬─ rejected ──┴─> articles.rejected
 *                                                                                    └─ enriched ──> dedup-fan-out-bands [dedup-article-state]
 *      ┌──────────────────────────────────────────────────────────────────────────────────────────────┴──────────┐
 *      │ one probe per SimHash band, keyed b&lt;band&gt;|&lt;value&gt;                                     the article, keyed by id
 *      └─> repartition enrich-dedup-bands ──> dedup-match-band [dedup-band-index]                            │
 *          ──> verdict keyed by article id ──> repartition enrich-dedup-verdicts ──┐   repartition enrich-dedup-articles
 *                                                                                   └──> link-near-duplicates [dedup-pending, dedup-pending-articles, dedup-release-order]
 *                                                                                        ──> articles.enriched
 * </pre>
 * Copies of one story arrive under different ids, hence on different partitions; they meet on the partition of
 * a band value they share (two SimHashes within distance 3 share one of the 4 bands), so no step is funnelled
 * through one partition. See NearDuplicateRule for which article a copy links to.
 */
public final class EnrichTopology {

    public static final String SOURCE = "articles-source";
    public static final String DECODE = "decode-and-validate-article";
    public static final String ENRICH = "enrich-article";
    public static final String DEDUP_FAN_OUT = "dedup-fan-out-bands";
    public static final String DEDUP_BANDS_REPARTITION = "enrich-dedup-bands";
    public static final String DEDUP_MATCH_BAND = "dedup-match-band";
    public static final String DEDUP_VERDICTS_REPARTITION = "enrich-dedup-verdicts";
    public static final String DEDUP_ARTICLES_REPARTITION = "enrich-dedup-articles";
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
        AvroSerde<Actor> actorSerde = PipelineSerdes.value(Actor.class, serdeConfig);

        // The live catalogue: every instance reads all of `actors`; changes apply to the next article.
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.ACTORS),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                topics.actors(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(ACTORS_SOURCE),
                () -> new CatalogueUpdateProcessor(catalogue, actorSerde.deserializer(), topics.actors()));

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

        KStream<String, EnrichedArticle> enrichedOk = enrichedBranches.get("enriched-ok")
                .mapValues(Outcome::value, Named.as("unwrap-enriched"));
        addNearDuplicateLinking(builder, enrichedOk, settings, enrichedSerde, serdeConfig)
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

    /**
     * Near-duplicate linking spread over all partitions: fan out to one probe per SimHash band (keyed by band
     * value, so copies meet on the partition of a band they share), match there, and join the verdicts back with
     * the article by id. No repartition has a fixed partition count: each follows `articles`.
     */
    private static KStream<String, EnrichedArticle> addNearDuplicateLinking(
            StreamsBuilder builder, KStream<String, EnrichedArticle> enriched, PipelineSettings settings,
            AvroSerde<EnrichedArticle> enrichedSerde, Map<String, Object> serdeConfig) {
        AvroSerde<DedupProbe> probeSerde = PipelineSerdes.value(DedupProbe.class, serdeConfig);
        AvroSerde<DedupVerdict> verdictSerde = PipelineSerdes.value(DedupVerdict.class, serdeConfig);
        AvroSerde<DedupPending> pendingSerde = PipelineSerdes.value(DedupPending.class, serdeConfig);
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.DEDUP_ARTICLES),
                Serdes.String(), probeSerde));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.DEDUP_BAND_INDEX),
                Serdes.String(), probeSerde));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.DEDUP_PENDING),
                Serdes.String(), pendingSerde));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.DEDUP_PENDING_ARTICLES), Serdes.String(), enrichedSerde));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.DEDUP_RELEASE_ORDER), Serdes.String(), Serdes.String()));
        KStream<String, NearDuplicateFanOutProcessor.Out> fannedOut = enriched.process(
                () -> new NearDuplicateFanOutProcessor(settings.zone(), settings.dedupRetention()),
                Named.as(DEDUP_FAN_OUT), StoreNames.DEDUP_ARTICLES);
        Map<String, KStream<String, NearDuplicateFanOutProcessor.Out>> fanned = fannedOut
                .split(Named.as("dedup-fanned-"))
                .branch((key, out) -> out.isProbe(), Branched.as("probe"))
                .defaultBranch(Branched.as("article"));

        KStream<String, NearDuplicateProcessor.In> verdicts = fanned.get("dedup-fanned-probe")
                .mapValues(NearDuplicateFanOutProcessor.Out::probe, Named.as("dedup-unwrap-probe"))
                .repartition(Repartitioned.<String, DedupProbe>as(DEDUP_BANDS_REPARTITION)
                        .withKeySerde(Serdes.String()).withValueSerde(probeSerde))
                .process(() -> new NearDuplicateBandProcessor(settings.dedupRetention()),
                        Named.as(DEDUP_MATCH_BAND), StoreNames.DEDUP_BAND_INDEX)
                .repartition(Repartitioned.<String, DedupVerdict>as(DEDUP_VERDICTS_REPARTITION)
                        .withKeySerde(Serdes.String()).withValueSerde(verdictSerde))
                .mapValues(NearDuplicateProcessor.In::verdict, Named.as("dedup-wrap-verdict"));

        KStream<String, NearDuplicateProcessor.In> articles = fanned.get("dedup-fanned-article")
                .mapValues(NearDuplicateFanOutProcessor.Out::article, Named.as("dedup-unwrap-article"))
                .repartition(Repartitioned.<String, EnrichedArticle>as(DEDUP_ARTICLES_REPARTITION)
                        .withKeySerde(Serdes.String()).withValueSerde(enrichedSerde))
                .mapValues(NearDuplicateProcessor.In::article, Named.as("dedup-wrap-article"));

        return articles
                .merge(verdicts, Named.as("dedup-articles-and-verdicts"))
                .process(() -> new NearDuplicateProcessor(settings.dedupRetention()),
                        Named.as(DEDUP), StoreNames.DEDUP_PENDING, StoreNames.DEDUP_PENDING_ARTICLES,
                        StoreNames.DEDUP_RELEASE_ORDER);
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
