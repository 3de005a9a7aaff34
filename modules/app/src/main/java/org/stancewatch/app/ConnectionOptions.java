package org.stancewatch.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
        Endpoints endpoints = new Endpoints(p.getProperty("bootstrap.servers"), p.getProperty("schema.registry.url"),
                schemaRegistryAuth, true);
        requireAnswering(file, endpoints, p.getProperty("pid"));
        return endpoints;
    }

    /**
     * A `run` killed with SIGKILL leaves its endpoints file behind, and Kafka clients then wait out their own
     * timeouts (60 s per article for `feed`). A connect to the broker and the registry (at most
     * {@link #PROBE_TIMEOUT} each; refused at once when nothing listens) tells within seconds.
     */
    static void requireAnswering(Path file, Endpoints endpoints, String pid) {
        List<String> down = new ArrayList<>();
        String kafkaDown = unreachableKafka(endpoints.bootstrapServers());
        if (kafkaDown != null) {
            down.add("Kafka at " + endpoints.bootstrapServers() + " (" + kafkaDown + ")");
        }
        String registryDown = unreachableRegistry(endpoints.schemaRegistryUrl());
        if (registryDown != null) {
            down.add("the schema registry at " + endpoints.schemaRegistryUrl() + " (" + registryDown + ")");
        }
        if (down.isEmpty()) {
            return;
        }
        Path dataDir = file.getParent();
        String process = pid == null ? "" : processGone(pid)
                ? " The process that wrote it (pid " + pid + ") has exited: it was stopped without cleaning up (killed?)."
                : " Its process (pid " + pid + ") is still there, but does not answer.";
        throw new UserException("`stancewatch run` is not running for data dir " + dataDir + ": " + file.getFileName()
                + " there names " + String.join(" and ", down) + "." + process
                + " Start it with `./stancewatch run --data-dir " + dataDir + "` (in another terminal), or pass "
                + "--bootstrap-servers and --schema-registry-url to use another cluster.");
    }

    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    /** @return why no bootstrap server accepts a connection, or null when one does */
    private static String unreachableKafka(String bootstrapServers) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            return "no address recorded";
        }
        String why = null;
        for (String server : bootstrapServers.split(",")) {
            String s = server.trim();
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                why = "no port in '" + s + "'";
                continue;
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1))),
                        (int) PROBE_TIMEOUT.toMillis());
                return null;
            } catch (IOException | IllegalArgumentException e) {
                why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
        }
        return why;
    }

    /** @return why the registry gives no HTTP answer, or null when it answers (any status) */
    private static String unreachableRegistry(String url) {
        if (url == null || url.isBlank()) {
            return "no address recorded";
        }
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
            http.send(HttpRequest.newBuilder(URI.create(url)).timeout(PROBE_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return null;
        } catch (java.net.http.HttpTimeoutException e) {
            return "no answer within " + PROBE_TIMEOUT.toSeconds() + " s";
        } catch (java.net.ConnectException e) {
            return "Connection refused";
        } catch (IOException | IllegalArgumentException e) {
            String m = e.getMessage();
            return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static boolean processGone(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid.trim())).map(h -> !h.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static void writeEndpoints(Path dataDir, Endpoints endpoints) throws IOException {
        Files.createDirectories(dataDir);
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", endpoints.bootstrapServers());
        p.setProperty("schema.registry.url", endpoints.schemaRegistryUrl());
        // Only to explain a dead cluster better (see requireAnswering); the connect probe decides.
        p.setProperty("pid", String.valueOf(ProcessHandle.current().pid()));
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
