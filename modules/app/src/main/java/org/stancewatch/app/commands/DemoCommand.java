package org.stancewatch.app.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import org.stancewatch.app.ConnectionOptions;
import org.stancewatch.app.Ports;
import org.stancewatch.app.ServerOptions;
import org.stancewatch.app.StancewatchRuntime;
import org.stancewatch.app.Tables;
import org.stancewatch.app.TopicReader;
import org.stancewatch.app.UserException;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.ActorMention;
import org.stancewatch.events.Article;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.Topics;
import org.stancewatch.ingest.ArticleFeeder;
import org.stancewatch.ingest.FeedOptions;
import org.stancewatch.ingest.FeedSummary;
import org.stancewatch.ingest.InputScanner;
import org.stancewatch.ingest.ReadItem;
import org.stancewatch.pipeline.EventTime;
import org.stancewatch.pipeline.PipelineSettings;
import org.stancewatch.pipeline.daily.RowKeys;
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
            description = "Keep the demo's cluster here (default: a fresh temporary directory, deleted when the demo ends).")
    Path dataDir;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "Give up if the articles are not all counted within this time (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    /** Where throwaway data directories go (tests point it elsewhere). */
    Path tempParent = Path.of(System.getProperty("java.io.tmpdir"));

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(seeds)) {
            throw new UserException("seed directory " + seeds.toAbsolutePath() + " not found: run the demo from the "
                    + "project root or pass --seeds DIR");
        }
        ServerOptions server = ServerOptions.loopback(Ports.preferredOrAny(9092), Ports.preferredOrAny(8081),
                Ports.preferredOrAny(8080));
        // Closes the runtime and removes a throwaway directory however the demo ends (Ctrl-C included).
        try (DemoWorkspace workspace = DemoWorkspace.open(dataDir, tempParent, System.out)) {
            StancewatchRuntime runtime = StancewatchRuntime.start(ConnectionOptions.embeddedAt(workspace.dir()), server,
                    Map.of(), System.out);
            workspace.running(runtime);
            Set<String> ids = feedSeeds(runtime);
            Map<String, ActorDay> days = awaitCounted(runtime, ids, Duration.ofSeconds(timeoutSeconds));
            printReport(runtime, days.values());
            printWhatNext(once ? null : runtime.dashboardUrl());
            if (!once) {
                new CountDownLatch(1).await(); // until Ctrl-C; the workspace's shutdown hook stops and cleans up
            }
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
        if (summary.sent() == 0 || summary.failedSends() > 0) {
            throw new UserException((summary.sent() == 0 ? "no article" : summary.failedSends() + " article(s)")
                    + " in " + seeds + " could not be sent", 1);
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
     * Waits until every fed article is enriched and the all-outlet row of every actor it mentions counts it on
     * `mentions.daily`, then returns the latest rows. An article's rows are written by different tasks (one per
     * partition of the repartitioned rows), so seeing it on one row says nothing about the others: the first
     * version waited for that and printed 32 of 35 rows.
     */
    static Map<String, ActorDay> awaitCounted(StancewatchRuntime runtime, Set<String> ids, Duration timeout)
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
                List<String> missing;
                try {
                    missing = missing(ids, id -> runtime.pipeline().articlesStore().get(id), latest.values(),
                            PipelineSettings.from(runtime.pipeline().properties()).zone());
                } catch (RuntimeException notReadyYet) { // InvalidStateStoreException and kin, while (re)starting
                    missing = List.of("the pipeline's stores are not ready yet (" + notReadyYet.getMessage() + ")");
                }
                if (missing.isEmpty()) {
                    System.out.println(" done");
                    return latest;
                }
                if (Instant.now().isAfter(deadline)) {
                    System.out.println();
                    throw new UserException("not all " + ids.size() + " seed articles were counted within "
                            + timeout.toSeconds() + " s (--timeout); still missing: "
                            + String.join("; ", missing.subList(0, Math.min(5, missing.size())))
                            + (missing.size() > 5 ? "; and " + (missing.size() - 5) + " more" : "")
                            + ". Articles the pipeline rejected are on articles.rejected.", 1);
                }
                System.out.print(".");
                System.out.flush();
                Thread.sleep(1000);
            }
        }
    }

    /**
     * What the printed table still lacks, empty when it is complete: every id must be enriched, and for each
     * actor and day the enriched articles mention, that actor's all-outlet row must count at least those articles
     * (rows carry counts only; the demo starts from empty topics, so nothing else adds to them).
     */
    static List<String> missing(Set<String> ids, Function<String, EnrichedArticle> enriched, Collection<ActorDay> rows,
                                ZoneId zone) {
        Map<String, Long> counted = new java.util.HashMap<>();
        for (ActorDay row : rows) {
            if (row.getOutlet() == null) {
                counted.put(RowKeys.daily(row.getActorId(), row.getDay()), row.getArticles());
            }
        }
        List<String> missing = new java.util.ArrayList<>();
        Map<String, Long> expected = new java.util.TreeMap<>();
        for (String id : new java.util.TreeSet<>(ids)) {
            EnrichedArticle article = enriched.apply(id);
            if (article == null) {
                missing.add("article " + id + " not enriched yet");
                continue;
            }
            for (ActorMention mention : article.getMentions()) {
                expected.merge(RowKeys.daily(mention.getActorId(), EventTime.day(article, zone)), 1L, Long::sum);
            }
        }
        expected.forEach((row, n) -> {
            long have = counted.getOrDefault(row, 0L);
            if (have < n) {
                missing.add("row " + row + " counts " + have + " of its " + n + " articles");
            }
        });
        return missing;
    }

    /** The commands to go on with; the dashboard line only when this demo keeps running. */
    static void printWhatNext(String dashboardUrl) {
        System.out.println();
        if (dashboardUrl != null) {
            System.out.println("Dashboard: " + dashboardUrl + "   (Ctrl-C to stop; this demo's data is then deleted)");
            System.out.println();
        }
        System.out.println("What next (your own cluster, kept in ./stancewatch-data):");
        System.out.println("  ./stancewatch run                  # broker, registry, pipeline; dashboard http://127.0.0.1:8080/");
        System.out.println("  ./stancewatch feed seeds/          # in a second terminal: your articles (text, JSON Lines, RSS/Atom)");
        System.out.println("  ./stancewatch watch mentions       # live counts per actor and day; also: alerts, watch articles");
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
