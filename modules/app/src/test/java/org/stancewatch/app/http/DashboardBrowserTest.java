package org.stancewatch.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard in real headless Chromium against the API over fixture data. */
class DashboardBrowserTest {
    static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target");

    @TempDir
    static Path profile;
    private static ApiServer server;
    private static org.stancewatch.app.search.ArticleIndex searchIndex;
    private static WebDriver driver;
    private static WebDriverWait wait;
    private static String base;

    @BeforeAll
    static void start() {
        assumeTrue(CHROMEDRIVER.canExecute(), "/usr/bin/chromedriver is missing: install Debian packages chromium and chromium-driver to run the browser test");
        searchIndex = org.stancewatch.app.search.ArticleIndex.inMemory();
        try {
            for (org.stancewatch.events.EnrichedArticle a : Fixtures.articles()) {
                searchIndex.put(a);
            }
            searchIndex.commit(java.util.Map.of());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        server = new ApiServer(InMemoryQueries.withFixtures()).search(searchIndex).start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + server.port();
        driver = newDriver(profile);
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    /** Headless Chromium (the Debian chromium package) with the browser console captured for the error checks. */
    static WebDriver newDriver(Path profile) {
        ChromeOptions options = new ChromeOptions();
        if (new File("/usr/bin/chromium").canExecute()) {
            options.setBinary("/usr/bin/chromium");
        }
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1440,1000", "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
        if (searchIndex != null) {
            try {
                searchIndex.close();
            } catch (java.io.IOException ignored) {
                // test teardown
            }
        }
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private static void screenshot(String name) throws Exception {
        screenshot(driver, name);
    }

    static void screenshot(WebDriver driver, String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void dashboardShowsActorsChartsArticlesAndLiveAlertsSafely() throws Exception {
        driver.get(base + "/");
        wait.until(d -> "true".equals(js("return document.body.dataset.ready")));

        List<WebElement> rows = driver.findElements(By.cssSelector("#actor-table tbody tr"));
        assertEquals(4, rows.size());
        assertEquals("7", rows.get(0).findElements(By.cssSelector("td")).get(2).getText());
        assertEquals("Iraqi army\n5 articles · 4 days", rows.get(0).findElement(By.cssSelector(".name")).getText());
        assertEquals("AGAINST", rows.get(0).findElement(By.cssSelector(".badge")).getText());

        // The first actor is selected: its timeline is a Chart.js chart with one bar group per day (x: days since 1970).
        wait.until(d -> Boolean.TRUE.equals(js("return !!Chart.getChart('timeline-chart')")));
        assertEquals(List.of("2017-07-08", "2017-07-09", "2017-07-10", "2017-07-11"),
                js("return Chart.getChart('timeline-chart').data.datasets[0].data.map(p => new Date(p.x * 86400000).toISOString().slice(0, 10))"));
        long painted = (Long) js("const c = document.getElementById('timeline-chart');"
                + "const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "let n = 0; for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++; return n;");
        assertTrue(painted > 2000, "timeline canvas has drawing, painted pixels: " + painted);
        assertEquals(List.of("Reuters", "Al Jazeera", "BBC"), js("return Chart.getChart('outlet-chart').data.labels"));
        // The undated article is a count beside the chart, not a bar on today (nor on any day).
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("actor-undated")));
        assertEquals("Undated: 1 article (no publication date; not plotted)", driver.findElement(By.id("actor-undated")).getText());
        assertTrue(driver.findElement(By.id("undated-note")).getText().startsWith("Undated: 1 article with no publication date"),
                driver.findElement(By.id("undated-note")).getText());
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#actor-articles li"), 5));
        screenshot("dashboard.png");

        // Article view: mentions highlighted, stance sentences marked.
        driver.findElement(By.xpath("//ul[@id='actor-articles']//button[text()='Iraqi army closes in on Mosul old city']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("article-view")));
        List<WebElement> marks = driver.findElements(By.cssSelector("#article-body mark.mention[data-actor='iraqi-army']"));
        assertEquals(2, marks.size());
        assertEquals("Iraqi army", marks.get(0).getText());
        assertEquals("ISIS", driver.findElement(By.cssSelector("#article-body mark.mention[data-actor='isis']")).getText());
        String favourEvidence = (String) js("return Array.from(document.querySelectorAll('#article-body .evidence.ev-favor')).map(e => e.textContent).join('')");
        assertEquals("Commanders praised the Iraqi army for its discipline.", favourEvidence);
        assertTrue(driver.findElements(By.cssSelector("#article-body .evidence.ev-against")).size() > 0);
        assertEquals("https://example.org/mosul/a1", driver.findElement(By.id("article-source")).getAttribute("href"));
        screenshot("dashboard-article.png");
        driver.findElement(By.id("article-close")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("article-view")));

        // Untrusted markup in an article is shown as text and never runs.
        clickActorRow("isis");
        WebElement evilLink = wait.until(ExpectedConditions.elementToBeClickable(
                By.xpath("//ul[@id='actor-articles']//button[starts-with(text(), '<script>')]")));
        assertEquals(Fixtures.XSS_TITLE, evilLink.getText());
        evilLink.click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("article-view")));
        assertEquals(Fixtures.XSS_TITLE, driver.findElement(By.id("article-title")).getText());
        assertTrue(driver.findElement(By.id("article-body")).getText().contains("<img src=x onerror=\"window.__pwned = true\">"));
        assertEquals(0L, js("return document.querySelectorAll('#article-view script, #article-view img, #article-view b, #actor-articles script').length"));
        assertEquals(Boolean.FALSE, js("return 'pwned' in window || '__pwned' in window"));
        assertFalse(driver.findElement(By.id("article-source")).isDisplayed(), "a javascript: URL is never offered as a link");
        driver.findElement(By.id("article-close")).click();

        // A custom period narrows the ranking.
        js("const f = document.getElementById('from'), t = document.getElementById('to');"
                + "f.value = '2017-07-09'; t.value = '2017-07-09'; t.dispatchEvent(new Event('change'));");
        wait.until(d -> "2017-07-09 – 2017-07-09".equals(js("return document.getElementById('period-label').textContent")));
        assertEquals(List.of("iraqi-army", "united-states", "pmf"),
                js("return Array.from(document.querySelectorAll('#actor-table tbody tr')).map(r => r.dataset.actor)"));
        driver.findElement(By.cssSelector("button[data-preset='all']")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#actor-table tbody tr"), 4));

        // Live: an alert published on the server appears without a reload.
        wait.until(d -> "live on".equals(js("return document.getElementById('live-status').className")));
        server.publishAlert(Fixtures.alert("shift-pmf-live", "pmf", "Popular Mobilization Forces", "TOWARD_FAVOR", Fixtures.articles().get(4)));
        WebElement live = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#alert-feed li[data-alert='shift-pmf-live']")));
        assertTrue(live.getText().contains("Popular Mobilization Forces"));
        assertEquals("shift-pmf-live", js("return document.querySelector('#alert-feed li').dataset.alert"), "newest alert first");
        clickActorRow("iraqi-army");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#actor-articles li"), 5));
        screenshot("dashboard-live.png");

        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertFalse(errors.stream().anyMatch(e -> true), "browser console errors (CSP violations, script errors): " + errors);
    }

    /** Issue #12.1: who says what about the selected actor, as a graph and a table; an edge opens its sentences. */
    @Test
    void holdersGraphShowsWhoSaysWhat_anEdgeOpensItsSentences_andNothingFromArticlesIsMarkup() throws Exception {
        driver.manage().window().setSize(new Dimension(1440, 1000));
        driver.get(base + "/");
        wait.until(d -> "true".equals(js("return document.body.dataset.ready")));
        // Iraqi army is selected first: four holders speak about it, it speaks about ISIS.
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#holders-graph .holder-edge"), 5));
        @SuppressWarnings("unchecked")
        List<String> edges = (List<String>) js("return Array.from(document.querySelectorAll('#holders-graph .holder-edge')).map(g => g.dataset.edge)");
        assertEquals(List.of("outlet:Reuters>iraqi-army", "outlet:Al Jazeera>iraqi-army",
                "speaker:" + HolderFixtures.XSS_HOLDER.toLowerCase() + ">iraqi-army", "united-states>iraqi-army",
                "iraqi-army>isis"), edges);
        // Colour = stance, width = sentences.
        String line = "return document.querySelector(\"#holders-graph .holder-edge[data-edge='\" + arguments[0] + \"'] .visible\")";
        assertEquals("#2e9d5b", js(line + ".getAttribute('stroke')", "united-states>iraqi-army"));
        assertEquals("#d64545", js(line + ".getAttribute('stroke')", "outlet:Al Jazeera>iraqi-army"));
        assertEquals("#d64545", js(line + ".getAttribute('stroke')", "iraqi-army>isis"));
        double reuters = Double.parseDouble((String) js(line + ".getAttribute('stroke-width')", "outlet:Reuters>iraqi-army"));
        double us = Double.parseDouble((String) js(line + ".getAttribute('stroke-width')", "united-states>iraqi-army"));
        double isis = Double.parseDouble((String) js(line + ".getAttribute('stroke-width')", "iraqi-army>isis"));
        assertTrue(isis > reuters && reuters > us, "3 sentences > 2 > 1: " + isis + ", " + reuters + ", " + us);
        assertEquals(5, driver.findElements(By.cssSelector("#holders-table tbody tr")).size());
        assertFalse(driver.findElement(By.id("holder-sentences")).isDisplayed(), "no sentences before a click");
        js("document.getElementById('holders-view').scrollIntoView()");
        screenshot("dashboard-holders.png");

        // Click the United States -> Iraqi army edge: its sentence, and from there the article.
        driver.findElement(By.cssSelector("#holders-graph .holder-edge[data-edge='united-states>iraqi-army'] .hit")).click();
        WebElement sentences = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("holder-sentences")));
        assertTrue(sentences.findElement(By.tagName("h4")).getText().startsWith("United States → Iraqi army: FAVOR"),
                sentences.getText());
        assertEquals(List.of(HolderFixtures.US_SENTENCE),
                js("return Array.from(document.querySelectorAll('#holder-sentences li q')).map(q => q.textContent)"));
        assertEquals("true", js("return String(document.querySelector(\"#holders-graph .holder-edge[data-edge='united-states>iraqi-army']\").classList.contains('selected'))"));
        screenshot("dashboard-holders-edge.png");
        sentences.findElement(By.xpath(".//button[text()='article of 2017-07-09']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("article-view")));
        assertEquals("US-led coalition strikes support Mosul push", driver.findElement(By.id("article-title")).getText());
        driver.findElement(By.id("article-close")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("article-view")));

        // A speaker name and a sentence full of markup stay text, in the graph, the table and the sentence list.
        js("Array.from(document.querySelectorAll('#holders-graph .holder-edge')).find(g => g.dataset.edge.startsWith('speaker:'))"
                + ".dispatchEvent(new MouseEvent('click', {bubbles: true}))");
        wait.until(d -> List.of(HolderFixtures.XSS_SENTENCE).equals(
                js("return Array.from(document.querySelectorAll('#holder-sentences li q')).map(q => q.textContent)")));
        assertTrue(driver.findElement(By.cssSelector("#holder-sentences h4")).getText().startsWith(HolderFixtures.XSS_HOLDER));
        assertTrue(driver.findElement(By.id("holders-table")).getText().contains(HolderFixtures.XSS_HOLDER));
        assertEquals(0L, js("return document.querySelectorAll('#holders-view script, #holders-view img, #holders-view b').length"));
        assertEquals(Boolean.FALSE, js("return 'pwned' in window || '__pwned' in window"));

        // A table row opens the same sentences; the period filters the edges; an actor node selects that actor.
        driver.findElement(By.cssSelector("#holders-table tr[data-edge='iraqi-army>isis']")).click();
        wait.until(d -> Long.valueOf(3).equals(js("return document.querySelectorAll('#holder-sentences li').length")));
        js("const f = document.getElementById('from'), t = document.getElementById('to');"
                + "f.value = '2017-07-08'; t.value = '2017-07-08'; t.dispatchEvent(new Event('change'));");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#holders-graph .holder-edge"), 2));
        wait.until(d -> Long.valueOf(2).equals(js("return document.querySelectorAll('#holder-sentences li').length")));
        driver.findElement(By.cssSelector("button[data-preset='all']")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#holders-graph .holder-edge"), 5));
        js("document.querySelector(\"#holders-graph .node[data-node='united-states']\").dispatchEvent(new MouseEvent('click', {bubbles: true}))");
        wait.until(d -> "United States".equals(js("return document.getElementById('actor-title').textContent")));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#holders-graph .holder-edge"), 1));
        assertEquals("united-states>iraqi-army", js("return document.querySelector('#holders-graph .holder-edge').dataset.edge"));

        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertTrue(errors.isEmpty(), "browser console errors: " + errors);
    }

    /** #12.2: the search box lists hits with marked words, as text only; a hit opens its article; bad syntax says so. */
    @Test
    void searchBoxFindsArticles_marksTheWordsAsTextOnly_andAHitOpensTheArticle() throws Exception {
        driver.get(base + "/");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#actor-table tbody tr"), 4));
        driver.findElement(By.cssSelector("button[data-preset='all']")).click();
        WebElement box = driver.findElement(By.id("search-q"));
        box.clear();
        box.sendKeys("hostile OR praised");
        box.submit();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#search-results li"), 3));
        assertEquals("3 articles (showing 3)", driver.findElement(By.id("search-status")).getText());
        String evilSnippet = (String) js("return Array.from(document.querySelectorAll('#search-results li .snippet'))"
                + ".map(p => p.textContent).find(t => t.includes('Hostile'))");
        assertTrue(evilSnippet.startsWith("Hostile text <img src=x onerror=\"window."), "markup shown as text: " + evilSnippet);
        assertEquals(List.of("Hostile", "praised", "praised"),
                js("return Array.from(document.querySelectorAll('#search-results mark')).map(m => m.textContent)"));
        assertEquals(0L, js("return document.querySelectorAll('#search-panel script, #search-panel img, #search-panel b').length"));
        assertEquals(Boolean.FALSE, js("return 'pwned' in window || '__pwned' in window"));
        screenshot("search.png");

        driver.findElement(By.xpath("//ul[@id='search-results']//button[normalize-space()='Iraqi army closes in on Mosul old city']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("article-view")));
        assertEquals("Iraqi army closes in on Mosul old city", driver.findElement(By.id("article-title")).getText());
        driver.findElement(By.id("article-close")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("article-view")));

        box = driver.findElement(By.id("search-q"));
        box.clear();
        box.sendKeys("army AND (");
        box.submit();
        wait.until(d -> d.findElement(By.id("search-status")).getText().startsWith("bad parameter 'q'"));
        assertEquals(0, driver.findElements(By.cssSelector("#search-results li")).size());
        // Reading the log empties it: the one error Chromium logs is the 400 asked for above (other tests check theirs).
        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertTrue(errors.stream().allMatch(e -> e.getMessage().contains("/api/search?q=army+AND+%28")
                && e.getMessage().contains("400")), "browser console errors: " + errors);
    }

    private static long epochDay(String day) {
        return java.time.LocalDate.parse(day).toEpochDay();
    }

    /** Issue #14.7: dates on a real time axis with alert days marked, empty charts explained, no sideways scroll. */
    @Test
    void timelineIsATimeAxisWithAlertDaysMarked_emptyChartsSaySo_andNarrowWindowsDoNotScrollSideways() throws Exception {
        driver.manage().window().setSize(new Dimension(1440, 1000));
        driver.get(base + "/");
        wait.until(d -> "true".equals(js("return document.body.dataset.ready")));
        wait.until(d -> Boolean.TRUE.equals(js("const c = Chart.getChart('timeline-chart');"
                + " return !!c && c.options.plugins.alertMarkers.days.length > 0")));

        // The selected actor (Iraqi army) has an alert on 2017-07-11: it is marked on its timeline, in the marker's colour.
        assertEquals("linear", js("return Chart.getChart('timeline-chart').scales.x.type"));
        assertEquals(List.of("2017-07-11"), js("return Chart.getChart('timeline-chart').options.plugins.alertMarkers.days"));
        long markerPixels = (Long) js("const c = Chart.getChart('timeline-chart'); const x = Math.round(c.scales.x.getPixelForValue(arguments[0]));"
                + "const px = c.ctx.getImageData(x - 2, c.chartArea.top, 5, c.chartArea.bottom - c.chartArea.top).data; let n = 0;"
                + "for (let i = 0; i < px.length; i += 4) if (Math.abs(px[i] - 180) < 25 && px[i + 1] < 70 && px[i + 2] < 60) n++; return n;",
                epochDay("2017-07-11"));
        assertTrue(markerPixels > 20, "a dashed alert line is drawn at 2017-07-11, marker pixels: " + markerPixels);
        // The plain sentence leads the alert; the detector's numbers are behind "The numbers".
        assertTrue(driver.findElement(By.cssSelector("#alert-feed li[data-alert='shift-iraqi-army-2017-07-11'] .headline")).getText()
                .startsWith("Coverage of Iraqi army turned more critical around 11 July 2017: 60% of the 5 latest articles"));

        // Days far apart sit as far apart as they are (a category axis put them side by side, evenly spaced).
        js("stancewatch.drawTimeline([{day: '2017-07-08', mentions: 3, favor: 1, against: 0, neutral: 1, mixed: 0},"
                + "{day: '2017-07-21', mentions: 2, favor: 0, against: 1, neutral: 0, mixed: 0},"
                + "{day: '2026-12-02', mentions: 1, favor: 0, against: 0, neutral: 1, mixed: 0}])");
        double ratio = ((Number) js("const x = Chart.getChart('timeline-chart').scales.x; const p = (d) => x.getPixelForValue(d);"
                + "return (p(arguments[1]) - p(arguments[0])) / (p(arguments[2]) - p(arguments[0]));",
                epochDay("2017-07-08"), epochDay("2017-07-21"), epochDay("2026-12-02"))).doubleValue();
        assertEquals(13.0 / 3434.0, ratio, 0.001, "13 of 3,434 days");
        @SuppressWarnings("unchecked")
        List<String> ticks = (List<String>) js("return Chart.getChart('timeline-chart').scales.x.ticks.map((t) => t.label).filter(Boolean)");
        assertTrue(ticks.size() >= 3 && ticks.stream().allMatch(t -> t.matches("\\d{4}-\\d{2}")), "ticks are months over years: " + ticks);
        screenshot("dashboard-time-axis.png");

        // A period without coverage: the charts say so instead of standing empty. Untracked names follow the period.
        js("const f = document.getElementById('from'), t = document.getElementById('to');"
                + "f.value = '2017-07-09'; t.value = '2017-07-09'; t.dispatchEvent(new Event('change'));");
        wait.until(d -> List.of("Abdul Wahab al-Saadi").equals(js(
                "return Array.from(document.querySelectorAll('#candidate-table tbody tr td:first-child')).map(td => td.textContent)")));
        js("const f = document.getElementById('from'), t = document.getElementById('to');"
                + "f.value = '2020-01-01'; t.value = '2020-01-31'; t.dispatchEvent(new Event('change'));");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("outlet-empty")));
        assertFalse(driver.findElement(By.id("outlet-box")).isDisplayed());
        assertTrue(driver.findElement(By.id("timeline-empty")).isDisplayed());
        assertTrue(driver.findElement(By.id("candidates-empty")).isDisplayed());
        screenshot("dashboard-empty-period.png");

        // A phone-sized window: everything reflows, nothing sticks out sideways.
        driver.manage().window().setSize(new Dimension(390, 900));
        driver.get(base + "/");
        wait.until(d -> "true".equals(js("return document.body.dataset.ready")));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#actor-articles li"), 5));
        long viewport = (Long) js("return document.documentElement.clientWidth");
        assertTrue(viewport <= 420, "the window is narrow: " + viewport);
        assertEquals(viewport, js("return document.documentElement.scrollWidth"), () -> "no horizontal scrolling; sticking out: " + js(
                "return Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > arguments[0] + 0.5)"
                        + ".slice(0, 8).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))",
                viewport));
        assertEquals(Boolean.TRUE, js("const p = document.getElementById('actors-panel'); return p.scrollWidth <= p.clientWidth"),
                "the actor table fits its card without scrolling inside it");
        screenshot("dashboard-narrow.png");
        driver.manage().window().setSize(new Dimension(1440, 1000));

        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertTrue(errors.isEmpty(), "browser console errors: " + errors);
    }

    /**
     * Clicks a Chart.js bar with the real mouse: the segment of dataset {@code stance} (null: above the bars, the whole
     * group: above a day's bars, on an outlet's name) at data index {@code index}, at the centre of the drawn element.
     */
    /**
     * Clicks an actor's row in the table. The table is rebuilt whenever fresh data arrives (a preset, a period change, the
     * refresh timer), so a row found just before a rebuild can be gone by the click (StaleElementReferenceException,
     * seen once in CI): find and click again until one click lands.
     */
    private static void clickActorRow(String actorId) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(By.cssSelector("#actor-table tr[data-actor='" + actorId + "']")).click();
            return true;
        });
    }

    static void clickBar(WebDriver driver, String canvasId, String stance, int index) {
        @SuppressWarnings("unchecked")
        List<Number> at = (List<Number>) ((JavascriptExecutor) driver).executeScript(
                "const c = Chart.getChart(arguments[0]); const names = ['FAVOR', 'AGAINST', 'NEUTRAL', 'MIXED'];"
                + "const ds = arguments[1] ? names.indexOf(arguments[1]) : 0; const e = c.getDatasetMeta(ds).data[arguments[2]];"
                + "const horizontal = c.options.indexAxis === 'y';"
                + "if (!arguments[1]) return horizontal ? [c.chartArea.left - 20, e.y] : [e.x, c.chartArea.top + 4];"
                + "return horizontal ? [(e.x + e.base) / 2, e.y] : [e.x, (e.y + e.base) / 2];", canvasId, stance, index);
        WebElement canvas = driver.findElement(By.id(canvasId));
        org.openqa.selenium.Rectangle box = canvas.getRect();
        // Selenium 4 offsets are from the element's centre.
        new org.openqa.selenium.interactions.Actions(driver)
                .moveToElement(canvas, (int) Math.round(at.get(0).doubleValue() - box.getWidth() / 2.0),
                        (int) Math.round(at.get(1).doubleValue() - box.getHeight() / 2.0))
                .click().perform();
    }

    @SuppressWarnings("unchecked")
    private static List<String> listed() {
        return (List<String>) js("return Array.from(document.querySelectorAll('#actor-articles li[data-article]')).map(li => li.dataset.article)");
    }

    /** #12.3: a day's bar, a stance segment, an outlet row, an alert and the undated count each list the articles behind them. */
    @Test
    void everyNumberOpensTheArticlesBehindIt_andAnArticleShowsItsStanceSentencesWithScoreAndHolder() throws Exception {
        driver.manage().window().setSize(new Dimension(1440, 1000));
        driver.get(base + "/");
        wait.until(d -> "true".equals(js("return document.body.dataset.ready")));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#actor-articles li"), 5));
        assertEquals(List.of("a5", "a4", "a2", "a3", "a1"), listed(), "the period's newest first before any click");

        // 2017-07-09 (index 1): the FAVOR segment is a3 alone; the whole day is a2 and a3.
        clickBar(driver, "timeline-chart", "FAVOR", 1);
        wait.until(d -> List.of("a3").equals(listed()));
        assertTrue(driver.findElement(By.id("articles-caption")).getText().startsWith("1 article FAVOR on 2017-07-09"),
                driver.findElement(By.id("articles-caption")).getText());
        assertEquals("FAVOR", driver.findElement(By.cssSelector("#actor-articles li[data-article='a3'] .badge")).getText());
        clickBar(driver, "timeline-chart", null, 1);
        wait.until(d -> List.of("a2", "a3").equals(listed()));
        assertEquals(List.of("NEUTRAL", "FAVOR"), js("return Array.from(document.querySelectorAll('#actor-articles li .badge')).map(b => b.textContent)"));
        assertTrue(driver.findElement(By.cssSelector("#actor-articles li[data-article='a2']")).getText()
                .contains("Militias accused of abuses near Mosul"));
        screenshot("drill-day.png");

        // An outlet's FAVOR segment (Reuters is the first row), and a click on an outlet's name: all its articles.
        clickBar(driver, "outlet-chart", "FAVOR", 0);
        wait.until(d -> List.of("a4", "a1").equals(listed()));
        assertTrue(driver.findElement(By.id("articles-caption")).getText().startsWith("2 articles FAVOR from Reuters"));
        clickBar(driver, "outlet-chart", null, 1);
        wait.until(d -> List.of("a5", "a2").equals(listed()));

        // The undated count.
        driver.findElement(By.cssSelector("#actor-undated button")).click();
        wait.until(d -> List.of(Fixtures.UNDATED_ID).equals(listed()));
        // The actor's row (its mention count) goes back to its newest articles in the period.
        clickActorRow("iraqi-army");
        wait.until(d -> List.of("a5", "a4", "a2", "a3", "a1").equals(listed()));
        assertTrue(driver.findElement(By.id("articles-caption")).getText().startsWith("newest in the period"));

        // An alert, from another actor and a period that leaves its window out: its window's articles (afterN = 5 up to its day).
        clickActorRow("isis");
        js("const f = document.getElementById('from'), t = document.getElementById('to');"
                + "f.value = '2017-07-10'; t.value = '2017-07-10'; t.dispatchEvent(new Event('change'));");
        wait.until(d -> "2017-07-10 – 2017-07-10".equals(js("return document.getElementById('period-label').textContent")));
        driver.findElement(By.cssSelector("#alert-feed li[data-alert='shift-iraqi-army-2017-07-11'] button.behind")).click();
        wait.until(d -> List.of("a5", "a4", "a2", "a3", "a1").equals(listed()));
        assertEquals("Iraqi army", driver.findElement(By.id("actor-title")).getText());
        assertTrue(driver.findElement(By.id("articles-caption")).getText().startsWith("5 articles behind the alert of 2017-07-11"));

        // An article from the list: mentions highlighted, the stance sentences marked in the text and listed with score and holder.
        driver.findElement(By.cssSelector("#actor-articles li[data-article='a5'] button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("article-view")));
        assertEquals("Iraqi army", driver.findElement(By.cssSelector("#article-body mark.mention.focus[data-actor='iraqi-army']")).getText());
        assertEquals("Residents blamed the Iraqi army for destroying homes in the old city.",
                js("return Array.from(document.querySelectorAll('#article-body .evidence.ev-against')).map(e => e.textContent).join('')"));
        assertEquals("-0.60", js("return document.querySelector('#article-body .evidence.ev-against').dataset.score"));
        List<WebElement> evidence = driver.findElements(By.cssSelector("#article-evidence li"));
        assertEquals(2, evidence.size());
        assertEquals("iraqi-army", evidence.get(0).getAttribute("data-actor"), "the selected actor's sentences first");
        assertEquals("-0.60", evidence.get(0).findElement(By.cssSelector(".score")).getText());
        assertEquals("said by the article (Al Jazeera)", evidence.get(0).findElement(By.cssSelector(".holder")).getText());
        assertEquals("Residents blamed the Iraqi army for destroying homes in the old city.",
                evidence.get(0).findElement(By.tagName("q")).getText().replaceAll("^[\u201c\"]|[\u201d\"]$", ""));
        screenshot("drill-article.png");
        driver.findElement(By.id("article-close")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("article-view")));

        // Untrusted text in the drill list stays text.
        driver.findElement(By.cssSelector("button[data-preset='all']")).click();
        clickActorRow("isis");
        wait.until(d -> listed().contains(Fixtures.XSS_ID));
        assertEquals(0L, js("return document.querySelectorAll('#actor-articles script, #actor-articles img, #actor-articles b, #article-evidence script').length"));
        assertEquals(Boolean.FALSE, js("return 'pwned' in window || '__pwned' in window"));

        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertTrue(errors.isEmpty(), "browser console errors: " + errors);
    }
}
