package org.stancewatch.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process, single-node Kafka (KRaft, combined broker + controller) for one machine.
 *
 * <p>The storage in {@code dataDir} is formatted on first start only; later starts with the same
 * directory reuse it, so topics, committed offsets and transactions survive a restart.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** Large enough for hostile-input tests that send multi-megabyte articles. */
    private static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path dataDir;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path dataDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
    }

    /**
     * Starts a broker whose data lives in {@code dataDir} (created if missing).
     *
     * @param port the PLAINTEXT port on 127.0.0.1, or 0 to pick a free one
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port) {
        return start(dataDir, port, Map.of());
    }

    /**
     * As {@link #start(Path, int)}, with further broker settings on top of ours (tests use this for a tiny
     * {@code log.retention.check.interval.ms} or {@code log.roll.ms}).
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port, Map<String, String> brokerOverrides) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Kafka port must be 0..65535, got " + port);
        }
        Path logDir = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create Kafka data directory " + logDir, e);
        }
        int brokerPort = port == 0 ? freePort() : port;
        int controllerPort = freePort();
        Properties props = brokerProperties(logDir, brokerPort, controllerPort);
        props.putAll(brokerOverrides);
        KafkaConfig config = new KafkaConfig(props, false);
        formatStorageOnce(logDir);

        long startedAt = System.nanoTime();
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        String bootstrap = HOST + ":" + brokerPort;
        try {
            server.startup();
            TopicAdmin.awaitReady(bootstrap, READY_TIMEOUT);
            // A SIGKILL can leave transactions open that no coordinator will ever end (see HangingTransactions).
            int aborted = HangingTransactions.abortAll(bootstrap);
            if (aborted > 0) {
                log.warn("Aborted {} hanging transaction(s) left by an unclean shutdown in {}", aborted, logDir);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shutdownQuietly(server);
            throw new IllegalStateException("Interrupted while starting the embedded Kafka broker on " + bootstrap, e);
        } catch (RuntimeException | ExecutionException e) {
            shutdownQuietly(server);
            throw new IllegalStateException("Embedded Kafka broker failed to start on " + bootstrap
                    + " with data in " + logDir + ": " + e.getMessage(), e);
        }
        log.info("Embedded Kafka broker ready on {} (data {}) in {} ms", bootstrap, logDir,
                Duration.ofNanos(System.nanoTime() - startedAt).toMillis());
        return new EmbeddedKafkaBroker(server, bootstrap, logDir);
    }

    /** The {@code bootstrap.servers} value for clients, e.g. {@code 127.0.0.1:9092}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The directory holding this broker's log and metadata. */
    public Path dataDir() {
        return dataDir;
    }

    /** Creates the topics that do not exist yet; existing ones are left as they are. */
    public void createTopics(Collection<NewTopic> topics) {
        TopicAdmin.createTopics(bootstrapServers, topics);
    }

    /** Shuts the broker down cleanly and waits until it has stopped. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
    }

    private static Properties brokerProperties(Path logDir, int brokerPort, int controllerPort) {
        Properties props = new Properties();
        props.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", String.valueOf(NODE_ID)),
                // A static voter set: unlike a dynamic quorum it does not pin the controller's
                // port in the metadata log, so a restart may pick a new free port.
                Map.entry("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort
                        + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT"),
                Map.entry("controller.listener.names", CONTROLLER_LISTENER),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("log.dirs", logDir.toString()),
                // One machine, one replica: the internal topics cannot ask for more.
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "5"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "5"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("default.replication.factor", "1"),
                Map.entry("min.insync.replicas", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // The default 128 MB dedupe buffer is wasted heap for a single-machine broker.
                Map.entry("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024)),
                Map.entry("message.max.bytes", String.valueOf(MAX_MESSAGE_BYTES)),
                Map.entry("replica.fetch.max.bytes", String.valueOf(MAX_MESSAGE_BYTES)),
                Map.entry("num.partitions", "1"),
                Map.entry("auto.create.topics.enable", "true"),
                Map.entry("num.network.threads", "2"),
                Map.entry("num.io.threads", "4"),
                Map.entry("background.threads", "4")));
        return props;
    }

    /** Formats a fresh data directory; a directory already holding meta.properties is reused as is. */
    private static void formatStorageOnce(Path logDir) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
        }
    }

    private static void shutdownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            log.warn("Error while stopping a broker that failed to start", e);
        }
    }

    /** Asks the OS for a free port; the tiny window before Kafka binds it is accepted on one machine. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on " + HOST, e);
        }
    }
}
