package org.stancewatch.events;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The producer settings every stancewatch writer of events uses (feed, the actor catalogue, dead-letter replays, the
 * eval and bench loaders, tests): the Kafka Streams producers get the same through {@code StancewatchStreamsConfig}.
 */
public final class ProducerSettings {
    private ProducerSettings() {
    }

    /**
     * {@code base} plus acks=all, idempotence and one produce request in flight per broker.
     *
     * <p>Why one in flight: with five (the default), the first batch sent to a partition of a topic created a moment
     * earlier was sometimes never answered and expired after delivery.timeout.ms (120 s): its records were lost,
     * reported only to the send callbacks. Measured on the embedded broker (3 partitions, 1,320 records sent at once
     * right after creating the topic, 30 runs each): five in flight lost records in 7 runs (8 to 438 records), one in
     * flight in none. JoinBackOrderEndToEndTest lost the first six articles of a partition so (CI session 28, and one
     * of two runs of the pipeline suite under load in session 29), and the Streams producers had shown a related
     * broker error in `demo --once` (StancewatchStreamsConfig). Cost: one round trip per batch per broker, a limit a
     * local or same-zone broker does not reach at article sizes (BENCHMARKS.md, "Feeding articles").
     */
    public static Map<String, Object> reliable(Map<String, ?> base) {
        Map<String, Object> config = new HashMap<>(base);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        return config;
    }
}
