package org.stancewatch.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.stancewatch.app.ConnectionOptions.Endpoints;
import org.stancewatch.app.http.AlertRing;
import org.stancewatch.app.http.ApiServer;
import org.stancewatch.app.http.KafkaStreamsQueries;
import org.stancewatch.app.http.LiveFeed;
import org.stancewatch.app.search.SearchService;
import org.stancewatch.app.http.StancewatchMetrics;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.RejectedRecord;
import org.stancewatch.events.StanceShiftAlert;
import org.stancewatch.events.Topics;
import org.stancewatch.nlp.ArticleAnalyzer;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.pipeline.PipelineSerdes;
import org.stancewatch.pipeline.PipelineSettings;
import org.stancewatch.pipeline.StancewatchPipeline;
import org.stancewatch.pipeline.StancewatchStreamsConfig;
import org.stancewatch.pipeline.TopicSetup;
import org.stancewatch.pipeline.catalogue.CatalogueSeeder;
import org.stancewatch.pipeline.enrich.AnalyzerEnricher;

/**
 * Everything `run` and `demo` start, in order: the cluster (embedded or external), the topics, the starter
 * catalogue, the language models, the Kafka Streams pipeline, and the dashboard/API. Closes in reverse.
 */
public final class StancewatchRuntime implements AutoCloseable {

    /** Config key (and `run --partitions`): partitions of the topics stancewatch creates. */
    public static final String PARTITIONS = "stancewatch.partitions";
    /** Embedded broker: one machine, so one partition per stream thread of a 2-core machine is all it can use. */
    static final int DEFAULT_PARTITIONS_EMBEDDED = 2;
    /**
     * External cluster: room to grow to 12 stream threads (e.g. 6 instances x 2, 4 x 3, 3 x 4) without re-partitioning,
     * which a stateful pipeline cannot do in place (see README, "Running on a cluster").
     */
    static final int DEFAULT_PARTITIONS_EXTERNAL = 12;

    /** Partitions to create topics with: {@link #PARTITIONS} if set, else the default for the kind of cluster. */
    static int partitions(Map<String, ?> overrides, boolean embedded) {
        Object raw = overrides.get(PARTITIONS);
        if (raw == null) {
            return embedded ? DEFAULT_PARTITIONS_EMBEDDED : DEFAULT_PARTITIONS_EXTERNAL;
        }
        try {
            int n = Integer.parseInt(raw.toString().trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UserException(PARTITIONS + " (--partitions) must be a positive number, was '" + raw + "'");
    }

    private final Infrastructure infrastructure;
    private final StancewatchPipeline pipeline;
    private final StancewatchMetrics metrics;
    private final ApiServer api;
    private final LiveFeed liveFeed;
    private final SearchService search;
    private final String dashboardUrl;

    private StancewatchRuntime(Infrastructure infrastructure, StancewatchPipeline pipeline, StancewatchMetrics metrics,
                               ApiServer api, LiveFeed liveFeed, SearchService search, String dashboardUrl) {
        this.infrastructure = infrastructure;
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.api = api;
        this.liveFeed = liveFeed;
        this.search = search;
        this.dashboardUrl = dashboardUrl;
    }

    public static StancewatchRuntime start(ConnectionOptions connection, ServerOptions server, Map<String, ?> overrides,
                                           PrintStream log) {
        String token = ApiServer.resolveApiToken(server.apiToken);
        if (!isLoopback(server.httpHost) && (token == null || token.isBlank())) {
            throw new UserException("--http-host " + server.httpHost + " exposes the API beyond this machine: "
                    + "set --api-token (or STANCEWATCH_API_TOKEN) too");
        }
        int httpPort = Ports.require(server.httpPort, "--http-port");
        Instant t0 = Instant.now();
        log.println("stancewatch: starting " + (connection.external() ? "against " + connection.bootstrapServers
                : "the embedded Kafka broker and schema registry in " + connection.dataDir()) + " ...");
        Infrastructure infra = Infrastructure.start(connection, server.kafkaPort, server.registryPort);
        try {
            Endpoints endpoints = infra.endpoints();
            Map<String, Object> clientConfig = endpoints.clientConfig();
            Topics topics = Topics.fromConfig(overrides);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", endpoints.bootstrapServers()))) {
                new TopicSetup(topics, partitions(overrides, infra.embedded()), (short) (infra.embedded() ? 1 : -1)).ensure(admin);
            }
            int seeded = new CatalogueSeeder(clientConfig).seedStarterIfEmpty();
            if (seeded > 0) {
                log.println("stancewatch: seeded the actor catalogue with " + seeded + " starter actors");
            }
            ArticleAnalyzer analyzer = new ArticleAnalyzer(ActorCatalogue.starter());
            log.println("stancewatch: loading the language models (stance source "
                    + analyzer.stanceSource().name().toLowerCase(java.util.Locale.ROOT)
                    + (analyzer.stanceSource().parses() ? ", ClearNLP: takes a while on first start" : "") + ") ...");
            analyzer.analyze("Warm-up", "The United Nations praised Iraq.", null); // loads models now, not on the first article

            Map<String, Object> streamsOverrides = new HashMap<>(overrides);
            streamsOverrides.putIfAbsent(StreamsConfig.STATE_DIR_CONFIG, connection.dataDir().resolve("streams").toString());
            streamsOverrides.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertisedHost(server.httpHost) + ":" + httpPort);
            if (httpPort != 0) {
                // Static membership: a restarted instance takes its partitions back at once instead of waiting
                // out the dead member's session timeout. Unique per host:port, so two instances never collide.
                streamsOverrides.putIfAbsent("group.instance.id",
                        "stancewatch-" + advertisedHost(server.httpHost) + "-" + httpPort);
            }
            clientConfig.forEach(streamsOverrides::putIfAbsent);
            Properties props = StancewatchStreamsConfig.build(endpoints.bootstrapServers(), endpoints.schemaRegistryUrl(),
                    streamsOverrides);
            Map<String, Object> serdeConfig = PipelineSettings.from(props).serdeConfig();
            StancewatchMetrics metrics = new StancewatchMetrics();
            StancewatchPipeline pipeline = StancewatchPipeline.withAlerts(props,
                    MeteredEnricher.wrap(AnalyzerEnricher.factory(analyzer), metrics));
            metrics.bindKafkaStreams(pipeline.streams());
            pipeline.start();
            awaitRunning(pipeline.streams(), Duration.ofMinutes(3));

            AlertRing alerts = new AlertRing(1000);
            HostInfo selfHost = new HostInfo(advertisedHost(server.httpHost), httpPort);
            KafkaStreamsQueries queries = new KafkaStreamsQueries(pipeline.streams(), selfHost, alerts, token)
                    .catalogue(pipeline.catalogue()::actors);
            ApiServer api = new ApiServer(queries).apiToken(token).metrics(metrics).internalQueries(queries.local())
                    .start(server.httpHost, httpPort);
            LiveFeed feed = new LiveFeed(LiveFeed.newConsumer(Map.of("bootstrap.servers", endpoints.bootstrapServers())),
                    topics.mentionsDaily(), topics.alerts(),
                    PipelineSerdes.value(ActorDay.class, serdeConfig).deserializer(),
                    PipelineSerdes.value(StanceShiftAlert.class, serdeConfig).deserializer(), alerts, api)
                    .countingInto(metrics, topics.rejected(),
                            PipelineSerdes.value(RejectedRecord.class, serdeConfig).deserializer())
                    .start();
            // The app's own full-text index of articles.enriched (rebuilt from the topic when missing).
            SearchService search = SearchService.start(connection.dataDir(),
                    Map.of("bootstrap.servers", endpoints.bootstrapServers()),
                    PipelineSerdes.value(EnrichedArticle.class, serdeConfig).deserializer(), topics.enriched());
            api.search(search.index());
            String url = "http://" + (isLoopback(server.httpHost) ? "127.0.0.1" : server.httpHost) + ":" + api.port() + "/";
            log.printf("stancewatch is running (started in %.1f s)%n", Duration.between(t0, Instant.now()).toMillis() / 1000.0);
            log.println("  kafka bootstrap servers: " + endpoints.bootstrapServers());
            log.println("  schema registry:         " + endpoints.schemaRegistryUrl());
            log.println("  dashboard:               " + url);
            log.println("  metrics:                 " + url + "metrics");
            try {
                ApiAddress.record(connection.dataDir(), url); // `stancewatch search` finds this API without --api-url
            } catch (java.io.IOException e) {
                log.println("stancewatch: could not record the API address in " + connection.dataDir() + ": " + e.getMessage());
            }
            return new StancewatchRuntime(infra, pipeline, metrics, api, feed, search, url);
        } catch (RuntimeException e) {
            infra.close();
            throw e;
        }
    }

    public StancewatchPipeline pipeline() {
        return pipeline;
    }

    public StancewatchMetrics metrics() {
        return metrics;
    }

    public Endpoints endpoints() {
        return infrastructure.endpoints();
    }

    public String dashboardUrl() {
        return dashboardUrl;
    }

    public Path dataDir() {
        return infrastructure.dataDir();
    }

    private static boolean isLoopback(String host) {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
    }

    private static String advertisedHost(String bindHost) {
        return bindHost.equals("0.0.0.0") ? "127.0.0.1" : bindHost;
    }

    static void awaitRunning(KafkaStreams streams, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING
                    || streams.state() == KafkaStreams.State.PENDING_ERROR) {
                throw new IllegalStateException("the Kafka Streams pipeline failed to start (state " + streams.state() + ")");
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the Kafka Streams pipeline did not reach RUNNING within " + timeout);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting", e);
            }
        }
    }

    @Override
    public void close() {
        try {
            liveFeed.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ApiAddress.forget(dataDir(), dashboardUrl);
        api.close();
        search.close();
        pipeline.close();
        metrics.close();
        infrastructure.close();
    }
}
