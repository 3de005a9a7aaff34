package org.stancewatch.app.commands;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.stancewatch.app.ConnectionOptions;
import org.stancewatch.app.ConnectionOptions.Endpoints;
import org.stancewatch.app.Tables;
import org.stancewatch.app.TopicReader;
import org.stancewatch.app.UserException;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.Topics;
import org.stancewatch.events.serde.AvroDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Live terminal views of the output topics; work against the embedded or an external cluster. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Follow an output topic live in the terminal.",
        subcommands = {WatchCommand.Mentions.class, WatchCommand.Articles.class})
public final class WatchCommand implements Runnable {

    @Override
    public void run() {
        throw new UserException("choose what to watch: mentions or articles (see `stancewatch watch --help`)");
    }

    static <T> AvroDeserializer<T> deserializer(Endpoints endpoints, Class<T> type) {
        AvroDeserializer<T> d = new AvroDeserializer<>(type);
        d.configure(endpoints.clientConfig(), false);
        return d;
    }

    @Command(name = "mentions", mixinStandardHelpOptions = true,
            description = "Follow `mentions.daily` as a table: actor, day, mentions, favor/against/neutral/mixed, net stance.")
    static final class Mentions implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection;

        @Option(names = "--actor", paramLabel = "ID", description = "Only this actor (catalogue id, e.g. isis).")
        String actor;

        @Option(names = "--days", paramLabel = "N", defaultValue = "0",
                description = "Only the last N days (relative to the newest day seen; 0 = all).")
        int days;

        @Option(names = "--once", description = "Print the table as of now and exit.")
        boolean once;

        @Override
        public Integer call() {
            Endpoints endpoints = connection.resolveRunning();
            try (TopicReader<ActorDay> reader = new TopicReader<>(endpoints.clientConfig(), Topics.MENTIONS_DAILY,
                    deserializer(endpoints, ActorDay.class))) {
                if (once) {
                    System.out.print(Tables.mentions(reader.latestByKey(Duration.ofMinutes(2)).values(), actor, days));
                    return 0;
                }
                Map<String, ActorDay> latest = new LinkedHashMap<>();
                boolean ansi = System.console() != null;
                reader.follow(r -> {
                    if (r.value() == null) {
                        latest.remove(r.key());
                    } else {
                        latest.put(r.key(), r.value());
                    }
                }, () -> {
                    // Redraw in place on a terminal; append when piped so a log keeps every state.
                    System.out.print((ansi ? "\033[H\033[2J" : "\n") + "mentions.daily  (Ctrl-C to stop)\n"
                            + Tables.mentions(latest.values(), actor, days));
                    System.out.flush();
                });
            }
            return 0;
        }
    }

    @Command(name = "articles", mixinStandardHelpOptions = true,
            description = "Follow `articles.enriched`: one line per article with its actors and stances.")
    static final class Articles implements Callable<Integer> {
        @Mixin
        ConnectionOptions connection;

        @Option(names = "--once", description = "Print the articles so far and exit.")
        boolean once;

        @Override
        public Integer call() {
            Endpoints endpoints = connection.resolveRunning();
            try (TopicReader<EnrichedArticle> reader = new TopicReader<>(endpoints.clientConfig(), Topics.ENRICHED,
                    deserializer(endpoints, EnrichedArticle.class))) {
                if (once) {
                    reader.readToEnd(Duration.ofMinutes(2)).stream().filter(r -> r.value() != null)
                            .forEach(r -> System.out.println(Tables.articleLine(r.value())));
                    return 0;
                }
                reader.follow(r -> {
                    if (r.value() != null) {
                        System.out.println(Tables.articleLine(r.value()));
                    }
                }, System.out::flush);
            }
            return 0;
        }
    }
}
