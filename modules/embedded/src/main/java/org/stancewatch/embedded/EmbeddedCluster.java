package org.stancewatch.embedded;

import java.nio.file.Path;
import java.util.Map;

/** An embedded Kafka broker plus schema registry: everything stancewatch needs on one machine. */
public final class EmbeddedCluster implements AutoCloseable {
    private static final String HOST = "127.0.0.1";

    private final EmbeddedKafkaBroker broker;
    private final EmbeddedSchemaRegistry registry;

    private EmbeddedCluster(EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry registry) {
        this.broker = broker;
        this.registry = registry;
    }

    /**
     * Starts the broker with its data under {@code dataDir/kafka}, then the registry on it.
     *
     * @param kafkaPort    the Kafka port on 127.0.0.1, 0 for a free one
     * @param registryPort the registry's HTTP port on 127.0.0.1, 0 for a free one
     */
    public static EmbeddedCluster start(Path dataDir, int kafkaPort, int registryPort) {
        return start(dataDir, kafkaPort, registryPort, Map.of());
    }

    /** As {@link #start(Path, int, int)}, with further broker settings (see {@link EmbeddedKafkaBroker#start(Path, int, Map)}). */
    public static EmbeddedCluster start(Path dataDir, int kafkaPort, int registryPort, Map<String, String> brokerOverrides) {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), kafkaPort, brokerOverrides);
        try {
            return new EmbeddedCluster(broker,
                    EmbeddedSchemaRegistry.start(broker.bootstrapServers(), HOST, registryPort));
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    /** Stops the registry, then the broker it writes to. */
    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            broker.close();
        }
    }
}
