package org.stancewatch.app.commands;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.stancewatch.app.ConnectionOptions;
import org.stancewatch.app.ConnectionOptions.Endpoints;
import org.stancewatch.app.Tables;
import org.stancewatch.app.TopicReader;
import org.stancewatch.events.StanceShiftAlert;
import org.stancewatch.events.Topics;
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

    @Override
    public Integer call() {
        Endpoints endpoints = connection.resolveRunning();
        try (TopicReader<StanceShiftAlert> reader = new TopicReader<>(endpoints.clientConfig(), Topics.ALERTS,
                WatchCommand.deserializer(endpoints, StanceShiftAlert.class))) {
            if (once) {
                reader.readToEnd(Duration.ofMinutes(2)).stream().filter(r -> r.value() != null)
                        .forEach(r -> System.out.print(Tables.alert(r.value())));
                return 0;
            }
            reader.follow(r -> {
                if (r.value() != null) {
                    System.out.print(Tables.alert(r.value()));
                }
            }, System.out::flush);
        }
        return 0;
    }
}
