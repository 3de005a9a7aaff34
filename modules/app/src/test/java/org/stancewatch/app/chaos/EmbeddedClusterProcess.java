package org.stancewatch.app.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.stancewatch.embedded.EmbeddedCluster;

/**
 * A JVM running nothing but {@link EmbeddedCluster} on a data directory, so a test can SIGKILL the broker
 * and registry without the NLP. When ready it writes {@code <dataDir>/ready.properties} (bootstrap.servers,
 * schema.registry.url) atomically, then runs until killed.
 */
public final class EmbeddedClusterProcess {

    static final String READY_FILE = "ready.properties";

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        EmbeddedCluster cluster = EmbeddedCluster.start(dataDir, 0, 0);
        Path tmp = dataDir.resolve(READY_FILE + ".tmp");
        Files.write(tmp, List.of("bootstrap.servers=" + cluster.bootstrapServers(),
                "schema.registry.url=" + cluster.registryUrl()));
        Files.move(tmp, dataDir.resolve(READY_FILE), StandardCopyOption.ATOMIC_MOVE);
        Thread.currentThread().join(); // until SIGKILL
    }
}
