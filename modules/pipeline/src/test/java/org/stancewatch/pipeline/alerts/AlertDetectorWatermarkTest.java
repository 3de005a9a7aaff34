package org.stancewatch.pipeline.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.StanceShiftAlert;
import org.stancewatch.events.registry.SchemaRegistryClients;
import org.stancewatch.events.serde.AvroSerde;

/**
 * The detector's closing rule alone, deterministic (TopologyTestDriver): what the by-actor repartition topic
 * delivers when mentions.daily has 2 partitions and partition 0 runs 6 days of event time ahead - rows of both
 * partitions, each followed by its partition's watermark when it advances, as {@link InputProgressProcessor}
 * sends them. The end-to-end version (real broker, real timing) is {@link AlertsPartitioningEndToEndTest}.
 */
class AlertDetectorWatermarkTest {

    private static final String SCOPE = "alerts-watermark-test";
    private static final int LAG_DAYS = 6;

    @TempDir
    Path stateDir;

    @AfterEach
    void forgetRegistry() {
        SchemaRegistryClients.dropScope(SCOPE);
    }

    @Test
    void skewedPartitionsGiveTheAlertsOfInOrderArrival() {
        List<ActorDay> rows = AlertsPartitioningEndToEndTest.rows(true);
        List<StanceShiftAlert> inOrder = detect(1, withWatermarks(rows.stream().map(r -> KeyValue.pair(0, r)).toList()));
        assertFalse(inOrder.isEmpty(), "the scenario must produce alerts to compare");
        List<KeyValue<Integer, ActorDay>> skewed = skewed(rows);

        assertEquals(inOrder, detect(2, withWatermarks(skewed)));
        // Closing by the leading partition (what one series seeing a later day amounted to) judges days on part
        // of their rows: the same input then gives other alerts.
        List<StanceShiftAlert> byLeader = detect(1, withWatermarks(skewed.stream()
                .map(kv -> KeyValue.pair(0, kv.value)).toList()));
        assertFalse(byLeader.isEmpty());
        assertNotEquals(inOrder, byLeader);
    }

    /** Partition 0 (by the row's key) sends day d while partition 1 sends day d - LAG_DAYS. */
    private static List<KeyValue<Integer, ActorDay>> skewed(List<ActorDay> rows) {
        List<KeyValue<Integer, ActorDay>> out = new ArrayList<>();
        LocalDate first = rows.get(0).getDay();
        LocalDate last = rows.get(rows.size() - 1).getDay();
        for (LocalDate d = first; !d.isAfter(last.plusDays(LAG_DAYS)); d = d.plusDays(1)) {
            for (ActorDay r : rows) {
                int p = AlertsPartitioningEndToEndTest.partitionOf(AlertsPartitioningEndToEndTest.key(r), 2);
                if (r.getDay().equals(p == 0 ? d : d.minusDays(LAG_DAYS))) {
                    out.add(KeyValue.pair(p, r));
                }
            }
        }
        return out;
    }

    /** Each row, then its partition's watermark when the partition's newest day advances. */
    private static List<KeyValue<String, ActorDay>> withWatermarks(List<KeyValue<Integer, ActorDay>> rows) {
        Map<Integer, Long> newest = new HashMap<>();
        List<KeyValue<String, ActorDay>> out = new ArrayList<>();
        for (KeyValue<Integer, ActorDay> r : rows) {
            out.add(KeyValue.pair(AlertsPartitioningEndToEndTest.key(r.value), r.value));
            long day = r.value.getDay().toEpochDay();
            if (newest.getOrDefault(r.key, Long.MIN_VALUE) < day) {
                newest.put(r.key, day);
                out.add(KeyValue.pair(new InputWatermark(r.key, day).key(), null));
            }
        }
        return out;
    }

    private List<StanceShiftAlert> detect(int inputPartitions, List<KeyValue<String, ActorDay>> input) {
        Map<String, String> registry = Map.of("schema.registry.url", "mock://" + SCOPE);
        AvroSerde<ActorDay> daySerde = new AvroSerde<>(ActorDay.class);
        daySerde.configure(registry, false);
        AvroSerde<StanceShiftAlert> alertSerde = new AvroSerde<>(StanceShiftAlert.class);
        alertSerde.configure(registry, false);
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AlertsTopology.SERIES_STORE),
                Serdes.String(), daySerde));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AlertsTopology.SERIES_STATE_STORE),
                Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AlertsTopology.EMITTED_STORE),
                Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AlertsTopology.WATERMARK_STORE),
                Serdes.String(), Serdes.Long()));
        builder.stream("by-actor", Consumed.with(Serdes.String(), daySerde).withName("by-actor-source"))
                .process(() -> new AlertDetectorProcessor(AlertConfig.defaults(), null, null, inputPartitions),
                        Named.as(AlertsTopology.DETECTOR), AlertsTopology.SERIES_STORE, AlertsTopology.SERIES_STATE_STORE,
                        AlertsTopology.EMITTED_STORE, AlertsTopology.WATERMARK_STORE)
                .to("alerts", Produced.with(Serdes.String(), alertSerde).withName("alerts-sink"));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "alerts-watermark-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve("run-" + System.nanoTime()).toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            TestInputTopic<String, ActorDay> in = driver.createInputTopic("by-actor", Serdes.String().serializer(),
                    daySerde.serializer());
            input.forEach(kv -> in.pipeInput(kv.key, kv.value));
            return driver.createOutputTopic("alerts", Serdes.String().deserializer(), alertSerde.deserializer())
                    .readValuesToList();
        }
    }
}
