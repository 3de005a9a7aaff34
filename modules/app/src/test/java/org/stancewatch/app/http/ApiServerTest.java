package org.stancewatch.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stancewatch.app.http.ApiModel.ActorSummary;
import org.stancewatch.app.http.ApiModel.AlertView;
import org.stancewatch.app.http.ApiModel.ArticleView;
import org.stancewatch.app.http.ApiModel.CandidateCount;
import org.stancewatch.app.http.ApiModel.DayStats;

class ApiServerTest {
    private static final ObjectMapper JSON = ApiServer.newObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static StancewatchMetrics metrics;
    private static ApiServer server;
    private static String base;

    @BeforeAll
    static void start() {
        metrics = new StancewatchMetrics();
        server = new ApiServer(InMemoryQueries.withFixtures()).metrics(metrics).start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
        metrics.close();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static void assertError(HttpResponse<String> response, int status, String errorContains) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode body = json(response);
        assertTrue(body.path("error").asText().contains(errorContains), response.body());
        assertTrue(body.has("detail"), response.body());
        assertFalse(response.body().contains("\tat ") || response.body().contains("Exception"), "no stack traces: " + response.body());
    }

    @Test
    void actorsAreRankedByMentionsWithTotalsAndLatestStance() throws Exception {
        HttpResponse<String> response = get("/api/actors");
        assertEquals(200, response.statusCode());
        List<ActorSummary> actors = List.of(JSON.readValue(response.body(), ActorSummary[].class));
        assertEquals(List.of("iraqi-army", "isis", "pmf", "united-states"), actors.stream().map(ActorSummary::actorId).toList());
        ActorSummary army = actors.get(0);
        assertEquals(7, army.mentions());
        assertEquals(5, army.articles());
        assertEquals(3, army.favor());
        assertEquals(1, army.against());
        assertEquals(java.time.LocalDate.of(2017, 7, 11), army.latestDay());
        assertEquals("AGAINST", army.latestStance());
        assertEquals((3 - 1) / 5.0, army.netStance(), 1e-9);
    }

    @Test
    void actorsHonourThePeriodAndLimit() throws Exception {
        List<ActorSummary> actors = List.of(JSON.readValue(get("/api/actors?from=2017-07-09&to=2017-07-09").body(), ActorSummary[].class));
        assertEquals(List.of("iraqi-army", "united-states", "pmf"), actors.stream().map(ActorSummary::actorId).toList());
        assertEquals(2, actors.get(0).articles());
        assertEquals(1, json(get("/api/actors?limit=1")).size());
    }

    @Test
    void daysAndOutletsOfOneActor() throws Exception {
        DayStats[] days = JSON.readValue(get("/api/actors/iraqi-army/days?from=2017-07-09").body(), DayStats[].class);
        assertEquals(3, days.length);
        assertEquals(java.time.LocalDate.of(2017, 7, 9), days[0].day());
        assertEquals(List.of("a2", "a3"), days[0].articleIds());
        JsonNode outlets = json(get("/api/actors/iraqi-army/outlets"));
        assertEquals("Reuters", outlets.get(0).path("outlet").asText());
        assertEquals(2, outlets.get(0).path("favor").asLong());
        assertEquals(3, outlets.size());
    }

    @Test
    void unknownActorIs404NamingIt_aTrackedActorWithoutCoverageIsAnEmptyList() throws Exception {
        assertError(get("/api/actors/nobody/days"), 404, "unknown actor");
        assertTrue(json(get("/api/actors/nobody/days")).path("detail").asText().contains("'nobody'"));
        assertError(get("/api/actors/nobody/outlets"), 404, "unknown actor");
        assertEquals(0, json(get("/api/actors/iraqi-army/days?from=2020-01-01")).size(), "counted actor, no rows in the period");

        InMemoryQueries queries = InMemoryQueries.withFixtures();
        queries.catalogue = List.of(actor("kurdish-peshmerga", "Peshmerga"));
        try (ApiServer other = new ApiServer(queries).start("127.0.0.1", 0)) {
            HttpResponse<String> tracked = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + other.port()
                    + "/api/actors/kurdish-peshmerga/days")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, tracked.statusCode(), tracked.body());
            assertEquals("[]", tracked.body());
        }
    }

    private static org.stancewatch.events.Actor actor(String id, String name, String... caseSensitive) {
        return org.stancewatch.events.Actor.newBuilder().setId(id).setName(name)
                .setType(org.stancewatch.events.ActorType.OTHER).setAliases(List.of(name))
                .setCaseSensitiveAliases(List.of(caseSensitive)).build();
    }

    @Test
    void candidatesFollowThePeriodAndLeaveOutTrackedNames() throws Exception {
        CandidateCount[] oneDay = JSON.readValue(get("/api/candidates?from=2017-07-09&to=2017-07-09").body(), CandidateCount[].class);
        assertEquals(List.of(new CandidateCount("Abdul Wahab al-Saadi", 2, 1)), List.of(oneDay));
        assertEquals(0, json(get("/api/candidates?from=2018-01-01")).size());
        assertError(get("/api/candidates?from=yesterday"), 400, "'from'");

        // Articles enriched before an actor was tracked still carry its names; the live catalogue filters them.
        InMemoryQueries queries = InMemoryQueries.withFixtures();
        queries.catalogue = List.of(actor("haider-al-abadi", "Haider al-Abadi"), actor("saadi", "Saadi", "Abdul Wahab al-Saadi"));
        try (ApiServer other = new ApiServer(queries).start("127.0.0.1", 0)) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + other.port()
                    + "/api/candidates")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("[]", response.body());
        }
    }

    /** An article with no publication date is in no period and on no day: it is listed apart, by actor. */
    @Test
    void undatedArticlesAreListedApartFromEveryPeriod() throws Exception {
        DayStats[] undated = JSON.readValue(get("/api/undated").body(), DayStats[].class);
        assertEquals(1, undated.length);
        assertEquals("iraqi-army", undated[0].actorId());
        assertNull(undated[0].day());
        assertEquals(List.of(Fixtures.UNDATED_ID), undated[0].articleIds());
        assertEquals(1, undated[0].favor());
        DayStats[] days = JSON.readValue(get("/api/actors/iraqi-army/days").body(), DayStats[].class);
        assertTrue(java.util.Arrays.stream(days).allMatch(d -> d.day() != null && !d.articleIds().contains(Fixtures.UNDATED_ID)),
                "never among the days");
        assertEquals(5, JSON.readValue(get("/api/actors").body(), ActorSummary[].class)[0].articles(),
                "not in the all-time totals either");
        JsonNode article = json(get("/api/articles/" + Fixtures.UNDATED_ID));
        assertTrue(article.path("publishedDate").isNull() && article.path("dateSource").isNull(), article.toString());
    }

    @Test
    void articleWithMentionsAndEvidence() throws Exception {
        ArticleView article = JSON.readValue(get("/api/articles/a1").body(), ArticleView.class);
        assertEquals("Iraqi army closes in on Mosul old city", article.title());
        assertEquals(2, article.mentions().get(0).count());
        ApiModel.SpanView span = article.mentions().get(0).spans().get(0);
        assertEquals("Iraqi army", article.body().substring(span.start(), span.end()));
        assertEquals("FAVOR", article.stances().get(0).stance());
        assertTrue(article.stances().get(0).evidence().get(0).sentence().contains("praised"));
        assertEquals("2017-07-08", json(get("/api/articles/a1")).path("publishedDate").asText(), "dates as ISO strings");
    }

    @Test
    void alertsAndCandidates() throws Exception {
        AlertView[] alerts = JSON.readValue(get("/api/alerts").body(), AlertView[].class);
        assertEquals(1, alerts.length);
        assertEquals("TOWARD_AGAINST", alerts[0].direction());
        assertEquals("a5", alerts[0].evidence().get(0).articleId());
        assertEquals("Coverage of Iraqi army turned more critical around 11 July 2017: 60% of the 5 latest articles"
                + " were critical, against 10% of the 12 articles before.", alerts[0].headline());
        CandidateCount[] names = JSON.readValue(get("/api/candidates?limit=5").body(), CandidateCount[].class);
        assertEquals(new CandidateCount("Abdul Wahab al-Saadi", 3, 2), names[0]);
        assertEquals(2, names.length);
    }

    @Test
    void badParametersGetClearJsonErrors() throws Exception {
        assertError(get("/api/actors?from=2017-13-01"), 400, "'from'");
        assertTrue(json(get("/api/actors?from=2017-13-01")).path("detail").asText().contains("2017-13-01"));
        assertError(get("/api/actors?from=2017-07-10&to=2017-07-01"), 400, "'from'/'to'");
        assertError(get("/api/actors?limit=0"), 400, "'limit'");
        assertError(get("/api/alerts?limit=lots"), 400, "'limit'");
        assertError(get("/api/actors/bad%7Cid/days"), 400, "bad actor id");
        assertError(get("/api/articles/missing"), 404, "article not found");
        assertError(get("/api/nothing-here"), 404, "not found");
        assertError(get("/api/internal/actors"), 404, "not found");
    }

    @Test
    void unexpectedFailuresAnswer500WithoutStackTrace() throws Exception {
        StancewatchQueries broken = new InMemoryQueries(List.of(), List.of()) {
            @Override
            public Optional<ArticleView> article(String articleId) {
                throw new IllegalStateException("store exploded at org.example.Secret");
            }
        };
        try (ApiServer other = new ApiServer(broken).start("127.0.0.1", 0)) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + other.port() + "/api/articles/x")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(500, response.statusCode());
            assertEquals("internal error", json(response).path("error").asText());
            assertFalse(response.body().contains("Secret"), response.body());
        }
    }

    @Test
    void apiIsReadOnly() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/api/actors"))
                    .method(method, HttpRequest.BodyPublishers.ofString("{}")));
            assertError(response, 405, "method not allowed");
            assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElse(""));
        }
        assertEquals(405, send(HttpRequest.newBuilder(URI.create(base + "/")).POST(HttpRequest.BodyPublishers.noBody())).statusCode());
        HttpResponse<String> head = send(HttpRequest.newBuilder(URI.create(base + "/api/actors")).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
    }

    @Test
    void securityHeadersAndNoCors() throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(base + "/")).header("Origin", "http://evil.example"));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<canvas id=\"timeline-chart\""));
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("default-src 'self'") && csp.contains("script-src 'self'") && !csp.contains("unsafe"), csp);
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(""));
        HttpResponse<String> api = send(HttpRequest.newBuilder(URI.create(base + "/api/actors")).header("Origin", "http://evil.example"));
        assertTrue(api.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        assertEquals(200, get("/webjars/chart.js/4.4.7/dist/chart.umd.js").statusCode(), "Chart.js is served from the jar");
    }

    @Test
    void tokenIsRequiredWhenSetAndForNonLocalBinds() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new ApiServer(InMemoryQueries.withFixtures()).start("0.0.0.0", 0));
        try (ApiServer guarded = new ApiServer(InMemoryQueries.withFixtures()).apiToken("s3cret").start("127.0.0.1", 0)) {
            String url = "http://127.0.0.1:" + guarded.port();
            assertError(send(HttpRequest.newBuilder(URI.create(url + "/api/actors"))), 401, "unauthorized");
            assertEquals(401, send(HttpRequest.newBuilder(URI.create(url + "/api/actors")).header("Authorization", "Bearer wrong")).statusCode());
            assertEquals(200, send(HttpRequest.newBuilder(URI.create(url + "/api/actors")).header("Authorization", "Bearer s3cret")).statusCode());
            assertEquals(200, send(HttpRequest.newBuilder(URI.create(url + "/"))).statusCode(), "the page itself is public; its data is not");
        }
    }

    @Test
    void metricsInPrometheusFormat() throws Exception {
        metrics.articleEnriched(Duration.ofMillis(40));
        metrics.articleRejected("not-avro");
        metrics.stanceLabel("favor");
        metrics.alertRaised("STANCE_SHIFT");
        HttpResponse<String> response = get("/metrics");
        assertEquals(200, response.statusCode());
        String text = response.body();
        assertTrue(text.contains("stancewatch_articles_enriched_total 1.0"), text);
        assertTrue(text.contains("stancewatch_articles_rejected_total{reason=\"not-avro\"} 1.0"));
        assertTrue(text.contains("stancewatch_stance_labels_total{stance=\"FAVOR\"} 1.0"));
        assertTrue(text.contains("stancewatch_alerts_total{kind=\"STANCE_SHIFT\"} 1.0"));
        assertTrue(text.contains("stancewatch_enrichment_time_seconds_bucket"));
        assertTrue(text.contains("jvm_memory_used_bytes") && text.contains("jvm_threads_live_threads") && text.contains("jvm_gc_"));
    }

    @Test
    void serverSentEventsCarryPublishedAlertsAndDays() throws Exception {
        CompletableFuture<HttpResponse<Stream<String>>> stream = HTTP.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "/api/stream")).header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> response = stream.get(10, TimeUnit.SECONDS);
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        Iterator<String> lines = response.body().iterator();
        assertEquals("event: hello", lines.next());
        InMemoryQueries fixtures = InMemoryQueries.withFixtures();
        server.publishDay(fixtures.rawDays().get(0));
        server.publishAlert(Fixtures.alert("burst-isis", "isis", "ISIS", "UP", Fixtures.articles().get(0)));
        assertEquals("event: day", nextEvent(lines));
        assertEquals("event: alert", nextEvent(lines));
        String data = lines.next();
        assertTrue(data.startsWith("data: {") && data.contains("\"id\":\"burst-isis\""), data);
        response.body().close();
    }

    @Test
    void closeLeavesNoThreadThatKeepsTheJvmAlive() throws Exception {
        ApiServer other = new ApiServer(InMemoryQueries.withFixtures()).start("127.0.0.1", 0);
        HttpResponse<Stream<String>> response = HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + other.port() + "/api/stream"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        assertEquals("event: hello", response.body().iterator().next());
        other.close();
        Thread.sleep(200);
        List<String> lingering = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon() && (t.getName().contains("Javalin") || t.getName().contains("stancewatch")))
                .map(Thread::getName).toList();
        assertEquals(List.of(), lingering);
    }

    private static String nextEvent(Iterator<String> lines) {
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("event: ")) {
                return line;
            }
        }
        return "(stream ended)";
    }

    /** #12.3 drill-down: the articles behind a day's bar, an outlet row, a stance segment, the undated count. */
    @Test
    void actorArticlesAreTheArticlesBehindEachNumber() throws Exception {
        JsonNode day = json(get("/api/actors/iraqi-army/articles?day=2017-07-09"));
        assertEquals(2, day.size(), day.toString());
        assertEquals("a2", day.get(0).path("id").asText());
        assertEquals("Militias accused of abuses near Mosul", day.get(0).path("title").asText());
        assertEquals("Al Jazeera", day.get(0).path("outlet").asText());
        assertEquals("2017-07-09", day.get(0).path("day").asText());
        assertEquals("NEUTRAL", day.get(0).path("stance").asText());
        assertEquals("a3", day.get(1).path("id").asText());
        assertEquals("FAVOR", day.get(1).path("stance").asText());
        assertEquals(0.4, day.get(1).path("score").asDouble(), 1e-9);
        assertEquals(1, day.get(1).path("mentions").asInt());
        assertEquals(1, day.get(1).path("evidence").asInt());

        assertEquals(List.of("a4", "a1"), ids(get("/api/actors/iraqi-army/articles?outlet=Reuters")), "newest first");
        assertEquals(List.of("a4", "a3", "a1"), ids(get("/api/actors/iraqi-army/articles?stance=favor")));
        assertEquals(List.of("a5"), ids(get("/api/actors/iraqi-army/articles?outlet=Al%20Jazeera&stance=AGAINST")));
        assertEquals(List.of(Fixtures.UNDATED_ID), ids(get("/api/actors/iraqi-army/articles?day=undated")));
        assertEquals(List.of("a5"), ids(get("/api/actors/iraqi-army/articles?limit=1")));
        assertEquals(List.of(), ids(get("/api/actors/iraqi-army/articles?from=2017-07-10&day=2017-07-09")), "the day is outside the period");
        assertEquals(List.of("a4", "a2", "a3"), ids(get("/api/actors/iraqi-army/articles?from=2017-07-09&to=2017-07-10")), "newest day first, id order within a day");

        HttpResponse<String> csv = get("/api/actors/iraqi-army/articles?day=2017-07-09&format=csv");
        assertEquals(200, csv.statusCode(), csv.body());
        assertTrue(csv.body().startsWith("id,day,outlet,title,stance,score,mentions,evidence\r\na2,2017-07-09,Al Jazeera,"), csv.body());

        assertError(get("/api/actors/iraqi-army/articles?day=2017-13-01"), 400, "'day'");
        assertError(get("/api/actors/iraqi-army/articles?stance=good"), 400, "'stance'");
        assertError(get("/api/actors/iraqi-army/articles?outlet=Reu%01ters"), 400, "'outlet'");
        assertError(get("/api/actors/iraqi-army/articles?limit=0"), 400, "'limit'");
        assertError(get("/api/actors/nobody-known/articles"), 404, "unknown actor");
    }

    private static List<String> ids(HttpResponse<String> response) throws IOException {
        assertEquals(200, response.statusCode(), response.body());
        List<String> ids = new java.util.ArrayList<>();
        json(response).forEach(n -> ids.add(n.path("id").asText()));
        return ids;
    }
}
