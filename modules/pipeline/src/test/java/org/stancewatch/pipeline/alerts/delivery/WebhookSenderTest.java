package org.stancewatch.pipeline.alerts.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.stancewatch.events.AlertEvidence;
import org.stancewatch.events.AlertKind;
import org.stancewatch.events.StanceShiftAlert;

class WebhookSenderTest {

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> idempotencyKeys = new CopyOnWriteArrayList<>();

    /** A server answering 503 to the first {@code failures} requests, then 204. */
    private URI start(int failures) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            int n = requests.incrementAndGet();
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            idempotencyKeys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            exchange.sendResponseHeaders(n <= failures ? 503 : 204, -1);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static WebhookSender.Settings fast(URI url, int attempts) {
        return new WebhookSender.Settings(url, attempts, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(5), Map.of());
    }

    static StanceShiftAlert alert() {
        return StanceShiftAlert.newBuilder().setId("STANCE_SHIFT|pmf|*|2017-07-10").setKind(AlertKind.STANCE_SHIFT)
                .setActorId("pmf").setActorName("Popular Mobilization Forces").setOutlet(null)
                .setDay(LocalDate.of(2017, 7, 10)).setDirection("TOWARD_AGAINST").setMetric("against_share")
                .setBefore(0.2).setAfter(0.55).setBeforeN(560).setAfterN(60).setStatistic("z").setStatisticValue(5.1)
                .setThreshold(4.3).setEvidence(List.of(AlertEvidence.newBuilder().setArticleId("a1").setTitle("Abuses \"reported\"")
                        .setOutlet("x").setStance("AGAINST").setSentences(List.of("The PMF was blamed.")).build()))
                .setExplanation("one line").build();
    }

    @Test
    void retriesUntilTheServerRecovers() throws Exception {
        URI url = start(2);
        List<WebhookSender.DeadLetter> dead = new CopyOnWriteArrayList<>();
        WebhookSender.Delivery d = new WebhookSender(fast(url, 5), dead::add).send(alert());
        assertTrue(d.delivered());
        assertEquals(3, d.attempts());
        assertEquals(204, d.lastStatus());
        assertEquals(3, requests.get());
        assertEquals(List.of(), dead);
        assertEquals(List.of("STANCE_SHIFT|pmf|*|2017-07-10"), idempotencyKeys.stream().distinct().toList());
        JsonNode json = new ObjectMapper().readTree(bodies.get(2));
        assertEquals("pmf", json.get("actorId").asText());
        assertEquals("2017-07-10", json.get("day").asText());
        assertTrue(json.get("outlet").isNull());
        assertEquals("Abuses \"reported\"", json.get("evidence").get(0).get("title").asText());
        assertEquals(0.55, json.get("after").asDouble());
    }

    @Test
    void deadLettersWhenTheServerNeverRecovers() throws Exception {
        URI url = start(Integer.MAX_VALUE);
        List<WebhookSender.DeadLetter> dead = new CopyOnWriteArrayList<>();
        WebhookSender.Delivery d = new WebhookSender(fast(url, 4), dead::add).send(alert());
        assertFalse(d.delivered());
        assertEquals(4, requests.get());
        assertEquals(1, dead.size());
        WebhookSender.DeadLetter letter = dead.get(0);
        assertEquals(4, letter.attempts());
        assertEquals(503, letter.lastStatus());
        assertEquals("HTTP 503", letter.lastError());
        assertEquals("STANCE_SHIFT|pmf|*|2017-07-10", letter.alert().getId());
        assertTrue(letter.json().contains("\"kind\":\"STANCE_SHIFT\""));
    }

    @Test
    void unreachableServerIsRetriedThenDeadLettered() throws Exception {
        URI url = start(0);
        server.stop(0);
        server = null;
        List<WebhookSender.DeadLetter> dead = new CopyOnWriteArrayList<>();
        WebhookSender.Delivery d = new WebhookSender(fast(url, 2), dead::add).send(alert());
        assertFalse(d.delivered());
        assertEquals(1, dead.size());
        assertEquals(2, dead.get(0).attempts());
        assertEquals(-1, dead.get(0).lastStatus());
    }
}
