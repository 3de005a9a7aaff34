package org.stancewatch.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.stancewatch.app.ConnectionOptions;
import org.stancewatch.app.ServerOptions;
import org.stancewatch.app.Stancewatch;
import org.stancewatch.app.StancewatchRuntime;
import org.stancewatch.events.Article;
import org.stancewatch.ingest.FeedOptions;
import org.stancewatch.ingest.InputScanner;
import org.stancewatch.ingest.ReadItem;

/**
 * #12.3 end to end: the seeds fed through the whole pipeline (embedded broker and registry, the real analyser, the
 * app's own HTTP server), then the dashboard in headless Chromium: a day's bar opens the articles of that day, one of
 * them opens with the actor's mentions highlighted and its stance sentences marked; a holder edge opens its sentences.
 * The expected content comes from the API of the same run (the tagger's labels may change with the model), the
 * clicks and what they must show are fixed.
 */
class DrillDownEndToEndBrowserTest {
    private static final Path SEEDS = Path.of("../../seeds");
    private static final String ACTOR = "nouri-al-maliki";
    private static final String DAY = "2017-07-21"; // seed 000's date line
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static StancewatchRuntime runtime;
    static WebDriver driver;
    static WebDriverWait wait;
    static String seed000;

    @BeforeAll
    static void start() {
        assumeTrue(DashboardBrowserTest.CHROMEDRIVER.canExecute(), "/usr/bin/chromedriver is missing: install Debian packages chromium and chromium-driver to run the browser test");
        runtime = StancewatchRuntime.start(ConnectionOptions.embeddedAt(dir.resolve("data")), ServerOptions.loopback(0, 0, 0),
                Map.of(), System.out);
        try (var items = new InputScanner(FeedOptions.defaults()).scan(List.of(SEEDS))) {
            seed000 = items.filter(i -> i instanceof ReadItem.Accepted).map(i -> ((ReadItem.Accepted) i).article())
                    .filter(a -> a.getId() != null && java.time.LocalDate.parse(DAY).equals(a.getPublishedDate()))
                    .map(Article::getId).findFirst().orElseThrow();
        }
        assertEquals(0, Stancewatch.commandLine().execute("feed", "--data-dir", dir.resolve("data").toString(), SEEDS.toString()));
        driver = DashboardBrowserTest.newDriver(dir.resolve("profile"));
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    static JsonNode api(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(runtime.dashboardUrl() + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? ApiServer.newObjectMapper().readTree(r.body()) : null;
    }

    /** Polls the API until the pipeline has got there (enrichment, counts, holder rows are asynchronous). */
    static JsonNode await(String path, Predicate<JsonNode> done) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        while (true) {
            JsonNode answer = api(path);
            if (answer != null && done.test(answer)) {
                return answer;
            }
            assertTrue(Instant.now().isBefore(deadline), path + " did not reach the expected state: " + answer);
            Thread.sleep(500);
        }
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    @Test
    void aDayBarOpensTheSeedArticle_itsMentionsAndStanceSentencesAreMarked_andAHolderEdgeOpensItsSentences() throws Exception {
        JsonNode behindTheDay = await("api/actors/" + ACTOR + "/articles?day=" + DAY,
                rows -> rows.findValuesAsText("id").contains(seed000));
        JsonNode article = api("api/articles/" + seed000);
        JsonNode edges = await("api/actors/" + ACTOR + "/targets", rows -> rows.size() > 0);

        driver.get(runtime.dashboardUrl());
        wait.until(d -> "true".equals(js("return document.body.dataset.ready")));
        driver.findElement(By.cssSelector("#actor-table tr[data-actor='" + ACTOR + "']")).click();
        wait.until(d -> "Nouri al-Maliki".equals(js("return document.getElementById('actor-title').textContent")));
        wait.until(d -> Boolean.TRUE.equals(js("const c = Chart.getChart('timeline-chart');"
                + " return !!c && c.data.datasets[0].data.some(p => new Date(p.x * 86400000).toISOString().slice(0, 10) === arguments[0])", DAY)));

        // The day's bar, clicked with the mouse above its column: all the actor's articles of that day.
        long index = (Long) js("return Chart.getChart('timeline-chart').data.datasets[0].data"
                + ".findIndex(p => new Date(p.x * 86400000).toISOString().slice(0, 10) === arguments[0])", DAY);
        DashboardBrowserTest.clickBar(driver, "timeline-chart", null, (int) index);
        List<String> expected = new ArrayList<>(behindTheDay.findValuesAsText("id"));
        wait.until(d -> expected.equals(js("return Array.from(document.querySelectorAll('#actor-articles li[data-article]')).map(li => li.dataset.article)")));
        assertTrue(driver.findElement(By.id("articles-caption")).getText().contains("on " + DAY),
                driver.findElement(By.id("articles-caption")).getText());
        WebElement item = driver.findElement(By.cssSelector("#actor-articles li[data-article='" + seed000 + "']"));
        assertTrue(item.getText().contains(article.path("title").asText()), item.getText());
        String stance = null;
        for (JsonNode row : behindTheDay) {
            if (row.path("id").asText().equals(seed000)) {
                stance = row.path("stance").asText();
            }
        }
        String label = stance;
        assertEquals(stance, item.findElement(By.cssSelector(".badge")).getText(), "the actor's stance in the article");

        // The stance segment of that bar: only articles with that label, the seed among them.
        DashboardBrowserTest.clickBar(driver, "timeline-chart", stance, (int) index);
        wait.until(d -> d.findElement(By.id("articles-caption")).getText().contains(label + " on " + DAY));
        assertTrue(driver.findElements(By.cssSelector("#actor-articles li[data-article='" + seed000 + "']")).size() == 1);
        assertTrue(driver.findElements(By.cssSelector("#actor-articles li .badge")).stream().allMatch(b -> b.getText().equals(label)));

        // Open it: Maliki's mentions highlighted (focus: the selected actor), the stance sentences marked and listed.
        driver.findElement(By.cssSelector("#actor-articles li[data-article='" + seed000 + "'] button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("article-view")));
        assertEquals(article.path("title").asText(), driver.findElement(By.id("article-title")).getText());
        List<String> mentions = new ArrayList<>();
        for (JsonNode m : article.path("mentions")) {
            if (m.path("actorId").asText().equals(ACTOR)) {
                m.path("spans").forEach(s -> mentions.add(s.path("text").asText()));
            }
        }
        assertFalse(mentions.isEmpty(), "the seed mentions Maliki: " + article.path("mentions"));
        assertEquals(mentions, js("return Array.from(document.querySelectorAll(\"#article-body mark.mention.focus[data-actor='" + ACTOR + "']\"))"
                + ".map(m => m.textContent)"), "every mention highlighted, in order");
        // "Iraqi" names Iraq inside "Iraqi Vice President, Nouri Al-Maliki": a mark nested in Maliki's, which stays whole.
        assertEquals(List.of("Iraqi"), js("return Array.from(document.querySelectorAll(\"#article-body mark.mention[data-actor='" + ACTOR
                + "'] mark.mention[data-actor='iraq']\")).map(m => m.textContent)"), "the state's demonym marked inside the role");
        List<String> sentences = new ArrayList<>();
        for (JsonNode s : article.path("stances")) {
            s.path("evidence").forEach(e -> sentences.add(e.path("sentence").asText()));
        }
        assertFalse(sentences.isEmpty(), "the seed has stance evidence: " + article.path("stances"));
        assertEquals(sentences.size(), driver.findElements(By.cssSelector("#article-evidence li")).size());
        @SuppressWarnings("unchecked")
        List<String> marked = (List<String>) js("return Array.from(document.querySelectorAll('#article-body .evidence')).map(e => e.textContent)");
        String markedText = String.join("", marked);
        JsonNode first = article.path("stances").get(0).path("evidence").get(0);
        if (first.path("start").asInt() >= 0) {
            assertTrue(markedText.contains(article.path("body").asText().substring(first.path("start").asInt(), first.path("end").asInt())),
                    "the evidence sentence is marked in the text: " + marked);
        }
        assertTrue(driver.findElement(By.cssSelector("#article-evidence li .score")).getText().matches("[+-]?\\d\\.\\d\\d"));
        assertTrue(driver.findElement(By.cssSelector("#article-evidence li .holder")).getText().startsWith("said by "));
        DashboardBrowserTest.screenshot(driver, "drill-e2e-article.png");
        driver.findElement(By.id("article-close")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("article-view")));

        // The holders graph: an edge of what Maliki says about others opens its sentences (as the API lists them).
        JsonNode edge = edges.get(0);
        String key = edge.path("holder").asText() + ">" + edge.path("target").asText();
        js("document.getElementById('holders-view').scrollIntoView()");
        WebElement hit = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#holders-graph .holder-edge[data-edge='" + key + "'] .hit")));
        hit.click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("holder-sentences")));
        List<String> examples = new ArrayList<>();
        edge.path("examples").forEach(e -> examples.add(e.path("sentence").asText()));
        assertFalse(examples.isEmpty());
        assertEquals(examples, js("return Array.from(document.querySelectorAll('#holder-sentences li q')).map(q => q.textContent)"));
        DashboardBrowserTest.screenshot(driver, "drill-e2e-holders.png");

        // #12 search CLI: the running app recorded its address in the data dir, so `search` needs no --api-url.
        assertEquals(runtime.dashboardUrl(), java.nio.file.Files.readString(dir.resolve("data").resolve(org.stancewatch.app.ApiAddress.FILE)).trim());
        SearchEndToEndTest.CliRun search = SearchEndToEndTest.cli("search", "--data-dir", dir.resolve("data").toString(), "--actor", ACTOR);
        assertEquals(0, search.code(), search.err());
        assertTrue(search.out().contains(" article(s)"), search.out());

        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertTrue(errors.isEmpty(), "browser console errors: " + errors);
    }
}
