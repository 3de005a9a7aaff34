package org.stancewatch.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Confluent-compatible Schema Registry (AVRO only) served over HTTP, whose schemas live in the
 * compacted {@code _schemas} topic of the given Kafka cluster, so ids and versions survive restarts.
 *
 * <p>Written by hand because Confluent's registry is not on Maven Central; it implements the part
 * of the REST API that serdes and tools use (see the module README). It must be the only writer
 * of its {@code _schemas} topic.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
    private static final int HTTP_THREADS = 4;

    private final HttpServer server;
    private final ExecutorService executor;
    private final SchemaStore store;
    private final String url;
    private boolean closed;

    private EmbeddedSchemaRegistry(HttpServer server, ExecutorService executor, SchemaStore store, String url) {
        this.server = server;
        this.executor = executor;
        this.store = store;
        this.url = url;
    }

    /**
     * Creates the {@code _schemas} topic if needed, loads every schema from it and starts serving.
     *
     * @param host the address to listen on, e.g. {@code 127.0.0.1}
     * @param port the HTTP port, or 0 to pick a free one
     */
    public static EmbeddedSchemaRegistry start(String bootstrapServers, String host, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Schema registry port must be 0..65535, got " + port);
        }
        TopicAdmin.createTopics(bootstrapServers, List.of(new NewTopic(SchemaStore.TOPIC, Optional.of(1), Optional.empty())
                .configs(Map.of("cleanup.policy", "compact"))));
        SchemaStore store = SchemaStore.open(bootstrapServers);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            store.close();
            throw new UncheckedIOException("Cannot listen for schema registry requests on " + host + ":" + port, e);
        }
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(HTTP_THREADS, task -> {
            Thread thread = new Thread(task, "schema-registry-http-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.createContext("/", new SchemaRegistryHandler(store));
        server.setExecutor(executor);
        server.start();
        String url = "http://" + host + ":" + server.getAddress().getPort();
        log.info("Embedded schema registry serving {} (schemas in topic {} on {})", url, SchemaStore.TOPIC,
                bootstrapServers);
        return new EmbeddedSchemaRegistry(server, executor, store, url);
    }

    /** The base URL for {@code schema.registry.url}, e.g. {@code http://127.0.0.1:8081}. */
    public String url() {
        return url;
    }

    /** Stops serving and releases the Kafka producer; the schemas stay in Kafka. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
        store.close();
    }
}
