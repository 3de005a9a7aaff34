package org.stancewatch.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.stancewatch.app.ConnectionOptions.Endpoints;
import org.stancewatch.embedded.EmbeddedCluster;

/**
 * The Kafka cluster and schema registry a server command works against: the embedded pair under the
 * data directory, or an external cluster when the connection options name one.
 */
public final class Infrastructure implements AutoCloseable {

    private final EmbeddedCluster embedded;
    private final Endpoints endpoints;
    private final Path dataDir;

    private Infrastructure(EmbeddedCluster embedded, Endpoints endpoints, Path dataDir) {
        this.embedded = embedded;
        this.endpoints = endpoints;
        this.dataDir = dataDir;
    }

    /** Starts the embedded broker + registry unless the options point at an external cluster. */
    public static Infrastructure start(ConnectionOptions connection, int kafkaPort, int registryPort) {
        connection.validate();
        Path dataDir = connection.dataDir();
        if (connection.external()) {
            return new Infrastructure(null, new Endpoints(connection.bootstrapServers, connection.schemaRegistryUrl,
                    connection.schemaRegistryAuth, false), dataDir);
        }
        Ports.require(kafkaPort, "--kafka-port");
        Ports.require(registryPort, "--registry-port");
        EmbeddedCluster cluster;
        try {
            cluster = EmbeddedCluster.start(dataDir.resolve("cluster"), kafkaPort, registryPort);
        } catch (RuntimeException e) {
            throw new IllegalStateException("could not start the embedded Kafka broker and schema registry in "
                    + dataDir.resolve("cluster") + " (is another `stancewatch run` using this --data-dir?)", e);
        }
        Endpoints endpoints = new Endpoints(cluster.bootstrapServers(), cluster.registryUrl(),
                connection.schemaRegistryAuth, true);
        try {
            ConnectionOptions.writeEndpoints(dataDir, endpoints);
        } catch (IOException e) {
            cluster.close();
            throw new UncheckedIOException("cannot write " + dataDir.resolve(ConnectionOptions.ENDPOINTS_FILE), e);
        }
        return new Infrastructure(cluster, endpoints, dataDir);
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    public boolean embedded() {
        return embedded != null;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        if (embedded != null) {
            ConnectionOptions.removeEndpoints(dataDir);
            embedded.close();
        }
    }
}
