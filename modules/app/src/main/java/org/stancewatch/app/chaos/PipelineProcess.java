package org.stancewatch.app.chaos;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.stancewatch.embedded.EmbeddedCluster;
import org.stancewatch.events.Topics;
import org.stancewatch.pipeline.StancewatchPipeline;
import org.stancewatch.pipeline.StancewatchStreamsConfig;
import org.stancewatch.pipeline.TopicSetup;

/**
 * `stancewatch run` as the kill test, `stancewatch chaos --analyser matcher` and `stancewatch bench scale` need it,
 * with the matcher-only analyser instead of ClearNLP so a child starts in seconds on 1 GB and 100,000 articles take
 * minutes, not hours: the real {@link StancewatchPipeline} (exactly_once_v2, state under {@code <data-dir>/streams})
 * against an embedded broker + registry under {@code <data-dir>/cluster}, or against an external cluster, then
 * {@code <data-dir>/endpoints.properties}. Same options as `run`: {@code run --data-dir D --kafka-port P
 * --registry-port R --http-port H} (no HTTP server here), or {@code --bootstrap-servers B --schema-registry-url U};
 * further: {@code --partitions N} (topics created, default 2), {@code --threads N} (stream threads, default 2),
 * {@code --instance-id ID} (static membership, default chaos-local; {@code none} for dynamic), {@code --alerts} (add
 * the alerts sub-topology, as `run` has it), {@code --config FILE} (properties on top, e.g. application.id, topic.*).
 * Every Kafka Streams state change is printed as {@value #STATE_LINE} {@code <epoch ms> <old> <new>}.
 */
public final class PipelineProcess {

    /** Prefix of the line printed at every Kafka Streams state change (the bench reads rebalances from it). */
    public static final String STATE_LINE = "streams-state";

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
        Path dataDir = Path.of(option(a, "--data-dir", null));
        String bootstrap = optional(a, "--bootstrap-servers");
        EmbeddedCluster cluster = null;
        String registryUrl;
        if (bootstrap == null) {
            cluster = EmbeddedCluster.start(dataDir.resolve("cluster"),
                    Integer.parseInt(option(a, "--kafka-port", null)), Integer.parseInt(option(a, "--registry-port", null)));
            bootstrap = cluster.bootstrapServers();
            registryUrl = cluster.registryUrl();
        } else {
            registryUrl = option(a, "--schema-registry-url", null);
        }
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("state.dir", dataDir.resolve("streams").toString());
        overrides.put("num.stream.threads", Integer.parseInt(option(a, "--threads", "2")));
        // Static membership: a restarted process takes its old place at once instead of waiting
        // session.timeout.ms (45 s) for the killed members to be dropped.
        String instanceId = option(a, "--instance-id", "chaos-local");
        if (!instanceId.equals("none")) {
            overrides.put("group.instance.id", instanceId);
        }
        String config = optional(a, "--config");
        if (config != null) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(Path.of(config))) {
                p.load(in);
            }
            p.forEach((k, v) -> overrides.put(k.toString(), v));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicSetup(Topics.fromConfig(overrides), Integer.parseInt(option(a, "--partitions", "2")),
                    (short) (cluster != null ? 1 : -1)).ensure(admin);
        }
        MatcherOnlyEnricher enricher = new MatcherOnlyEnricher();
        StancewatchPipeline pipeline = new StancewatchPipeline(
                StancewatchStreamsConfig.build(bootstrap, registryUrl, overrides),
                actors -> enricher, a.contains("--alerts") ? List.of(StancewatchPipeline.alerts()) : List.of());
        pipeline.streams().setStateListener((now, before) -> System.out.println(
                STATE_LINE + " " + System.currentTimeMillis() + " " + before + " " + now));
        pipeline.start();
        Files.createDirectories(dataDir);
        Path tmp = dataDir.resolve(ChaosRun.ENDPOINTS_FILE + ".tmp");
        Files.write(tmp, List.of("bootstrap.servers=" + bootstrap, "schema.registry.url=" + registryUrl));
        Files.move(tmp, dataDir.resolve(ChaosRun.ENDPOINTS_FILE), StandardCopyOption.ATOMIC_MOVE);
        System.out.println("stancewatch is running (test pipeline, matcher-only analyser)");
        EmbeddedCluster embedded = cluster;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            pipeline.close();
            if (embedded != null) {
                embedded.close();
            }
        }));
        Thread.currentThread().join();
    }

    /** The value after {@code name}; {@code fallback} when absent, or an error when there is no fallback. */
    private static String option(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        if (i >= 0 && i + 1 < args.size()) {
            return args.get(i + 1);
        }
        if (fallback == null) {
            throw new IllegalArgumentException("missing " + name + " in " + args);
        }
        return fallback;
    }

    private static String optional(List<String> args, String name) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
    }
}
