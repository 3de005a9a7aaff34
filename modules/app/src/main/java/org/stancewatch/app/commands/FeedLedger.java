package org.stancewatch.app.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.stancewatch.app.ConnectionOptions.Endpoints;

/**
 * Where `feed` keeps the ids it sent: one ledger per target cluster and topic,
 * {@code <data-dir>/sent-ids/<cluster id>/<topic>.txt}. The cluster id is the broker's own
 * ({@code describeCluster().clusterId()}), so a fresh or wiped cluster starts with an empty ledger even at the same
 * address, and feeding the same data directory's ids to another cluster is not reported as a re-send.
 *
 * <p>Before this, one {@code <data-dir>/sent-ids.txt} served every cluster. It is migrated once to the embedded
 * cluster of its data directory (the cluster it was almost always written for); against an external cluster it is
 * left alone and unused.
 */
final class FeedLedger {
    static final String LEGACY_FILE = "sent-ids.txt";
    static final String DIRECTORY = "sent-ids";

    private FeedLedger() {}

    /** The ledger file for this cluster and topic, or null (no re-send detection) when the cluster id is unknown. */
    static Path resolve(Path dataDir, Endpoints endpoints, String topic) {
        String clusterId = clusterId(endpoints);
        if (clusterId == null) {
            return null;
        }
        Path file = file(dataDir, clusterId, topic);
        if (endpoints.embedded()) {
            migrateLegacy(dataDir, file);
        }
        return file;
    }

    static Path file(Path dataDir, String clusterId, String topic) {
        return dataDir.resolve(DIRECTORY).resolve(safe(clusterId)).resolve(safe(topic) + ".txt");
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String clusterId(Endpoints endpoints) {
        try (Admin admin = Admin.create(Map.<String, Object>of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000))) {
            String id = admin.describeCluster().clusterId().get(15, TimeUnit.SECONDS);
            return id == null || id.isBlank() ? null : id;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            // Sending will report the real problem; without the id, re-sends are simply not counted.
            System.err.println("feed: could not read the cluster id of " + endpoints.bootstrapServers() + " ("
                    + e.getMessage() + "); re-sent articles will not be counted as such in this run");
            return null;
        }
    }

    private static void migrateLegacy(Path dataDir, Path target) {
        Path legacy = dataDir.resolve(LEGACY_FILE);
        if (!Files.isRegularFile(legacy) || Files.exists(target)) {
            return;
        }
        try {
            Files.createDirectories(target.getParent());
            Files.move(legacy, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            System.err.println("feed: could not move the old ledger " + legacy + " to " + target + " ("
                    + e.getMessage() + "); ids sent before are not counted as re-sends");
        }
    }
}
