package org.stancewatch.app.commands;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.Producer;
import org.stancewatch.app.ConnectionOptions;
import org.stancewatch.app.ConnectionOptions.Endpoints;
import org.stancewatch.app.DeadLetters;
import org.stancewatch.app.UserException;
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
        description = {"Publish articles (text, JSON Lines, RSS/Atom files, directories, - for stdin) to the `articles` topic.",
                "Raw text files may start with a line ` date YYYY-MM-DD`; JSON Lines is .jsonl; RSS 2.0 / Atom is .xml, .rss,",
                ".atom; directories are read recursively; `-` reads JSON Lines from stdin.",
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
            description = {"Largest accepted article body in UTF-8 bytes (default: ${DEFAULT-VALUE}); the producer's",
                    "max.request.size follows it. The pipeline analyses bodies up to its own stancewatch.max.body.chars."})
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
                .withLedger(FeedLedger.resolve(connection.dataDir(), endpoints, topic));
        int requestBytes = maxRequestBytes(maxBodyBytes);
        checkTopicAccepts(endpoints, requestBytes);
        Map<String, Object> clientConfig = new HashMap<>(endpoints.clientConfig());
        clientConfig.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, requestBytes);
        clientConfig.putIfAbsent(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(32L << 20, 2L * requestBytes));
        FeedSummary summary;
        try (Producer<String, Article> producer =
                     ArticleFeeder.createProducer(endpoints.bootstrapServers(), clientConfig)) {
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

    /** Room for the largest accepted body plus title, URL and the other fields: never below Kafka's 1 MiB default. */
    static int maxRequestBytes(int maxBodyBytes) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(DEFAULT_REQUEST_BYTES, (long) maxBodyBytes + RECORD_OVERHEAD_BYTES));
    }

    private static final int DEFAULT_REQUEST_BYTES = 1024 * 1024;
    private static final int RECORD_OVERHEAD_BYTES = 256 * 1024;

    /**
     * A body the producer may send must also fit the topic, or every large article fails at the broker one by one:
     * refuse up front, naming both limits. (The producer measures records before compression, so this errs safe.)
     */
    private void checkTopicAccepts(Endpoints endpoints, int requestBytes) {
        if (requestBytes <= DEFAULT_REQUEST_BYTES) {
            return; // every topic accepts Kafka's default record size
        }
        Map<String, Object> adminConfig = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.bootstrapServers());
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = Admin.create(adminConfig)) {
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            ConfigEntry entry = config == null ? null : config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            if (entry != null && entry.value() != null && Long.parseLong(entry.value()) < requestBytes) {
                if (maxBodyBytes <= FeedOptions.DEFAULT_MAX_BODY_BYTES) {
                    // The default limit against a topic at Kafka's default size: refusing would stop every feed for
                    // the rare article near 1 MB. Warn; such an article fails alone, and feed exits 1 for it.
                    System.err.println("feed: topic '" + topic + "' accepts records of at most " + entry.value()
                            + " bytes (max.message.bytes); articles larger than that will fail to send");
                    return;
                }
                throw new UserException("--max-body-bytes " + maxBodyBytes + " needs records of up to " + requestBytes
                        + " bytes, but topic '" + topic + "' accepts at most " + entry.value() + " (max.message.bytes):"
                        + " raise the topic's max.message.bytes or lower --max-body-bytes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("interrupted while reading the configuration of topic '" + topic + "'");
        } catch (ExecutionException | TimeoutException e) {
            // The topic may not exist yet or describeConfigs may be forbidden: the producer reports any real problem.
            System.err.println("feed: could not read max.message.bytes of topic '" + topic + "' (" + e.getMessage() + ")");
        }
    }
}
