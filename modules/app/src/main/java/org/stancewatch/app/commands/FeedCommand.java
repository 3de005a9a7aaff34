package org.stancewatch.app.commands;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.Producer;
import org.stancewatch.app.ConnectionOptions;
import org.stancewatch.app.ConnectionOptions.Endpoints;
import org.stancewatch.app.DeadLetters;
import org.stancewatch.events.Article;
import org.stancewatch.events.Topics;
import org.stancewatch.ingest.ArticleFeeder;
import org.stancewatch.ingest.FeedOptions;
import org.stancewatch.ingest.FeedSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "feed", mixinStandardHelpOptions = true,
        description = {"Publish articles to the `articles` topic: raw text files (first line ` date YYYY-MM-DD`),",
                "JSON Lines (.jsonl), RSS 2.0 / Atom (.xml, .rss, .atom), directories (recursively), `-` for JSON Lines on stdin.",
                "Bad items are reported with file, line and reason, sent to `articles.rejected`, and skipped; the rest still go out.",
                "Exit code 1 when any article could not be sent, or when nothing could be sent."})
public final class FeedCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or directories to read.")
    List<Path> inputs;

    @Option(names = "--outlet", description = "Outlet for items that name none themselves.")
    String outlet;

    @Option(names = "--language", description = "Language tag for items that name none (default: detected).")
    String language;

    @Option(names = "--max-body-bytes", defaultValue = "1000000",
            description = "Largest accepted article body in UTF-8 bytes (default: ${DEFAULT-VALUE}).")
    int maxBodyBytes;

    @Option(names = "--progress", defaultValue = "AUTO",
            description = "Progress bar: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}: on a terminal or for large inputs).")
    FeedOptions.Progress progress;

    @Option(names = "--topic", defaultValue = Topics.ARTICLES, description = "Topic to publish to (default: ${DEFAULT-VALUE}).")
    String topic;

    @Override
    public Integer call() {
        Endpoints endpoints = connection.resolveRunning();
        FeedOptions options = FeedOptions.defaults()
                .withOutlet(outlet)
                .withLanguage(language)
                .withMaxBodyBytes(maxBodyBytes)
                .withProgress(progress)
                .withLedger(connection.dataDir().resolve("sent-ids.txt"));
        FeedSummary summary;
        try (Producer<String, Article> producer =
                     ArticleFeeder.createProducer(endpoints.bootstrapServers(), endpoints.clientConfig())) {
            summary = new ArticleFeeder(options).feed(inputs, producer, topic, System.err);
        }
        DeadLetters.recordFeedRejections(endpoints, summary.rejections());
        if (summary.failedSends() > 0) {
            // Bad input is reported and skipped (exit 0); an article that could not be sent is a failure.
            System.err.println("feed: " + summary.failedSends() + " article(s) could not be sent (see the lines "
                    + "above); the others went out. Feed the same input again once the cluster is fine: "
                    + "re-sent ids replace, nothing is counted twice.");
            return 1;
        }
        return summary.sent() == 0 && summary.rejected() > 0 ? 1 : 0;
    }
}
