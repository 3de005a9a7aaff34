package org.stancewatch.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /api/actors/{id}/holders} and {@code /targets} over fixed holder rows. */
class HolderApiTest {
    private static final ObjectMapper JSON = ApiServer.newObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static ApiServer server;
    private static String base;

    @BeforeAll
    static void start() {
        server = new ApiServer(InMemoryQueries.withFixtures()).start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode ok(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static List<String> field(JsonNode array, String name) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.path(name).asText()));
        return values;
    }

    @Test
    void holdersOfAnActorAreSummedOverThePeriod_mostSentencesFirst_undatedAndEmptyRowsLeftOut() throws Exception {
        JsonNode edges = ok("/api/actors/iraqi-army/holders");
        assertEquals(List.of("outlet:Reuters", "outlet:Al Jazeera", "speaker:" + HolderFixtures.XSS_HOLDER.toLowerCase(),
                "united-states"), field(edges, "holder"));
        JsonNode reuters = edges.get(0);
        assertEquals("iraqi-army", reuters.path("target").asText());
        assertEquals("OUTLET", reuters.path("holderKind").asText());
        assertEquals(2, reuters.path("favor").asLong());
        assertEquals(2, reuters.path("sentences").asLong());
        assertEquals(2, reuters.path("days").asInt());
        assertEquals("FAVOR", reuters.path("stance").asText());
        assertEquals("2017-07-08", reuters.path("firstDay").asText());
        assertEquals("2017-07-10", reuters.path("latestDay").asText());
        assertEquals(0.8, reuters.path("meanScore").asDouble(), 1e-9);
        assertEquals(List.of("a4", "a1"), field(reuters.path("examples"), "articleId"), "strongest sentence first");
        assertEquals("2017-07-10", reuters.path("examples").get(0).path("day").asText());

        JsonNode us = edges.get(3);
        assertEquals(1, us.path("sentences").asLong(), "the undated row is in no period");
        assertEquals(HolderFixtures.US_SENTENCE, us.path("examples").get(0).path("sentence").asText());
        assertFalse(field(edges, "holder").contains("pmf"), "a row retracted to zero is no edge");
    }

    @Test
    void targetsOfAnActorAndTheDayFilters() throws Exception {
        JsonNode targets = ok("/api/actors/iraqi-army/targets");
        assertEquals(List.of("isis"), field(targets, "target"));
        assertEquals(2, targets.get(0).path("against").asLong());
        assertEquals(1, targets.get(0).path("neutral").asLong());
        assertEquals("AGAINST", targets.get(0).path("stance").asText());

        JsonNode july8 = ok("/api/actors/iraqi-army/targets?from=2017-07-08&to=2017-07-08");
        assertEquals(2, july8.get(0).path("sentences").asLong());
        assertEquals(List.of("outlet:Reuters", "united-states"),
                field(ok("/api/actors/iraqi-army/holders?from=2017-07-08&to=2017-07-09"), "holder"));
        assertEquals(0, ok("/api/actors/iraqi-army/holders?from=2018-01-01").size());
        assertEquals(0, ok("/api/actors/isis/targets").size(), "a known actor who says nothing: []");
    }

    @Test
    void unknownActorIs404_badParametersAreJson400sNamingThem() throws Exception {
        for (String path : List.of("/api/actors/nobody/holders", "/api/actors/nobody/targets")) {
            HttpResponse<String> response = get(path);
            assertEquals(404, response.statusCode(), response.body());
            assertTrue(JSON.readTree(response.body()).path("detail").asText().contains("'nobody'"), response.body());
        }
        assertBad("/api/actors/iraqi-army/holders?from=last-week", "'from'");
        assertBad("/api/actors/iraqi-army/targets?to=2017-13-01", "'to'");
        assertBad("/api/actors/iraqi-army/holders?from=2017-07-10&to=2017-07-01", "'from'/'to'");
        assertBad("/api/actors/Bad%20Id!/holders", "actor id");
    }

    private static void assertBad(String path, String names) throws Exception {
        HttpResponse<String> response = get(path);
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertTrue(body.path("error").asText().contains(names), response.body());
        assertTrue(body.has("detail"), response.body());
    }

    @Test
    void edgesMergeRowsFromSeveralInstances() {
        // The same edge's days can come from different instances: summing is what the API answers.
        List<HolderModel.HolderDay> rows = HolderFixtures.rows().stream().map(HolderModel.HolderDay::from)
                .filter(r -> r.holder().equals("outlet:Reuters")).toList();
        List<HolderModel.HolderEdge> merged = HolderModel.edges(new ArrayList<>(List.of(rows.get(1), rows.get(0))));
        assertEquals(1, merged.size());
        assertEquals(LocalDate.of(2017, 7, 8), merged.get(0).firstDay());
        assertEquals(2, merged.get(0).favor());
    }
}
