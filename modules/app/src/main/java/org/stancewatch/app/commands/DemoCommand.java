package org.stancewatch.app.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.producer.Producer;
import org.stancewatch.app.ConnectionOptions;
import org.stancewatch.app.Ports;
import org.stancewatch.app.ServerOptions;
import org.stancewatch.app.StancewatchRuntime;
import org.stancewatch.app.Tables;
import org.stancewatch.app.TopicReader;
import org.stancewatch.app.UserException;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.Article;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.Topics;
import org.stancewatch.ingest.ArticleFeeder;
import org.stancewatch.ingest.FeedOptions;
import org.stancewatch.ingest.FeedSummary;
import org.stancewatch.ingest.InputScanner;
import org.stancewatch.ingest.ReadItem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `run` + feed the sample articles + show what came out: the quickest way to see stancewatch work. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Feed seeds/ through a throwaway embedded cluster and print mentions and stance per actor per day.",
                "Waits until every article is enriched and counted, then keeps running with the dashboard (Ctrl-C to",
                "stop), or exits with --once."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--once", description = "Exit after printing the table.")
    boolean once;

    @Option(names = "--seeds", paramLabel = "DIR", defaultValue = "seeds",
            description = "Articles to feed (default: ${DEFAULT-VALUE}).")
    Path seeds;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep the demo's cluster here (default: a fresh temporary directory).")
    Path dataDir;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "Give up if the articles are not all counted within this time (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(seeds)) {
            throw new UserException("seed directory " + seeds.toAbsolutePath() + " not found: run the demo from the "
                    + "project root or pass --seeds DIR");
        }
        Path dir = dataDir != null ? dataDir : Files.createTempDirectory("stancewatch-demo-");
        ServerOptions server = ServerOptions.loopback(Ports.preferredOrAny(9092), Ports.preferredOrAny(8081),
                Ports.preferredOrAny(8080));
        ConnectionOptions connection = ConnectionOptions.embeddedAt(dir);
        try (StancewatchRuntime runtime = StancewatchRuntime.start(connection, server, Map.of(), System.out)) {
            Set<String> ids = feedSeeds(runtime);
            Map<String, ActorDay> days = awaitCounted(runtime, ids, Duration.ofSeconds(timeoutSeconds));
            printReport(runtime, days.values());
            if (once) {
                return 0;
            }
            System.out.println("\nDashboard: " + runtime.dashboardUrl() + "   (Ctrl-C to stop)");
            CountDownLatch forever = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                runtime.close();
                forever.countDown();
            }, "stancewatch-demo-shutdown"));
            forever.await();
        }
        return 0;
    }

    private Set<String> feedSeeds(StancewatchRuntime runtime) {
        FeedSummary summary;
        try (Producer<String, Article> producer = ArticleFeeder.createProducer(
                runtime.endpoints().bootstrapServers(), runtime.endpoints().clientConfig())) {
            summary = new ArticleFeeder(FeedOptions.defaults().withProgress(FeedOptions.Progress.NEVER))
                    .feed(List.of(seeds), producer, Topics.ARTICLES, System.out);
        }
        if (summary.sent() == 0) {
            throw new UserException("no article in " + seeds + " could be sent");
        }
        Set<String> ids = new TreeSet<>();
        try (var items = new InputScanner(FeedOptions.defaults()).scan(List.of(seeds))) {
            items.forEach(i -> {
                if (i instanceof ReadItem.Accepted a) {
                    ids.add(a.article().getId());
                }
            });
        }
        return ids;
    }

    /**
     * Waits until every fed article is enriched and every (actor, day) it mentions lists it on
     * `mentions.daily`, then returns the latest all-outlet rows.
     */
    private static Map<String, ActorDay> awaitCounted(StancewatchRuntime runtime, Set<String> ids, Duration timeout)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        System.out.print("demo: waiting for " + ids.size() + " articles to be enriched and counted ");
        var deserializer = WatchCommand.deserializer(runtime.endpoints(), ActorDay.class);
        try (TopicReader<ActorDay> reader = new TopicReader<>(runtime.endpoints().clientConfig(), Topics.MENTIONS_DAILY,
                deserializer)) {
            Map<String, ActorDay> latest = new java.util.HashMap<>();
            while (true) {
                reader.readToEnd(Duration.ofSeconds(30)).forEach(r -> {
                    if (r.value() == null) {
                        latest.remove(r.key());
                    } else {
                        latest.put(r.key(), r.value());
                    }
                });
                if (allCounted(runtime, ids, latest.values())) {
                    System.out.println(" done");
                    return latest;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("not all seed articles were counted within " + timeout
                            + "; see `stancewatch watch articles` and the articles.rejected topic");
                }
                System.out.print(".");
                System.out.flush();
                Thread.sleep(1000);
            }
        }
    }

    private static boolean allCounted(StancewatchRuntime runtime, Set<String> ids, Collection<ActorDay> days) {
        Set<String> counted = new TreeSet<>();
        days.forEach(d -> counted.addAll(d.getArticleIds()));
        for (String id : ids) {
            EnrichedArticle a;
            try {
                a = runtime.pipeline().articlesStore().get(id);
            } catch (RuntimeException storeNotReady) {
                return false;
            }
            if (a == null || (!a.getMentions().isEmpty() && !counted.contains(id))) {
                return false;
            }
        }
        return true;
    }

    private static void printReport(StancewatchRuntime runtime, Collection<ActorDay> days) {
        System.out.println();
        System.out.println("Articles (articles.enriched):");
        try (var all = runtime.pipeline().articlesStore().all()) {
            all.forEachRemaining(kv -> System.out.println("  " + Tables.articleLine(kv.value)));
        }
        System.out.println();
        System.out.println("Mentions and stance per actor per day (mentions.daily):");
        System.out.print(Tables.mentions(days, null, 0));
    }
}
