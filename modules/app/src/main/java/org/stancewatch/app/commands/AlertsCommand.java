package org.stancewatch.app.commands;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.stancewatch.app.ConnectionOptions;
import org.stancewatch.app.ConnectionOptions.Endpoints;
import org.stancewatch.app.Tables;
import org.stancewatch.app.TopicReader;
import org.stancewatch.events.StanceShiftAlert;
import org.stancewatch.events.Topics;
import org.stancewatch.pipeline.alerts.delivery.WebhookSender;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = "Follow `alerts.stance`: stance shifts and mention bursts with their numbers and evidence.")
public final class AlertsCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--once", description = "Print the alerts so far and exit.")
    boolean once;

    @Option(names = "--webhook", paramLabel = "URL",
            description = {"Also POST each alert as JSON to this URL (retries with backoff; an Idempotency-Key header",
                    "carries the alert id). Alerts that still fail go to <data-dir>/webhook-dead-letters.jsonl."})
    URI webhook;

    @Override
    public Integer call() {
        Endpoints endpoints = connection.resolveRunning();
        WebhookSender sender = webhook == null ? null
                : new WebhookSender(WebhookSender.Settings.defaults(webhook), this::deadLetter);
        try (TopicReader<StanceShiftAlert> reader = new TopicReader<>(endpoints.clientConfig(), Topics.ALERTS,
                WatchCommand.deserializer(endpoints, StanceShiftAlert.class))) {
            // Say what is being shown, and say so when there is nothing: silence reads as "broken".
            System.out.println("Alerts on " + Topics.ALERTS + " (stance shifts and mention bursts), oldest first:");
            List<StanceShiftAlert> existing = reader.readToEnd(Duration.ofMinutes(2)).stream()
                    .map(ConsumerRecord::value).filter(Objects::nonNull).toList();
            existing.forEach(a -> show(a, sender));
            if (existing.isEmpty()) {
                System.out.println("no alerts yet");
            }
            if (once) {
                return 0;
            }
            System.out.println("waiting for new alerts (Ctrl-C to stop)...");
            System.out.flush();
            reader.follow(r -> {
                if (r.value() != null) {
                    show(r.value(), sender);
                }
            }, System.out::flush);
        }
        return 0;
    }

    private static void show(StanceShiftAlert alert, WebhookSender sender) {
        System.out.print(Tables.alert(alert));
        if (sender != null) {
            WebhookSender.Delivery d = sender.send(alert);
            System.out.println(d.delivered() ? "    -> webhook delivered (" + d.attempts() + " attempt(s))"
                    : "    -> webhook FAILED after " + d.attempts() + " attempt(s), HTTP " + d.lastStatus());
        }
    }

    /** Failed deliveries are kept, one JSON line each, so nothing is lost and they can be replayed. */
    private void deadLetter(WebhookSender.DeadLetter letter) {
        Path file = connection.dataDir().resolve("webhook-dead-letters.jsonl");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, letter.json().replace('\n', ' ') + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            System.err.println("alerts: webhook gave up on alert " + letter.alert().getId() + " (" + letter.lastError()
                    + "); kept in " + file);
        } catch (IOException e) {
            System.err.println("alerts: cannot write " + file + ": " + e.getMessage());
        }
    }
}
