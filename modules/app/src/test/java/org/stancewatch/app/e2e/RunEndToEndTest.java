package org.stancewatch.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancewatch.app.ConnectionOptions;
import org.stancewatch.app.ServerOptions;
import org.stancewatch.app.Stancewatch;
import org.stancewatch.app.StancewatchRuntime;
import org.stancewatch.app.TopicReader;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.Article;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.Topics;
import org.stancewatch.events.serde.AvroDeserializer;
import org.stancewatch.ingest.FeedOptions;
import org.stancewatch.ingest.InputScanner;
import org.stancewatch.ingest.ReadItem;
import org.stancewatch.nlp.ActorResult;
import org.stancewatch.nlp.ArticleAnalysis;
import org.stancewatch.nlp.ArticleAnalyzer;
import org.stancewatch.nlp.catalogue.ActorCatalogue;

/**
 * The whole product on the embedded broker + registry, driven through the CLI the way a user would:
 * `run` (the runtime), `feed` finding it through the data directory, then `mentions.daily` read back.
 */
class RunEndToEndTest {

    static final Path SEEDS = Path.of("../../seeds");

    @TempDir
    static Path dataDir;

    static StancewatchRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = StancewatchRuntime.start(ConnectionOptions.embeddedAt(dataDir), ServerOptions.loopback(0, 0, 0),
                Map.of(), System.out);
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    static int feed(Path... paths) {
        String[] args = new String[3 + paths.length];
        args[0] = "feed";
        args[1] = "--data-dir";
        args[2] = dataDir.toString();
        for (int i = 0; i < paths.length; i++) {
            args[3 + i] = paths[i].toString();
        }
        return Stancewatch.commandLine().execute(args);
    }

    static Map<String, ActorDay> mentionsDaily() {
        AvroDeserializer<ActorDay> d = new AvroDeserializer<>(ActorDay.class);
        d.configure(runtime.endpoints().clientConfig(), false);
        try (TopicReader<ActorDay> r = new TopicReader<>(runtime.endpoints().clientConfig(), Topics.MENTIONS_DAILY, d)) {
            return r.latestByKey(Duration.ofSeconds(60));
        }
    }

    static Map<String, ActorDay> awaitDaily(Predicate<Map<String, ActorDay>> done) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        while (true) {
            Map<String, ActorDay> now = mentionsDaily();
            if (done.test(now)) {
                return now;
            }
            assertTrue(Instant.now().isBefore(deadline), "mentions.daily did not reach the expected state: " + now.keySet());
            Thread.sleep(500);
        }
    }

    /** Whether a row on the topic counts the article: rows carry counts only, the drill-down is the pipeline's. */
    static boolean lists(Map<String, ActorDay> daily, String articleId) {
        return daily.keySet().stream().anyMatch(key -> counts(daily, key, articleId));
    }

    /** Whether row {@code key} is on the topic and its drill-down ({@code StancewatchPipeline.articleIds}) lists the article. */
    static boolean counts(Map<String, ActorDay> daily, String key, String articleId) {
        List<String> ids = drillDown(daily, key);
        return ids != null && ids.contains(articleId);
    }

    /** Whether row {@code key}, as on the topic, no longer counts the article (or is gone). */
    static boolean retracted(Map<String, ActorDay> daily, String key, String articleId) {
        List<String> ids = drillDown(daily, key);
        return daily.get(key) == null || (ids != null && !ids.contains(articleId));
    }

    /**
     * The articles behind row {@code key} once the topic has caught up with the store (the store is updated before
     * the row is committed to the topic): null while the topic's count differs from the drill-down's.
     */
    static List<String> drillDown(Map<String, ActorDay> daily, String key) {
        ActorDay row = daily.get(key);
        if (row == null) {
            return null;
        }
        try {
            List<String> ids = runtime.pipeline().articleIds(key);
            return ids.size() == row.getArticles() ? ids : null;
        } catch (org.apache.kafka.streams.errors.InvalidStateStoreException notReadyYet) {
            return null;
        }
    }

    static List<Article> seedArticles() {
        try (var items = new InputScanner(FeedOptions.defaults()).scan(List.of(SEEDS))) {
            return items.filter(i -> i instanceof ReadItem.Accepted).map(i -> ((ReadItem.Accepted) i).article()).toList();
        }
    }

    /** The dashboard's API serves the same numbers as `mentions.daily`; /metrics counts the enrichment. */
    static void apiAndMetricsAgreeWithTheTopic(ActorDay isis) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var days = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(runtime.dashboardUrl()
                + "api/actors/isis/days?from=2017-07-08&to=2017-07-08")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, days.statusCode(), days.body());
        var rows = new com.fasterxml.jackson.databind.ObjectMapper().readTree(days.body());
        assertEquals(1, rows.size(), days.body());
        assertEquals(isis.getMentions(), rows.get(0).get("mentions").asLong());
        assertEquals(isis.getAgainst(), rows.get(0).get("against").asLong());
        String metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(runtime.dashboardUrl()
                + "metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("stancewatch_articles_enriched_total")
                && !l.endsWith(" 0.0")), "enriched counter is non-zero");
        assertTrue(metrics.contains("stancewatch_stance_labels_total{stance=\"AGAINST\"}"), "stance labels counted");
        assertTrue(metrics.contains("kafka_stream_"), "Kafka Streams metrics bound");
    }

    @Test
    void countsMatchTheAnalyzer_refeedingChangesNothing_andACorrectionRetractsTheRemovedActor(@TempDir Path work)
            throws Exception {
        List<Article> seeds = seedArticles();
        assertEquals(0, feed(SEEDS));

        // Counts for the dated seeds equal what `stancewatch analyze` reports for each article.
        ArticleAnalyzer analyzer = new ArticleAnalyzer(ActorCatalogue.starter());
        Map<String, long[]> expected = new HashMap<>(); // actor|day -> {mentions, articles}
        for (Article a : seeds) {
            if (a.getPublishedDate() == null) {
                continue;
            }
            ArticleAnalysis analysis = analyzer.analyze(a.getTitle(), a.getBody(), a.getPublishedDate());
            for (ActorResult r : analysis.actors()) {
                long[] e = expected.computeIfAbsent(r.actorId() + "|" + a.getPublishedDate(), k -> new long[2]);
                e[0] += r.mentions().size();
                e[1] += 1;
            }
        }
        assertTrue(expected.size() > 10, expected.keySet().toString());
        // An article's rows are written by different tasks, so one row listing it proves nothing about the others:
        // wait for every expected row at its expected article count.
        Map<String, ActorDay> first = awaitDaily(daily -> seeds.stream().allMatch(a -> lists(daily, a.getId()))
                && expected.entrySet().stream().allMatch(e -> daily.get(e.getKey()) != null
                        && daily.get(e.getKey()).getArticles() == e.getValue()[1]));
        expected.forEach((key, e) -> {
            ActorDay d = first.get(key);
            assertTrue(d != null, "no mentions.daily row " + key);
            assertEquals(e[0], d.getMentions(), "mentions " + key);
            assertEquals(e[1], d.getArticles(), "articles " + key);
            assertEquals(d.getArticles(), d.getFavor() + d.getAgainst() + d.getNeutral() + d.getMixed(), "stance total " + key);
        });
        apiAndMetricsAgreeWithTheTopic(first.get("isis|2017-07-08"));
        assertEquals(expected.keySet(), first.keySet().stream()
                .filter(k -> k.split("\\|").length == 2)
                .filter(k -> first.get(k).getArticles() > 0)
                .filter(k -> !k.endsWith("|undated"))
                .collect(Collectors.toSet()), "every dated row is a 2017 day of a dated seed");
        // The undated seeds (001, 002) are counted in undated rows, never on the day they were fed.
        List<String> undatedIds = seeds.stream().filter(a -> a.getPublishedDate() == null).map(Article::getId).toList();
        assertEquals(2, undatedIds.size());
        ActorDay isisUndated = first.get("isis|undated");
        assertTrue(isisUndated != null && isisUndated.getDay() == null
                && undatedIds.stream().allMatch(id -> counts(first, "isis|undated", id)), String.valueOf(isisUndated));
        assertTrue(first.keySet().stream().noneMatch(k -> k.contains("|" + LocalDate.now())), "nothing on today");

        // Feeding the same files again (same ids) leaves every count as it was; a marker article fed
        // after them tells us the pipeline has got past the re-sends.
        Path marker = work.resolve("marker.jsonl");
        Files.writeString(marker, "{\"id\":\"marker-1\",\"title\":\"Marker\",\"body\":\"Russia and Iran met in Tehran "
                + "to discuss the war against ISIS.\",\"published\":\"2017-09-01\"}\n");
        assertEquals(0, feed(SEEDS, marker));
        Map<String, ActorDay> second = awaitDaily(daily -> lists(daily, "marker-1"));
        first.forEach((key, day) -> {
            ActorDay again = second.get(key);
            assertEquals(day.getMentions(), again.getMentions(), "re-feed changed mentions of " + key);
            assertEquals(day.getArticles(), again.getArticles(), "re-feed changed articles of " + key);
            assertEquals(day.getAgainst(), again.getAgainst(), "re-feed changed against of " + key);
        });

        // A corrected version of the 2017-07-08 article (same id) without any US-led coalition sentence.
        Article original = seeds.stream().filter(a -> LocalDate.of(2017, 7, 8).equals(a.getPublishedDate()))
                .findFirst().orElseThrow();
        String key = "us-led-coalition|2017-07-08";
        assertTrue(first.get(key).getArticles() >= 1, "the original mentions the coalition");
        String corrected = java.util.Arrays.stream(original.getBody().split("\n"))
                .filter(line -> !line.toLowerCase().contains("coalition"))
                .collect(Collectors.joining("\n"));
        Path fix = work.resolve("fix.jsonl");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("id", original.getId()).put("title", original.getTitle()).put("body", corrected)
                .put("published", "2017-07-08");
        Files.writeString(fix, json.toString() + "\n");
        assertEquals(0, feed(fix));
        Map<String, ActorDay> third = awaitDaily(daily -> retracted(daily, key, original.getId()));
        long before = first.get(key).getArticles();
        long after = third.get(key) == null ? 0 : third.get(key).getArticles();
        assertEquals(before - 1, after, "the corrected article's coalition count is retracted");
        assertTrue(counts(third, "isis|2017-07-08", original.getId()),
                "actors still in the correction stay counted");

        // A restart of `run` on the same data directory shows the same numbers and goes on processing.
        String beforeRestart = apiDays("isis", "2017-07-08");
        runtime.close();
        runtime = StancewatchRuntime.start(ConnectionOptions.embeddedAt(dataDir), ServerOptions.loopback(0, 0, 0),
                Map.of(), System.out);
        assertEquals(beforeRestart, apiDays("isis", "2017-07-08"), "API numbers survive a restart");
        Path afterRestart = work.resolve("after-restart.jsonl");
        Files.writeString(afterRestart, "{\"id\":\"after-restart-1\",\"title\":\"After\",\"body\":\"ISIS fighters "
                + "attacked Iraqi forces near Mosul.\",\"published\":\"2017-07-08\"}\n");
        assertEquals(0, feed(afterRestart));
        awaitDaily(daily -> counts(daily, "isis|2017-07-08", "after-restart-1"));
    }

    /** The API's rows for one actor and day, as JSON text (volatile fields such as updatedAt excluded). */
    static String apiDays(String actor, String day) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(120);
        while (true) {
            var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(runtime.dashboardUrl()
                    + "api/actors/" + actor + "/days?from=" + day + "&to=" + day)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                var rows = (com.fasterxml.jackson.databind.node.ArrayNode)
                        new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
                rows.forEach(r -> ((com.fasterxml.jackson.databind.node.ObjectNode) r).remove("updatedAt"));
                return rows.toString();
            }
            assertTrue(java.time.Instant.now().isBefore(deadline), "API not ready after restart: " + response.body());
            Thread.sleep(500); // 503 while the state stores are restored
        }
    }
}
