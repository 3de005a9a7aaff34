package org.stancewatch.pipeline.alerts;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.StanceShiftAlert;
import org.stancewatch.events.Topics;

/**
 * The alert topology: {@code mentions.daily} (ActorDay) -> detector -> {@code alerts.stance}
 * (StanceShiftAlert keyed by actor id). Optionally reads {@code articles.enriched} into a global
 * table so alerts carry titles and stance sentences; every processor, store and internal topic is named.
 *
 * <pre>
 *   mentions.daily ──> alerts-input-progress [alerts-input-progress] ──> repartition alerts-by-actor
 *       (rows to their actor's partition, watermarks to every partition)
 *   ──> alerts-detector [alerts-series-days, alerts-series-state, alerts-emitted, alerts-input-watermarks] ──> alerts.stance
 * </pre>
 * {@code mentions.daily} is keyed {@code actorId|day[|outlet]}, so one actor's days are spread over all its
 * partitions; the repartition by actor gives one detector task every day of a series. A day is judged only
 * once every input partition has passed it (see {@link AlertDetectorProcessor}), so partitions that drift
 * apart in event time never get a day judged on part of its rows.
 *
 * <p>Inside the pipeline the alerts do not read {@code mentions.daily} but the daily counts' own stream
 * ({@link #addTo(StreamsBuilder, KStream, AlertConfig, Topics, Supplier, Serde, Serde, int)}): its watermarks come from
 * {@code articles.enriched}'s partitions, so a day also waits for the articles still on their way to the counts.
 */
public final class AlertsTopology {

    public static final String SOURCE = "alerts-mentions-daily-source";
    public static final String INPUT_PROGRESS = "alerts-input-progress";
    /** Repartition topic {@code <application.id>-alerts-by-actor-repartition}. */
    public static final String BY_ACTOR_REPARTITION = "alerts-by-actor";
    public static final String DETECTOR = "alerts-detector";
    public static final String SINK = "alerts-stance-sink";
    public static final String SERIES_STORE = "alerts-series-days";
    public static final String SERIES_STATE_STORE = "alerts-series-state";
    public static final String EMITTED_STORE = "alerts-emitted";
    /** Newest day seen on this task's {@code mentions.daily} partition. */
    public static final String INPUT_PROGRESS_STORE = "alerts-input-progress";
    /** Per detector task: newest day of every {@code mentions.daily} partition (from the watermarks). */
    public static final String WATERMARK_STORE = "alerts-input-watermarks";
    public static final String ENRICHED_SOURCE = "alerts-enriched-articles-source";
    public static final String ENRICHED_STORE = "alerts-enriched-articles";

    private AlertsTopology() {
    }

    /** How alerts find the articles behind them. */
    public enum Evidence {
        /** Ids only (use when another part of the same topology already reads {@code articles.enriched}). */
        IDS_ONLY,
        /** A global table {@value #ENRICHED_STORE} over {@code articles.enriched}: titles and sentences. */
        GLOBAL_TABLE
    }

    /**
     * A stand-alone topology over a {@code mentions.daily} of one partition (e.g. a TopologyTestDriver); see
     * {@link #build(Topics, AlertConfig, Evidence, Serde, Serde, Serde, int)}.
     */
    public static Topology build(Topics topics, AlertConfig config, Evidence evidence, Serde<ActorDay> actorDaySerde,
                                 Serde<EnrichedArticle> enrichedSerde, Serde<StanceShiftAlert> alertSerde) {
        return build(topics, config, evidence, actorDaySerde, enrichedSerde, alertSerde, 1);
    }

    /**
     * A stand-alone topology, e.g. for a separate alerts application. {@code inputPartitions} is the number of
     * partitions of {@code mentions.daily}: a day closes only once all of them have passed it.
     */
    public static Topology build(Topics topics, AlertConfig config, Evidence evidence, Serde<ActorDay> actorDaySerde,
                                 Serde<EnrichedArticle> enrichedSerde, Serde<StanceShiftAlert> alertSerde,
                                 int inputPartitions) {
        StreamsBuilder builder = new StreamsBuilder();
        addTo(builder, topics, config, evidence, actorDaySerde, enrichedSerde, alertSerde, inputPartitions);
        return builder.build();
    }

    /**
     * Adds the alert sub-topology to {@code builder}. {@code enrichedSerde} is only used with
     * {@link Evidence#GLOBAL_TABLE} and may be null otherwise. {@code inputPartitions}: partitions of
     * {@code mentions.daily}.
     */
    public static void addTo(StreamsBuilder builder, Topics topics, AlertConfig config, Evidence evidence,
                             Serde<ActorDay> actorDaySerde, Serde<EnrichedArticle> enrichedSerde,
                             Serde<StanceShiftAlert> alertSerde, int inputPartitions) {
        String enrichedStore = null;
        if (evidence == Evidence.GLOBAL_TABLE) {
            if (enrichedSerde == null) {
                throw new IllegalArgumentException("Evidence.GLOBAL_TABLE needs a serde for EnrichedArticle");
            }
            builder.globalTable(topics.enriched(),
                    Consumed.with(Serdes.String(), enrichedSerde).withName(ENRICHED_SOURCE),
                    Materialized.<String, EnrichedArticle, KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]>>as(ENRICHED_STORE)
                            .withKeySerde(Serdes.String()).withValueSerde(enrichedSerde));
            enrichedStore = ENRICHED_STORE;
        }
        addDetector(builder, topics, config, enrichedStore, null, actorDaySerde, alertSerde, inputPartitions);
    }

    /**
     * Adds the alert sub-topology with evidence from {@code lookup}, called once per stream task.
     * For a topology that already reads {@code articles.enriched} (so no global table can), e.g. a
     * lookup through interactive queries on the pipeline's {@code articles-store}; such a lookup
     * only sees articles of local partitions, which is all of them on a single instance.
     */
    public static void addTo(StreamsBuilder builder, Topics topics, AlertConfig config, Supplier<EvidenceLookup> lookup,
                             Serde<ActorDay> actorDaySerde, Serde<StanceShiftAlert> alertSerde, int inputPartitions) {
        addDetector(builder, topics, config, null, Objects.requireNonNull(lookup, "lookup"), actorDaySerde, alertSerde,
                inputPartitions);
    }

    /**
     * Adds the alert sub-topology behind the daily counts of the same topology: {@code dailyWithWatermarks} is what
     * {@code DailyMentionsTopology.addTo} returns, the rows and the counting tasks' {@link InputWatermark}s, and
     * {@code watermarkSources} the number of counting tasks (partitions of {@code articles.enriched}). A day
     * closes only when every {@code articles.enriched} partition has passed it and its counts have arrived.
     */
    public static void addTo(StreamsBuilder builder, KStream<String, ActorDay> dailyWithWatermarks, AlertConfig config,
                             Topics topics, Supplier<EvidenceLookup> lookup, Serde<ActorDay> actorDaySerde,
                             Serde<StanceShiftAlert> alertSerde, int watermarkSources) {
        checkSources(watermarkSources, "counting tasks (partitions of " + topics.enriched() + ")");
        addDetectorStores(builder, actorDaySerde);
        detect(dailyWithWatermarks, topics, config, null, Objects.requireNonNull(lookup, "lookup"), actorDaySerde,
                alertSerde, watermarkSources);
    }

    private static void addDetector(StreamsBuilder builder, Topics topics, AlertConfig config, String enrichedStore,
                                    Supplier<EvidenceLookup> lookup, Serde<ActorDay> actorDaySerde,
                                    Serde<StanceShiftAlert> alertSerde, int inputPartitions) {
        checkSources(inputPartitions, "partitions of " + topics.mentionsDaily());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(INPUT_PROGRESS_STORE),
                Serdes.String(), Serdes.Long()));
        addDetectorStores(builder, actorDaySerde);
        KStream<String, ActorDay> withWatermarks = builder
                .stream(topics.mentionsDaily(), Consumed.with(Serdes.String(), actorDaySerde).withName(SOURCE))
                .process(InputProgressProcessor::new, Named.as(INPUT_PROGRESS), INPUT_PROGRESS_STORE);
        detect(withWatermarks, topics, config, enrichedStore, lookup, actorDaySerde, alertSerde, inputPartitions);
    }

    private static void checkSources(int sources, String what) {
        if (sources < 1) {
            throw new IllegalArgumentException("the alerts need the number of " + what + ", at least 1, got " + sources);
        }
    }

    private static void addDetectorStores(StreamsBuilder builder, Serde<ActorDay> actorDaySerde) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WATERMARK_STORE),
                Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SERIES_STORE),
                Serdes.String(), actorDaySerde));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SERIES_STATE_STORE),
                Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EMITTED_STORE),
                Serdes.String(), Serdes.String()));
    }

    /** Rows and watermarks of {@code sources} upstream partitions -> by-actor repartition -> detector -> alerts. */
    private static void detect(KStream<String, ActorDay> withWatermarks, Topics topics, AlertConfig config,
                               String enrichedStore, Supplier<EvidenceLookup> lookup, Serde<ActorDay> actorDaySerde,
                               Serde<StanceShiftAlert> alertSerde, int sources) {
        withWatermarks
                // Regroup by actor: without it each task's detector sees only the days whose key hashes to its
                // partition. The partition count follows the upstream step's.
                .repartition(Repartitioned.<String, ActorDay>as(BY_ACTOR_REPARTITION)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(actorDaySerde)
                        .withStreamPartitioner(new ByActorPartitioner()))
                .process(() -> new AlertDetectorProcessor(config, enrichedStore, lookup, sources),
                        Named.as(DETECTOR), SERIES_STORE, SERIES_STATE_STORE, EMITTED_STORE, WATERMARK_STORE)
                .to(topics.alerts(), Produced.with(Serdes.String(), alertSerde).withName(SINK));
    }

    /**
     * Reads articles from the global table's store (a timestamped key-value store). The articles behind a row are
     * found by scanning it for the articles that mention the actor on that day (UTC) and outlet: rows carry counts
     * only, and a stand-alone alerts application has no contributions store. Alerts are rare, so a scan per
     * alerted window is affordable; the pipeline's own alerts use its contributions store instead.
     */
    @SuppressWarnings("unchecked")
    static EvidenceLookup lookupFrom(Object store) {
        java.util.function.Function<String, Optional<EnrichedArticle>> get;
        java.util.function.Supplier<org.apache.kafka.streams.state.KeyValueIterator<String, ?>> all;
        if (store instanceof TimestampedKeyValueStore<?, ?> timestamped) {
            TimestampedKeyValueStore<String, EnrichedArticle> s = (TimestampedKeyValueStore<String, EnrichedArticle>) timestamped;
            get = id -> Optional.ofNullable(s.get(id)).map(ValueAndTimestamp::value);
            all = s::all;
        } else if (store instanceof KeyValueStore<?, ?> plain) {
            KeyValueStore<String, Object> s = (KeyValueStore<String, Object>) plain;
            get = id -> Optional.ofNullable(unwrap(s.get(id)));
            all = s::all;
        } else {
            throw new IllegalStateException("Store " + ENRICHED_STORE + " is a " + store.getClass().getName()
                    + ", not a key-value store of EnrichedArticle");
        }
        return new EvidenceLookup() {
            @Override
            public Optional<EnrichedArticle> find(String articleId) {
                return get.apply(articleId);
            }

            @Override
            public java.util.List<String> articleIds(String actorId, java.time.LocalDate day, String outlet) {
                java.util.List<String> ids = new java.util.ArrayList<>();
                try (org.apache.kafka.streams.state.KeyValueIterator<String, ?> it = all.get()) {
                    while (it.hasNext()) {
                        var kv = it.next();
                        EnrichedArticle a = unwrap(kv.value);
                        if (a != null && day.equals(org.stancewatch.pipeline.EventTime.day(a, java.time.ZoneOffset.UTC))
                                && (outlet == null || outlet.equals(a.getOutlet()))
                                && (a.getMentions().stream().anyMatch(m -> m.getActorId().equals(actorId))
                                    || a.getStances().stream().anyMatch(st -> st.getActorId().equals(actorId)))) {
                            ids.add(kv.key);
                        }
                    }
                }
                java.util.Collections.sort(ids);
                return ids;
            }
        };
    }

    private static EnrichedArticle unwrap(Object v) {
        return (EnrichedArticle) (v instanceof ValueAndTimestamp<?> vt ? vt.value() : v);
    }
}
