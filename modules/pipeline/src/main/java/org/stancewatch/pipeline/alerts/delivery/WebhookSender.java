package org.stancewatch.pipeline.alerts.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.stancewatch.events.StanceShiftAlert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs alerts as JSON ({@link AlertJson}) to a webhook URL with the JDK HttpClient. Network errors,
 * 408, 429 and 5xx are retried with exponential backoff; other statuses are final. When an alert
 * cannot be delivered it goes to the dead-letter callback. Each request carries the alert id in an
 * {@code Idempotency-Key} header, so a receiver can drop the duplicates that retries may cause.
 */
public final class WebhookSender {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);

    /**
     * @param url            where alerts are POSTed
     * @param maxAttempts    attempts in total (1 = no retry)
     * @param initialBackoff wait before the first retry; doubled for each further retry, up to maxBackoff
     * @param headers        extra request headers (e.g. Authorization)
     */
    public record Settings(URI url, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                           Duration requestTimeout, Map<String, String> headers) {
        public Settings {
            Objects.requireNonNull(url, "webhook url");
            if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme())) {
                throw new IllegalArgumentException("Webhook url '" + url + "' must be http or https");
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("Webhook maxAttempts must be >= 1, got " + maxAttempts);
            }
            if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("Webhook backoff must satisfy 0 <= initial <= max, got "
                        + initialBackoff + " and " + maxBackoff);
            }
            headers = Map.copyOf(headers);
        }

        /** 5 attempts, 1 s doubling to 30 s, 10 s per request. */
        public static Settings defaults(URI url) {
            return new Settings(url, 5, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10), Map.of());
        }
    }

    /** An alert given up on: what was sent, how often, and the last failure. */
    public record DeadLetter(StanceShiftAlert alert, String json, int attempts, int lastStatus, String lastError,
                             Instant failedAt) {
    }

    /** Outcome of one {@link #send}. */
    public record Delivery(boolean delivered, int attempts, int lastStatus) {
    }

    private final Settings settings;
    private final Consumer<DeadLetter> deadLetters;
    private final HttpClient client;

    public WebhookSender(Settings settings, Consumer<DeadLetter> deadLetters) {
        this.settings = settings;
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.client = HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build();
    }

    /** Delivers one alert, blocking through the retries; on final failure the dead-letter callback is called. */
    public Delivery send(StanceShiftAlert alert) {
        String json = AlertJson.toJson(alert);
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.url())
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", alert.getId())
                .POST(HttpRequest.BodyPublishers.ofString(json));
        settings.headers().forEach(request::header);
        HttpRequest built = request.build();
        Duration backoff = settings.initialBackoff();
        int status = -1;
        String error = null;
        int attempt = 0;
        while (attempt < settings.maxAttempts()) {
            attempt++;
            boolean retryable;
            try {
                HttpResponse<String> response = client.send(built, HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return new Delivery(true, attempt, status);
                }
                error = "HTTP " + status;
                retryable = status == 408 || status == 429 || status >= 500;
            } catch (IOException e) {
                status = -1;
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
                retryable = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = "interrupted";
                break;
            }
            LOG.warn("Webhook {} attempt {}/{} for alert {} failed: {}", settings.url(), attempt, settings.maxAttempts(),
                    alert.getId(), error);
            if (!retryable || attempt == settings.maxAttempts()) {
                break;
            }
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = "interrupted";
                break;
            }
            backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : backoff.multipliedBy(2);
        }
        deadLetters.accept(new DeadLetter(alert, json, attempt, status, error, Instant.now()));
        return new Delivery(false, attempt, status);
    }
}
