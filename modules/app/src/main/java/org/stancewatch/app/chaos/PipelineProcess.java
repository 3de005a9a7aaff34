package org.stancewatch.app.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.stancewatch.embedded.EmbeddedCluster;
import org.stancewatch.events.Topics;
import org.stancewatch.pipeline.StancewatchPipeline;
import org.stancewatch.pipeline.StancewatchStreamsConfig;
import org.stancewatch.pipeline.TopicSetup;

/**
 * `stancewatch run` as the kill test and `stancewatch chaos --analyser matcher` need it, with the matcher-only
 * analyser instead of ClearNLP so a child starts in seconds on 1 GB and 100,000 articles take minutes, not hours: embedded broker + registry under {@code <data-dir>/cluster}, the real
 * {@link StancewatchPipeline} (exactly_once_v2, state under {@code <data-dir>/streams}), then
 * {@code <data-dir>/endpoints.properties}. Same options as `run`: {@code run --data-dir D --kafka-port P
 * --registry-port R --http-port H} (no HTTP server here).
 */
public final class PipelineProcess {

    public static void main(String[] args) {
        try {
            run(List.of(args));
        } catch (Exception | Error e) {
            // The broker's threads would keep a half-started JVM alive: exit, so the parent sees the failure.
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(List<String> a) throws Exception {
        Path dataDir = Path.of(option(a, "--data-dir"));
        EmbeddedCluster cluster = EmbeddedCluster.start(dataDir.resolve("cluster"),
                Integer.parseInt(option(a, "--kafka-port")), Integer.parseInt(option(a, "--registry-port")));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            new TopicSetup(Topics.defaults(), 2, (short) 1).ensure(admin);
        }
        MatcherOnlyEnricher enricher = new MatcherOnlyEnricher();
        StancewatchPipeline pipeline = new StancewatchPipeline(
                StancewatchStreamsConfig.build(cluster.bootstrapServers(), cluster.registryUrl(),
                        Map.of("state.dir", dataDir.resolve("streams").toString(), "num.stream.threads", 2,
                                // Static membership: a restarted process takes its old place at once instead of
                                // waiting session.timeout.ms (45 s) for the killed members to be dropped.
                                "group.instance.id", "chaos-local")),
                actors -> enricher, List.of());
        pipeline.start();
        Path tmp = dataDir.resolve(ChaosRun.ENDPOINTS_FILE + ".tmp");
        Files.write(tmp, List.of("bootstrap.servers=" + cluster.bootstrapServers(),
                "schema.registry.url=" + cluster.registryUrl()));
        Files.move(tmp, dataDir.resolve(ChaosRun.ENDPOINTS_FILE), StandardCopyOption.ATOMIC_MOVE);
        System.out.println("stancewatch is running (test pipeline, matcher-only analyser)");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            pipeline.close();
            cluster.close();
        }));
        Thread.currentThread().join();
    }

    private static String option(List<String> args, String name) {
        int i = args.indexOf(name);
        if (i < 0 || i + 1 >= args.size()) {
            throw new IllegalArgumentException("missing " + name + " in " + args);
        }
        return args.get(i + 1);
    }
}
