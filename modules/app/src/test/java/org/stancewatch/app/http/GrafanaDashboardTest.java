package org.stancewatch.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard only queries metrics that /metrics really exposes (Kafka ones need a running KafkaStreams). */
class GrafanaDashboardTest {
    private static final Path DASHBOARD = Path.of("../../deploy/grafana/stancewatch.json");
    private static final Pattern METRIC = Pattern.compile("\\b((?:stancewatch|jvm|process)_[a-z_]+?)(?:_bucket|_sum|_count)?\\{");

    @Test
    void everyPanelQueriesAnExposedMetric() throws Exception {
        JsonNode dashboard = ApiServer.newObjectMapper().readTree(Files.readString(DASHBOARD));
        assertEquals("stancewatch", dashboard.path("uid").asText());
        Set<String> queried = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher m = METRIC.matcher(target.path("expr").asText());
                while (m.find()) {
                    queried.add(m.group(1));
                }
            }
        }
        assertTrue(queried.size() >= 10, "dashboard queries: " + queried);
        try (StancewatchMetrics metrics = new StancewatchMetrics()) {
            metrics.articleEnriched(Duration.ofMillis(12));
            metrics.articleRejected("too-long");
            metrics.stanceLabel("AGAINST");
            metrics.alertRaised("MENTION_BURST");
            metrics.gauge("stancewatch.sse.clients", "test", () -> 0);
            // GC pause timers appear with the first collection after binding, reported asynchronously.
            System.gc();
            String scrape = metrics.scrape();
            for (int i = 0; i < 50 && !scrape.contains("jvm_gc_pause_seconds"); i++) {
                Thread.sleep(100);
                scrape = metrics.scrape();
            }
            for (String name : queried) {
                assertTrue(scrape.contains("\n" + name) || scrape.startsWith(name), "dashboard queries " + name + " but /metrics lacks it");
            }
        }
    }
}
