package org.stancewatch.pipeline.alerts;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
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
 * table so alerts carry titles and stance sentences; every processor and store is named.
 */
public final class AlertsTopology {

    public static final String SOURCE = "alerts-mentions-daily-source";
    public static final String DETECTOR = "alerts-detector";
    public static final String SINK = "alerts-stance-sink";
    public static final String SERIES_STORE = "alerts-series-days";
    public static final String SERIES_STATE_STORE = "alerts-series-state";
    public static final String EMITTED_STORE = "alerts-emitted";
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

    /** A stand-alone topology, e.g. for a separate alerts application or a TopologyTestDriver. */
    public static Topology build(Topics topics, AlertConfig config, Evidence evidence, Serde<ActorDay> actorDaySerde,
                                 Serde<EnrichedArticle> enrichedSerde, Serde<StanceShiftAlert> alertSerde) {
        StreamsBuilder builder = new StreamsBuilder();
        addTo(builder, topics, config, evidence, actorDaySerde, enrichedSerde, alertSerde);
        return builder.build();
    }

    /**
     * Adds the alert sub-topology to {@code builder}. {@code enrichedSerde} is only used with
     * {@link Evidence#GLOBAL_TABLE} and may be null otherwise.
     */
    public static void addTo(StreamsBuilder builder, Topics topics, AlertConfig config, Evidence evidence,
                             Serde<ActorDay> actorDaySerde, Serde<EnrichedArticle> enrichedSerde,
                             Serde<StanceShiftAlert> alertSerde) {
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
        addDetector(builder, topics, config, enrichedStore, null, actorDaySerde, alertSerde);
    }

    /**
     * Adds the alert sub-topology with evidence from {@code lookup}, called once per stream task.
     * For a topology that already reads {@code articles.enriched} (so no global table can), e.g. a
     * lookup through interactive queries on the pipeline's {@code articles-store}; such a lookup
     * only sees articles of local partitions, which is all of them on a single instance.
     */
    public static void addTo(StreamsBuilder builder, Topics topics, AlertConfig config, Supplier<EvidenceLookup> lookup,
                             Serde<ActorDay> actorDaySerde, Serde<StanceShiftAlert> alertSerde) {
        addDetector(builder, topics, config, null, Objects.requireNonNull(lookup, "lookup"), actorDaySerde, alertSerde);
    }

    private static void addDetector(StreamsBuilder builder, Topics topics, AlertConfig config, String enrichedStore,
                                    Supplier<EvidenceLookup> lookup, Serde<ActorDay> actorDaySerde,
                                    Serde<StanceShiftAlert> alertSerde) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SERIES_STORE),
                Serdes.String(), actorDaySerde));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SERIES_STATE_STORE),
                Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EMITTED_STORE),
                Serdes.String(), Serdes.String()));
        builder.stream(topics.mentionsDaily(), Consumed.with(Serdes.String(), actorDaySerde).withName(SOURCE))
                .process(() -> new AlertDetectorProcessor(config, enrichedStore, lookup), Named.as(DETECTOR),
                        SERIES_STORE, SERIES_STATE_STORE, EMITTED_STORE)
                .to(topics.alerts(), Produced.with(Serdes.String(), alertSerde).withName(SINK));
    }

    /** Reads articles from the global table's store (a timestamped key-value store). */
    @SuppressWarnings("unchecked")
    static EvidenceLookup lookupFrom(Object store) {
        if (store instanceof TimestampedKeyValueStore<?, ?> timestamped) {
            TimestampedKeyValueStore<String, EnrichedArticle> s = (TimestampedKeyValueStore<String, EnrichedArticle>) timestamped;
            return id -> Optional.ofNullable(s.get(id)).map(ValueAndTimestamp::value);
        }
        if (store instanceof KeyValueStore<?, ?> plain) {
            KeyValueStore<String, Object> s = (KeyValueStore<String, Object>) plain;
            return id -> {
                Object v = s.get(id);
                if (v instanceof ValueAndTimestamp<?> vt) {
                    v = vt.value();
                }
                return Optional.ofNullable((EnrichedArticle) v);
            };
        }
        throw new IllegalStateException("Store " + ENRICHED_STORE + " is a " + store.getClass().getName()
                + ", not a key-value store of EnrichedArticle");
    }
}
