package org.stancewatch.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Where the Kafka cluster and schema registry are. Explicit options or STANCEWATCH_* variables
 * select an external cluster; otherwise commands use the embedded one that {@code stancewatch run}
 * started on the same data directory (it records its addresses in {@value #ENDPOINTS_FILE}).
 */
public final class ConnectionOptions {

    static final String ENDPOINTS_FILE = "endpoints.properties";

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...",
            defaultValue = "${env:STANCEWATCH_BOOTSTRAP_SERVERS}",
            description = "External Kafka cluster (env STANCEWATCH_BOOTSTRAP_SERVERS). Default: the embedded one.")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            defaultValue = "${env:STANCEWATCH_SCHEMA_REGISTRY_URL}",
            description = "External Confluent-compatible schema registry (env STANCEWATCH_SCHEMA_REGISTRY_URL).")
    String schemaRegistryUrl;

    @Option(names = "--schema-registry-auth", paramLabel = "USER:PASSWORD",
            defaultValue = "${env:STANCEWATCH_SCHEMA_REGISTRY_AUTH}",
            description = "Basic auth for the registry (basic.auth.user.info; env STANCEWATCH_SCHEMA_REGISTRY_AUTH).")
    String schemaRegistryAuth;

    @Option(names = "--data-dir", paramLabel = "DIR",
            defaultValue = "${env:STANCEWATCH_DATA_DIR:-stancewatch-data}",
            description = "Where the embedded broker, registry and state live (env STANCEWATCH_DATA_DIR; default: ${DEFAULT-VALUE}).")
    Path dataDir;

    /** Options for the embedded cluster under {@code dataDir} (the demo's own throwaway directory). */
    public static ConnectionOptions embeddedAt(Path dataDir) {
        ConnectionOptions o = new ConnectionOptions();
        o.dataDir = dataDir;
        return o;
    }

    public Path dataDir() {
        return dataDir.toAbsolutePath();
    }

    public boolean external() {
        return bootstrapServers != null && !bootstrapServers.isBlank();
    }

    public void validate() {
        if (external() && (schemaRegistryUrl == null || schemaRegistryUrl.isBlank())) {
            throw new UserException("--bootstrap-servers points at an external cluster, so --schema-registry-url "
                    + "(or STANCEWATCH_SCHEMA_REGISTRY_URL) is needed too");
        }
    }

    /** Endpoints for client commands: explicit ones, else those `run` recorded in the data directory. */
    public Endpoints resolveRunning() {
        validate();
        if (external()) {
            return new Endpoints(bootstrapServers, schemaRegistryUrl, schemaRegistryAuth, false);
        }
        Path file = dataDir().resolve(ENDPOINTS_FILE);
        if (!Files.isRegularFile(file)) {
            throw new UserException("no stancewatch cluster found: " + file + " does not exist. Start one with "
                    + "`./stancewatch run` (same --data-dir), or pass --bootstrap-servers and --schema-registry-url");
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + e.getMessage());
        }
        return new Endpoints(p.getProperty("bootstrap.servers"), p.getProperty("schema.registry.url"),
                schemaRegistryAuth, true);
    }

    static void writeEndpoints(Path dataDir, Endpoints endpoints) throws IOException {
        Files.createDirectories(dataDir);
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", endpoints.bootstrapServers());
        p.setProperty("schema.registry.url", endpoints.schemaRegistryUrl());
        Path tmp = dataDir.resolve(ENDPOINTS_FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "written by `stancewatch run`; read by feed, watch, actors, alerts");
        }
        Files.move(tmp, dataDir.resolve(ENDPOINTS_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static void removeEndpoints(Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(ENDPOINTS_FILE));
        } catch (IOException ignored) {
            // a stale file only makes the next client command report "nothing listening"
        }
    }

    /** Addresses of a running cluster and the client config every producer/consumer/serde shares. */
    public record Endpoints(String bootstrapServers, String schemaRegistryUrl, String registryAuth, boolean embedded) {
        public Map<String, Object> clientConfig() {
            Map<String, Object> c = new HashMap<>();
            c.put("bootstrap.servers", bootstrapServers);
            c.put("schema.registry.url", schemaRegistryUrl);
            if (registryAuth != null && !registryAuth.isBlank()) {
                c.put("basic.auth.credentials.source", "USER_INFO");
                c.put("basic.auth.user.info", registryAuth);
            }
            return c;
        }
    }
}
