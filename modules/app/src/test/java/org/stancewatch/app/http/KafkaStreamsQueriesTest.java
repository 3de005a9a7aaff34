package org.stancewatch.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancewatch.app.http.ApiModel.ActorSummary;
import org.stancewatch.app.http.ApiModel.ArticleView;
import org.stancewatch.app.http.ApiModel.CandidateCount;
import org.stancewatch.app.http.ApiModel.DayStats;
import org.stancewatch.app.http.ApiModel.OutletStats;
import org.stancewatch.embedded.EmbeddedKafkaBroker;
import org.stancewatch.events.ProducerSettings;
import org.stancewatch.pipeline.StoreNames;
import org.stancewatch.pipeline.daily.DailyContributions;
import org.stancewatch.pipeline.internal.Contribution;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.HolderStance;

/**
 * {@link KafkaStreamsQueries} on two real KafkaStreams instances sharing the work on the embedded
 * broker: every answer, assembled across instances over HTTP, must equal the in-memory answer over
 * the same records. The stores are filled by a stand-in topology with the pipeline's store names
 * and key formats (the real enrichment needs the 4 GB NLP models).
 */
class KafkaStreamsQueriesTest {
    private static final String DAILY = "test.daily";
    private static final String DAILY_OUTLET = "test.daily.outlet";
    private static final String ARTICLES = "test.articles";
    private static final String HOLDERS = "test.holders";
    private static final String HOLDERS_BY_TARGET = "test.holders.by-target";
    private static final String CONTRIBUTIONS = "test.contributions";
    private static final String OUTLET_CONTRIBUTIONS = "test.contributions.outlet";
    private static final List<String> INPUTS = List.of(DAILY, DAILY_OUTLET, ARTICLES, HOLDERS, HOLDERS_BY_TARGET,
            CONTRIBUTIONS, OUTLET_CONTRIBUTIONS);
    private static final String APPLICATION_ID = "dashboard-queries-test";
    private static final ObjectMapper JSON = ApiServer.newObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    private static EmbeddedKafkaBroker broker;
    private static final List<Instance> instances = new ArrayList<>();
    private static final InMemoryQueries expected = InMemoryQueries.withFixtures();
    private static StancewatchMetrics metrics;

    record Instance(KafkaStreams streams, KafkaStreamsQueries queries, ApiServer server) {
        String url(String path) {
            return "http://127.0.0.1:" + server.port() + path;
        }
    }

    /** Avro single-object encoding: enough for a test topology; the product uses the registry serde. */
    private static <T extends SpecificRecord> Serde<T> serde(Function<T, ByteBuffer> encode, DecodeFn<T> decode) {
        return Serdes.serdeFrom((topic, value) -> {
            ByteBuffer b = encode.apply(value);
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        }, (topic, bytes) -> {
            try {
                return bytes == null ? null : decode.apply(ByteBuffer.wrap(bytes));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    interface DecodeFn<T> {
        T apply(ByteBuffer b) throws IOException;
    }

    private static ByteBuffer encode(SpecificRecord record) {
        try {
            if (record instanceof Contribution c) {
                return c.toByteBuffer();
            }
            return record instanceof ActorDay d ? d.toByteBuffer()
                    : record instanceof HolderStance h ? h.toByteBuffer() : ((EnrichedArticle) record).toByteBuffer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The partition the default partitioner gives a row key on the two-partition test topics. */
    private static int rowPartition(String rowKey) {
        return org.apache.kafka.common.utils.Utils.toPositive(
                org.apache.kafka.common.utils.Utils.murmur2(rowKey.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % 2;
    }

    private static void addRowsWithContributions(StreamsBuilder builder, String rowTopic, String rowStore,
                                                 Serde<ActorDay> daySerde, String contributionTopic,
                                                 String contributionStore, Serde<Contribution> contributionSerde) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(rowStore), Serdes.String(),
                daySerde));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(contributionStore),
                Serdes.String(), contributionSerde));
        builder.stream(List.of(rowTopic, contributionTopic), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .process(() -> new org.apache.kafka.streams.processor.api.Processor<String, byte[], Void, Void>() {
                    private org.apache.kafka.streams.processor.api.ProcessorContext<Void, Void> context;

                    @Override
                    public void init(org.apache.kafka.streams.processor.api.ProcessorContext<Void, Void> context) {
                        this.context = context;
                    }

                    @Override
                    public void process(org.apache.kafka.streams.processor.api.Record<String, byte[]> r) {
                        String topic = context.recordMetadata().orElseThrow().topic();
                        if (topic.equals(rowTopic)) {
                            context.<KeyValueStore<String, ActorDay>>getStateStore(rowStore).put(r.key(),
                                    daySerde.deserializer().deserialize(topic, r.value()));
                        } else {
                            context.<KeyValueStore<String, Contribution>>getStateStore(contributionStore).put(r.key(),
                                    contributionSerde.deserializer().deserialize(topic, r.value()));
                        }
                    }
                }, org.apache.kafka.streams.kstream.Named.as("load-" + rowStore), rowStore, contributionStore);
    }

    private static String dayKey(ActorDay d) {
        return d.getDay() == null ? "undated" : d.getDay().toString();
    }

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
        broker.createTopics(List.of(new NewTopic(DAILY, 2, (short) 1), new NewTopic(DAILY_OUTLET, 2, (short) 1),
                new NewTopic(CONTRIBUTIONS, 2, (short) 1), new NewTopic(OUTLET_CONTRIBUTIONS, 2, (short) 1),
                new NewTopic(ARTICLES, 2, (short) 1), new NewTopic(HOLDERS, 2, (short) 1),
                new NewTopic(HOLDERS_BY_TARGET, 2, (short) 1)));
        Serde<HolderStance> holderSerde = serde(KafkaStreamsQueriesTest::encode, HolderStance::fromByteBuffer);
        Serde<ActorDay> daySerde = serde(KafkaStreamsQueriesTest::encode, ActorDay::fromByteBuffer);
        Serde<EnrichedArticle> articleSerde = serde(KafkaStreamsQueriesTest::encode, EnrichedArticle::fromByteBuffer);
        Serde<Contribution> contributionSerde = serde(KafkaStreamsQueriesTest::encode, Contribution::fromByteBuffer);

        List<EnrichedArticle> articles = Fixtures.articles();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(ProducerSettings.reliable(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers())),
                new StringSerializer(), Serdes.ByteArray().serializer())) {
            for (ActorDay d : Fixtures.actorDays(articles, false)) {
                producer.send(new ProducerRecord<>(DAILY, d.getActorId() + "|" + dayKey(d), daySerde.serializer().serialize(DAILY, d)));
            }
            for (ActorDay d : Fixtures.actorDays(articles, true)) {
                producer.send(new ProducerRecord<>(DAILY_OUTLET, d.getActorId() + "|" + dayKey(d) + "|" + d.getOutlet(),
                        daySerde.serializer().serialize(DAILY_OUTLET, d)));
            }
            for (HolderStance h : HolderFixtures.rows()) {
                String day = h.getDay() == null ? "undated" : h.getDay().toString();
                producer.send(new ProducerRecord<>(HOLDERS, h.getHolder() + "|" + h.getTarget() + "|" + day,
                        holderSerde.serializer().serialize(HOLDERS, h)));
                producer.send(new ProducerRecord<>(HOLDERS_BY_TARGET, h.getTarget() + "|" + h.getHolder() + "|" + day,
                        holderSerde.serializer().serialize(HOLDERS_BY_TARGET, h)));
            }
            // The drill-down behind the rows (ActorDay carries counts only), as the pipeline's contributions stores.
            // One record per (row, article), keyed as the pipeline stores them, on the partition of the row's key:
            // in the pipeline they live in the task that counts the row.
            for (boolean perOutlet : new boolean[] {false, true}) {
                String topic = perOutlet ? OUTLET_CONTRIBUTIONS : CONTRIBUTIONS;
                Fixtures.contributions(articles, perOutlet).forEach((row, byArticle) -> byArticle.forEach((id, c) ->
                        producer.send(new ProducerRecord<>(topic, rowPartition(row), DailyContributions.key(row, id),
                                contributionSerde.serializer().serialize(topic, c)))));
            }
            for (EnrichedArticle a : articles) {
                producer.send(new ProducerRecord<>(ARTICLES, a.getId(), articleSerde.serializer().serialize(ARTICLES, a)));
            }
        }

        expected.catalogue = CATALOGUE;
        StreamsBuilder builder = new StreamsBuilder();
        // Each row table read in one task with its contributions (one source over both topics, partition by
        // partition): as in the pipeline, a row and its drill-down are in one task, so on the same instance.
        addRowsWithContributions(builder, DAILY, StoreNames.MENTIONS_DAILY, daySerde, CONTRIBUTIONS,
                StoreNames.MENTIONS_DAILY_CONTRIBUTIONS, contributionSerde);
        addRowsWithContributions(builder, DAILY_OUTLET, StoreNames.MENTIONS_DAILY_OUTLET, daySerde, OUTLET_CONTRIBUTIONS,
                StoreNames.MENTIONS_DAILY_OUTLET_CONTRIBUTIONS, contributionSerde);
        builder.table(ARTICLES, Consumed.with(Serdes.String(), articleSerde), Materialized.<String, EnrichedArticle, KeyValueStore<Bytes, byte[]>>as(
                StoreNames.ARTICLES).withKeySerde(Serdes.String()).withValueSerde(articleSerde));
        builder.table(HOLDERS, Consumed.with(Serdes.String(), holderSerde), Materialized.<String, HolderStance, KeyValueStore<Bytes, byte[]>>as(
                StoreNames.HOLDER_STANCES).withKeySerde(Serdes.String()).withValueSerde(holderSerde));
        builder.table(HOLDERS_BY_TARGET, Consumed.with(Serdes.String(), holderSerde), Materialized.<String, HolderStance, KeyValueStore<Bytes, byte[]>>as(
                StoreNames.HOLDER_STANCES_BY_TARGET).withKeySerde(Serdes.String()).withValueSerde(holderSerde));
        Topology topology = builder.build();

        metrics = new StancewatchMetrics();
        for (int i = 0; i < 2; i++) {
            int port = freePort();
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "127.0.0.1:" + port);
            props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state-" + i).toString());
            props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
            props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
            KafkaStreams streams = new KafkaStreams(topology, props);
            KafkaStreamsQueries queries = new KafkaStreamsQueries(streams, new HostInfo("127.0.0.1", port), expected.alerts, null)
                    .catalogue(() -> CATALOGUE);
            ApiServer server = new ApiServer(queries).internalQueries(queries.local());
            if (i == 0) {
                metrics.bindKafkaStreams(streams);
                server.metrics(metrics);
            }
            server.start("127.0.0.1", port);
            streams.start();
            instances.add(new Instance(streams, queries, server));
        }
        awaitEverythingQueryable();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Both instances running, both hosting partitions, every record of every input topic processed. The all-outlet
     * mentions alone are not enough: the outlet rows, the drill-down and the holder rows are loaded by other tasks,
     * which may still be behind when the all-outlet sums are complete (the outlet rows were, under load).
     */
    private static void awaitEverythingQueryable() throws Exception {
        long expectedMentions = expected.actors(DateRange.all()).stream().mapToLong(ActorSummary::mentions).sum();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String last = "";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            while (System.nanoTime() < deadline) {
                boolean running = instances.stream().allMatch(i -> i.streams().state() == KafkaStreams.State.RUNNING);
                if (running) {
                    try {
                        HttpResponse<String> r = get(instances.get(0).url("/api/actors"));
                        last = r.statusCode() + " " + r.body();
                        if (r.statusCode() == 200) {
                            long mentions = List.of(JSON.readValue(r.body(), ActorSummary[].class)).stream().mapToLong(ActorSummary::mentions).sum();
                            boolean bothHostWork = instances.stream().allMatch(i -> !i.streams().metadataForLocalThreads().stream()
                                    .allMatch(t -> t.activeTasks().isEmpty()));
                            List<String> behind = unprocessed(admin);
                            if (!behind.isEmpty()) {
                                last = "not processed yet: " + behind;
                            } else if (mentions == expectedMentions && bothHostWork) {
                                return;
                            }
                        }
                    } catch (IOException e) {
                        last = e.toString();
                    }
                }
                Thread.sleep(200);
            }
        }
        throw new AssertionError("state not queryable in time: " + instances.stream().map(i -> i.streams().state()).toList() + " " + last);
    }

    /**
     * Input partitions whose records the test application has not all processed: its committed offset (written after
     * the records before it went into the stores; no cache) is short of the partition's end.
     */
    private static List<String> unprocessed(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> ends = new java.util.HashMap<>();
        for (String topic : INPUTS) {
            for (int p = 0; p < 2; p++) {
                ends.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
        }
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(APPLICATION_ID).partitionsToOffsetAndMetadata().get();
        List<String> behind = new ArrayList<>();
        admin.listOffsets(ends).all().get().forEach((partition, end) -> {
            OffsetAndMetadata c = committed.get(partition);
            long position = c == null ? 0 : c.offset();
            if (position < end.offset()) {
                behind.add(partition + " " + position + "/" + end.offset());
            }
        });
        return behind;
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static <T> List<T> getList(Instance instance, String path, Class<T[]> type) throws Exception {
        HttpResponse<String> response = get(instance.url(path));
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return List.of(JSON.readValue(response.body(), type));
    }

    @AfterAll
    static void stop() throws Exception {
        for (Instance i : instances) {
            i.server().close();
            i.streams().close(Duration.ofSeconds(10));
        }
        if (metrics != null) {
            metrics.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** The live catalogue both instances see: one tracked actor the fixtures name only as a candidate. */
    private static final List<org.stancewatch.events.Actor> CATALOGUE = List.of(org.stancewatch.events.Actor.newBuilder()
            .setId("haider-al-abadi").setName("Haider al-Abadi").setType(org.stancewatch.events.ActorType.PERSON)
            .setAliases(List.of("Haider al-Abadi")).build());

    @Test
    void workIsSplitAndEveryInstanceAnswersForTheWholeCluster() throws Exception {
        long totalRows = expected.actors(DateRange.all()).stream().mapToLong(ActorSummary::days).sum();
        long localRows = instances.get(0).queries().local().actors(DateRange.all()).stream().mapToLong(ActorSummary::days).sum();
        assertTrue(localRows < totalRows, "instance 0 alone holds only part of the rows: " + localRows + " of " + totalRows);

        DateRange july9to11 = new DateRange(java.time.LocalDate.of(2017, 7, 9), java.time.LocalDate.of(2017, 7, 11));
        for (Instance instance : instances) {
            assertEquals(expected.actors(DateRange.all()), getList(instance, "/api/actors", ActorSummary[].class));
            assertEquals(expected.actors(july9to11), getList(instance, "/api/actors?from=2017-07-09&to=2017-07-11", ActorSummary[].class));
            assertEquals(expected.days("iraqi-army", DateRange.all()), getList(instance, "/api/actors/iraqi-army/days", DayStats[].class));
            assertEquals(Aggregations.byOutlet(expected.outlets("iraqi-army", july9to11)),
                    getList(instance, "/api/actors/iraqi-army/outlets?from=2017-07-09&to=2017-07-11", OutletStats[].class));
            assertEquals(expected.candidates(DateRange.all(), 50), getList(instance, "/api/candidates", CandidateCount[].class));
            assertEquals(expected.candidates(july9to11, 50),
                    getList(instance, "/api/candidates?from=2017-07-09&to=2017-07-11", CandidateCount[].class));
            assertTrue(getList(instance, "/api/candidates", CandidateCount[].class).stream()
                    .noneMatch(c -> c.name().equals("Haider al-Abadi")), "a tracked name is no candidate");
            assertEquals(404, get(instance.url("/api/actors/nobody/days")).statusCode());
            assertEquals(List.of(), getList(instance, "/api/actors/haider-al-abadi/days", DayStats[].class),
                    "a tracked actor without counts");
            assertEquals(expected.undated(), getList(instance, "/api/undated", DayStats[].class));
            assertEquals(List.of("iraqi-army"), expected.undated().stream().map(DayStats::actorId).toList());
            for (String id : List.of("a1", "a2", "a3", "a4", "a5", Fixtures.XSS_ID, Fixtures.UNDATED_ID)) {
                HttpResponse<String> article = get(instance.url("/api/articles/" + id));
                assertEquals(200, article.statusCode(), id);
                assertEquals(expected.article(id).orElseThrow(), JSON.readValue(article.body(), ArticleView.class));
            }
            assertEquals(404, get(instance.url("/api/articles/missing")).statusCode());

            // Who speaks about whom: rows of one edge lie on different partitions (and instances).
            assertEquals(HolderModel.edges(expected.holdersOf("iraqi-army", DateRange.all())),
                    getList(instance, "/api/actors/iraqi-army/holders", HolderModel.HolderEdge[].class));
            assertEquals(4, getList(instance, "/api/actors/iraqi-army/holders", HolderModel.HolderEdge[].class).size());
            assertEquals(HolderModel.edges(expected.holdersOf("iraqi-army", july9to11)),
                    getList(instance, "/api/actors/iraqi-army/holders?from=2017-07-09&to=2017-07-11", HolderModel.HolderEdge[].class));
            assertEquals(HolderModel.edges(expected.targetsOf("iraqi-army", DateRange.all())),
                    getList(instance, "/api/actors/iraqi-army/targets", HolderModel.HolderEdge[].class));
            assertEquals(3, getList(instance, "/api/actors/iraqi-army/targets", HolderModel.HolderEdge[].class)
                    .get(0).sentences(), "iraqi-army -> isis over two days");
            assertEquals(404, get(instance.url("/api/actors/nobody/holders")).statusCode());
        }
        long localHolderRows = instances.get(0).queries().local().holdersOf("iraqi-army", DateRange.all()).size();
        assertTrue(localHolderRows < expected.holdersOf("iraqi-army", DateRange.all()).size(),
                "instance 0 alone holds only part of the holder rows: " + localHolderRows);
    }

    @Test
    void kafkaStreamsMetricsUsedByTheGrafanaDashboardAreExposed() throws Exception {
        String scrape = get(instances.get(0).url("/metrics")).body();
        for (String name : List.of("kafka_stream_thread_process_rate", "kafka_stream_thread_process_latency_avg",
                "kafka_stream_thread_commit_rate", "kafka_consumer_fetch_manager_records_lag_max")) {
            assertTrue(scrape.contains(name), "/metrics lacks " + name);
        }
    }
}
