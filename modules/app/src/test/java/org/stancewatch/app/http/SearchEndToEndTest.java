package org.stancewatch.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancewatch.app.search.SearchService;
import org.stancewatch.embedded.EmbeddedCluster;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.ProducerSettings;
import org.stancewatch.events.Topics;
import org.stancewatch.events.serde.AvroDeserializer;
import org.stancewatch.events.serde.AvroSerializer;
import org.stancewatch.pipeline.TopicSetup;

/**
 * The search index fed from {@code articles.enriched} on a real broker and registry: built from the topic, resumed
 * from its stored offsets after a restart, rebuilt when its directory is gone; and {@code /api/search} over HTTP.
 */
class SearchEndToEndTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static EmbeddedCluster cluster;
    static Map<String, Object> config;

    @BeforeAll
    static void start() {
        cluster = EmbeddedCluster.start(dir.resolve("cluster"), 0, 0);
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", cluster.bootstrapServers()))) {
            new TopicSetup(Topics.defaults(), 2, (short) 1).createMissing(admin);
        }
        config = Map.of("bootstrap.servers", cluster.bootstrapServers(), "schema.registry.url", cluster.registryUrl());
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    static void publish(String id, EnrichedArticle article) {
        AvroSerializer<EnrichedArticle> serializer = new AvroSerializer<>();
        serializer.configure(config, false);
        try (KafkaProducer<String, EnrichedArticle> producer = new KafkaProducer<>(ProducerSettings.reliable(config), new StringSerializer(), serializer)) {
            producer.send(new ProducerRecord<>(Topics.ENRICHED, id, article));
            producer.flush();
        }
    }

    static SearchService open(Path data) throws Exception {
        AvroDeserializer<EnrichedArticle> d = new AvroDeserializer<>(EnrichedArticle.class);
        d.configure(config, false);
        SearchService s = SearchService.start(data, Map.of("bootstrap.servers", cluster.bootstrapServers()), d, Topics.ENRICHED);
        assertTrue(s.indexer().awaitCaughtUp(Duration.ofSeconds(60)), "indexer caught up");
        return s;
    }

    @Test
    void buildsFromTheTopic_resumesAfterARestart_rebuildsWhenMissing_andAnswersOverHttp() throws Exception {
        for (EnrichedArticle a : Fixtures.articles()) {
            publish(a.getId(), a);
        }
        Path data = dir.resolve("app");
        try (SearchService first = open(data)) {
            assertEquals(7, first.index().size());
            assertEquals(7, first.indexer().indexed());
            try (ApiServer api = new ApiServer(InMemoryQueries.withFixtures()).search(first.index()).start("127.0.0.1", 0)) {
                String base = "http://127.0.0.1:" + api.port();
                HttpResponse<String> ok = get(base + "/api/search?q=praised&actor=iraqi-army&stance=favor&from=2017-07-01&to=2017-07-31&limit=5");
                assertEquals(200, ok.statusCode(), ok.body());
                JsonNode page = ApiServer.newObjectMapper().readTree(ok.body());
                assertEquals(2, page.path("total").asLong(), "a1 and a3 praise the army: " + ok.body());
                assertEquals("a1", page.path("hits").get(0).path("id").asText(), "the stronger match first");
                assertTrue(page.path("hits").get(0).path("snippet").asText().contains("<mark>praised</mark>"));
                assertTrue(get(base + "/api/search?q=army&format=csv").body().startsWith("id,title,titleHtml,"));

                // The CLI asks the same endpoint and prints the hits with their marks as [[ ]] and markup as text.
                CliRun cli = cli("search", "hostile", "--api-url", base, "--outlet", "unknown <i>outlet</i>");
                assertEquals(0, cli.code(), cli.err());
                assertTrue(cli.out().startsWith("1 article(s) for hostile:"), cli.out());
                assertTrue(cli.out().contains("[[Hostile]] text <img src=x onerror="), cli.out());
                CliRun badCli = cli("search", "army AND (", "--api-url", base);
                assertTrue(badCli.code() != 0, "a refused query fails the command");
                assertTrue(badCli.err().contains("bad parameter 'q'"), badCli.err());

                for (String[] bad : List.of(new String[] {"q=army+AND+(", "q"}, new String[] {"q=%22unclosed", "q"},
                        new String[] {"actor=Not%20An%20Id", "actor"}, new String[] {"stance=LOVE", "stance"},
                        new String[] {"from=yesterday", "from"}, new String[] {"to=2017-13-01", "to"},
                        new String[] {"limit=0", "limit"}, new String[] {"limit=101", "limit"},
                        new String[] {"cursor=zzz", "cursor"}, new String[] {"outlet=%01x", "outlet"},
                        new String[] {"format=pdf", "format"})) {
                    HttpResponse<String> r = get(base + "/api/search?" + bad[0]);
                    assertEquals(400, r.statusCode(), bad[0] + ": " + r.body());
                    JsonNode body = ApiServer.newObjectMapper().readTree(r.body());
                    assertEquals("bad parameter '" + bad[1] + "'", body.path("error").asText(), r.body());
                }
            }
        }
        // Restart: resumes from the offsets in its last commit, so only the new records are read.
        publish("a2", null);
        EnrichedArticle extra = EnrichedArticle.newBuilder(Fixtures.articles().get(0)).setId("a9")
                .setBody("A convoy reached Tal Afar.").build();
        publish("a9", extra);
        try (SearchService resumed = open(data)) {
            assertEquals(2, resumed.indexer().indexed(), "only the tombstone and the new article");
            assertEquals(7, resumed.index().size(), "a2 removed, a9 added");
            assertEquals(1, resumed.index().search(new org.stancewatch.app.search.ArticleIndex.SearchRequest(
                    "convoy", null, null, null, null, null, 10, null)).total());
        }
        // The index directory gone: rebuilt from the topic's beginning.
        try (var files = Files.walk(data.resolve(SearchService.DIRECTORY))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        try (SearchService rebuilt = open(data)) {
            assertEquals(9, rebuilt.indexer().indexed(), "every record of the topic read again");
            assertEquals(7, rebuilt.index().size());
            assertEquals(0, rebuilt.index().search(new org.stancewatch.app.search.ArticleIndex.SearchRequest(
                    "militias", null, null, null, null, null, 10, null)).total(), "a2's title word, a2 retracted");
        }
    }

    record CliRun(int code, String out, String err) {}

    static CliRun cli(String... args) {
        java.io.PrintStream oldOut = System.out, oldErr = System.err;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(), err = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            int code = org.stancewatch.app.Stancewatch.commandLine().execute(args);
            return new CliRun(code, out.toString(java.nio.charset.StandardCharsets.UTF_8),
                    err.toString(java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
