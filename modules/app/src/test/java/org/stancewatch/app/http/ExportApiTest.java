package org.stancewatch.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stancewatch.app.export.TableWriter;

/** {@code ?format=csv|jsonl} on the API listings: the same rows as the JSON answer, read back by a strict parser. */
class ExportApiTest {
    private static final ObjectMapper JSON = ApiServer.newObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static ApiServer server;

    @BeforeAll
    static void start() {
        server = new ApiServer(InMemoryQueries.withFixtures()).start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<CSVRecord> csv(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("text/csv; charset=utf-8; header=present", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment; filename=\"stancewatch-"));
        try (CSVParser parser = CSVParser.parse(new StringReader(response.body()),
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            return parser.getRecords();
        }
    }

    /** Every scalar field of the JSON answer is the same text in the CSV cell of the same row and column. */
    private static void assertSameRows(String path, Class<? extends Record> type) throws Exception {
        JsonNode json = JSON.readTree(get(path).body());
        List<CSVRecord> rows = csv(get(path + (path.contains("?") ? "&" : "?") + "format=csv"));
        assertTrue(json.size() > 0, "fixture has rows for " + path);
        assertEquals(json.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            CSVRecord row = rows.get(i);
            assertEquals(TableWriter.columns(type), row.getParser().getHeaderNames());
            Iterator<String> names = json.get(i).fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                JsonNode value = json.get(i).get(name);
                if (value.isValueNode()) {
                    String expected = value.isNull() ? "" : value.asText();
                    if (value.isNumber()) {
                        assertEquals(value.asDouble(), Double.parseDouble(row.get(name)), 1e-12, path + " " + name);
                    } else {
                        assertEquals(expected, row.get(name), path + " " + name);
                    }
                } else {
                    assertEquals(value, JSON.readTree(row.get(name)), path + " " + name + " is the JSON text");
                }
            }
        }
    }

    @Test
    void listingsAsCsvCarryTheSameRowsAsTheirJson() throws Exception {
        assertSameRows("/api/actors", ApiModel.ActorSummary.class);
        assertSameRows("/api/actors/iraqi-army/days", ApiModel.DayStats.class);
        assertSameRows("/api/actors/iraqi-army/outlets", ApiModel.OutletStats.class);
        // holder names and sentences are hostile text (markup, quotes) in the fixtures
        assertSameRows("/api/actors/iraqi-army/holders", HolderModel.HolderEdge.class);
        assertSameRows("/api/alerts", ApiModel.AlertView.class);
    }

    @Test
    void jsonLinesAreTheJsonArrayOneElementPerLine() throws Exception {
        HttpResponse<String> lines = get("/api/actors/iraqi-army/holders?format=JSONL");
        assertEquals(200, lines.statusCode());
        assertTrue(lines.headers().firstValue("Content-Type").orElse("").startsWith("application/x-ndjson"));
        JsonNode array = JSON.readTree(get("/api/actors/iraqi-army/holders").body());
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : lines.body().split("\n")) {
            parsed.add(JSON.readTree(line));
        }
        assertEquals(array.size(), parsed.size());
        for (int i = 0; i < parsed.size(); i++) {
            assertEquals(array.get(i), parsed.get(i));
        }
    }

    @Test
    void anUnknownFormatIsAJson400NamingTheParameter() throws Exception {
        for (String path : List.of("/api/actors?format=xlsx", "/api/actors/iraqi-army/days?format=", "/api/alerts?format=%3Cb%3E")) {
            HttpResponse<String> response = get(path);
            if (path.endsWith("format=")) {
                assertEquals(200, response.statusCode(), "an empty format is the default JSON");
                continue;
            }
            assertEquals(400, response.statusCode(), path);
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            JsonNode body = JSON.readTree(response.body());
            assertEquals("bad parameter 'format'", body.path("error").asText());
            assertTrue(body.path("detail").asText().contains("csv"), response.body());
        }
    }

    /** The API's ?format=csv goes through the same neutralising writer: a formula in an article's title stays text. */
    @Test
    void formulaInAnArticleTitleIsQuotedInTheCsvAnswer() throws Exception {
        String formula = "=HYPERLINK(\"http://evil.example\",\"Mosul\")";
        org.stancewatch.events.EnrichedArticle evil = new Fixtures.ArticleBuilder("f1", formula, "@outlet",
                java.time.LocalDate.of(2017, 7, 8), "The Iraqi army advanced. Critics blamed the Iraqi army.")
                .mention("iraqi-army", "Iraqi army", "Iraqi army")
                .stance("iraqi-army", org.stancewatch.events.Stance.AGAINST, -0.5, "Critics blamed the Iraqi army.").build();
        try (ApiServer own = new ApiServer(new InMemoryQueries(List.of(evil), List.of())).start("127.0.0.1", 0)) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + own.port()
                    + "/api/actors/iraqi-army/articles?format=csv")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            List<CSVRecord> rows = csv(response);
            assertEquals(1, rows.size());
            assertEquals("'" + formula, rows.get(0).get("title"));
            assertEquals("'@outlet", rows.get(0).get("outlet"));
            assertEquals("-0.5", rows.get(0).get("score"), "numbers are not touched");
            assertEquals(formula, JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + own.port()
                    + "/api/actors/iraqi-army/articles")).build(), HttpResponse.BodyHandlers.ofString()).body()).get(0).path("title").asText(),
                    "JSON is unchanged");
        }
    }
}
