package org.stancewatch.app.commands;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.stancewatch.app.UserException;
import org.stancewatch.app.chaos.ChaosRun;
import org.stancewatch.app.chaos.ChildJvm;
import org.stancewatch.app.chaos.PipelineProcess;
import org.stancewatch.embedded.EmbeddedCluster;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.ActorMention;
import org.stancewatch.events.Article;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.serde.AvroDeserializer;
import org.stancewatch.events.serde.AvroSerializer;
import org.stancewatch.ingest.FeedBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Scale-out: the same articles through one pipeline instance pinned to one core, then through two instances (same
 * application id) pinned to one core each, against one cluster; then a steady stream while a third instance joins and
 * leaves, measuring the pause, and every {@code mentions.daily} row compared with the one-instance run's.
 *
 * <p>Each phase has its own topics ({@code <prefix>articles}, ... via the {@code topic.*} keys) and application id,
 * so one cluster serves all phases. The instances are child JVMs ({@link ChildJvm}, {@code taskset -c N}):
 * {@link PipelineProcess} (the real topology with the actor matcher only) by default, or `stancewatch run` itself.
 */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = {"Articles/s of one pipeline instance pinned to one core (taskset -c 0), then of two (-c 0, -c 1, "
                + "same application id), and their ratio; then the rebalance pause when a third instance joins and when "
                + "it leaves, with every mentions.daily row checked against the one-instance run.",
                "Default --analyser matcher: the real topology, exactly-once and broker with actor matching only, so it "
                        + "measures the pipeline, not ClearNLP. The broker and registry run in this JVM, not pinned."})
final class BenchScaleCommand implements Callable<Integer> {

    @Option(names = "--articles", defaultValue = "20000", description = "Articles for the throughput runs (default: ${DEFAULT-VALUE}).")
    int articles;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of every topic, at least 4 (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--analyser", defaultValue = "matcher", description = "matcher (the pipeline with actor matching "
            + "only, every stance NEUTRAL) or full (`stancewatch run`, ClearNLP). Default: ${DEFAULT-VALUE}.")
    ChaosRun.Analyser analyser;

    @Option(names = "--cores", defaultValue = "0,1", split = ",",
            description = "Cores for instance 1 and 2 (the third joins on the first). Default: ${DEFAULT-VALUE}.")
    List<Integer> cores;

    @Option(names = "--threads", defaultValue = "1",
            description = "Stream threads per instance (default ${DEFAULT-VALUE}: what `run` picks on one core).")
    int threads;

    @Option(names = "--heap", description = "-Xmx of each instance, default 1g (matcher, or full with the default stance source noparse) or 5g (full with "
            + "stance source fused or classic).")
    String heap;

    @Option(names = "--rebalance-seconds", defaultValue = "60",
            description = "Length of the steady stream during which the third instance joins and leaves (default: ${DEFAULT-VALUE}).")
    int rebalanceSeconds;

    @Option(names = "--rebalance-rate", description = "Articles/s of that stream; default half the one-instance rate.")
    Double rebalanceRate;

    @Option(names = "--seeds", defaultValue = "seeds", description = "Sentence material (default: ${DEFAULT-VALUE}).")
    Path seedsDir;

    @Option(names = "--work-dir", description = "Where instance state and logs go (default: a temporary directory, deleted).")
    Path workDir;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...", defaultValue = "${env:STANCEWATCH_BOOTSTRAP_SERVERS}",
            description = "External Kafka cluster (env STANCEWATCH_BOOTSTRAP_SERVERS). Default: an embedded one in this JVM.")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL", defaultValue = "${env:STANCEWATCH_SCHEMA_REGISTRY_URL}",
            description = "External schema registry (env STANCEWATCH_SCHEMA_REGISTRY_URL).")
    String schemaRegistryUrl;

    @Option(names = "--timeout", defaultValue = "PT30M", description = "Longest wait for one phase (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--classpath", hidden = true, description = "Classpath of the instances; default: this JVM's.")
    String classpath;

    PrintStream out = System.out;

    /** What a scale run measured (for the test and the summary line). */
    record Result(double oneRate, double twoRate, Pause join, Pause leave, ChaosRun.Result counts) {
        double ratio() {
            return twoRate / oneRate;
        }
    }

    /**
     * How long output stopped around a membership change: the longest gap between two {@code mentions.daily} records
     * (any partition, and within one partition), and the longest REBALANCING -> RUNNING spell an instance reported.
     */
    record Pause(long anyGapMs, long partitionGapMs, long rebalancingMs) {
        String describe() {
            return "longest output gap " + anyGapMs + " ms (any partition), " + partitionGapMs + " ms (one partition)"
                    + (rebalancingMs < 0 ? "" : ", longest REBALANCING->RUNNING " + rebalancingMs + " ms");
        }
    }

    @Override
    public Integer call() throws Exception {
        Result r = run();
        return r.counts().passed() ? 0 : 1;
    }

    Result run() throws Exception {
        if (partitions < 4) {
            throw new UserException("--partitions must be at least 4 (two instances and a third joining need tasks to "
                    + "share), was " + partitions);
        }
        if (articles < 10 || cores.size() != 2 || threads < 1 || rebalanceSeconds < 10) {
            throw new UserException("need --articles >= 10, two --cores, --threads >= 1, --rebalance-seconds >= 10");
        }
        if (heap == null) {
            // The full analyser needs ClearNLP's ~4 GB only for the sources that parse (not the default, NOPARSE).
            heap = analyser == ChaosRun.Analyser.matcher || !org.stancewatch.nlp.stance.StanceSource.configured().parses() ? "1g" : "5g";
        }
        boolean external = bootstrapServers != null && !bootstrapServers.isBlank();
        if (external && (schemaRegistryUrl == null || schemaRegistryUrl.isBlank())) {
            throw new UserException("--bootstrap-servers needs --schema-registry-url too");
        }
        boolean ownDir = workDir == null;
        Path dir = ownDir ? Files.createTempDirectory("stancewatch-bench-scale-") : workDir;
        EmbeddedCluster cluster = null;
        try {
            String bootstrap = bootstrapServers;
            String registry = schemaRegistryUrl;
            if (!external) {
                cluster = EmbeddedCluster.start(dir.resolve("cluster"), 0, 0);
                bootstrap = cluster.bootstrapServers();
                registry = cluster.registryUrl();
            }
            return run(dir, bootstrap, registry, external);
        } finally {
            if (cluster != null) {
                cluster.close();
            }
            if (ownDir) {
                BenchCommand.deleteQuietly(dir);
            }
        }
    }

    private Result run(Path dir, String bootstrap, String registry, boolean external) throws Exception {
        List<String> taskset = tasksetAvailable() ? List.of("taskset", "-c") : List.of();
        out.printf(Locale.ROOT, "bench scale: %s analyser%s; %d partitions, %d stream thread(s) per instance, -Xmx%s%n",
                analyser, analyser == ChaosRun.Analyser.matcher
                        ? " (real topology, exactly-once, broker and registry; actor matching only, every stance NEUTRAL:"
                        + " measures the pipeline, not ClearNLP)" : " (`stancewatch run`, ClearNLP)",
                partitions, threads, heap);
        out.printf(Locale.ROOT, "bench scale: %s; this JVM (pid %d: publisher, progress reader%s) is NOT pinned, so on a "
                        + "%d-core machine it competes with the instances%s%n",
                external ? "external cluster " + bootstrap : "embedded broker + registry in this JVM",
                ProcessHandle.current().pid(), external ? "" : ", broker, registry",
                Runtime.getRuntime().availableProcessors(),
                taskset.isEmpty() ? "; taskset not found: instances NOT pinned either" : "");
        String run = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        List<String> sentences = FeedBenchmark.seedSentences(BenchCommand.seeds(seedsDir));
        List<Article> batchA = FeedBenchmark.generate(articles, sentences, 42);
        Map<String, Object> client = Map.of("bootstrap.servers", bootstrap, "schema.registry.url", registry);

        Phase one = new Phase(dir.resolve("one"), "scale-" + run + "-one.", client, taskset, bootstrap, registry);
        Phase two = new Phase(dir.resolve("two"), "scale-" + run + "-two.", client, taskset, bootstrap, registry);
        try (one; two) {
            // 1. one instance
            one.start(0, cores.get(0));
            one.awaitReady(1);
            double oneRate = one.timedRun(batchA, "1 instance (core " + cores.get(0) + ")");
            double rate = rebalanceRate != null ? rebalanceRate : oneRate / 2;
            List<Article> batchB = FeedBenchmark.generate(Math.max(10, (int) (rate * rebalanceSeconds)), sentences, 43);
            // The one-instance reference also counts the second batch (at once, not timed).
            one.publish(batchB, 0);
            one.awaitCounted(batchB);
            Map<String, ActorDay> expected = one.table();
            one.close(); // its instance and reader would take CPU from the phases measured next

            // 2. two instances, same application id
            two.start(0, cores.get(0));
            two.start(1, cores.get(1));
            two.awaitReady(2);
            double twoRate = two.timedRun(batchA, "2 instances (cores " + cores.get(0) + ", " + cores.get(1) + ")");
            out.printf(Locale.ROOT, "bench scale: ratio 2 instances / 1 instance = %.2fx (target >= 1.8x)%n", twoRate / oneRate);

            // 3. a steady stream while a third instance joins, then leaves
            Pause[] pauses = two.rebalance(batchB, rate);

            Map<String, ActorDay> actual = two.table();
            ChaosRun.Result counts = ChaosRun.compare(expected, actual, batchA.size() + batchB.size(), 0);
            out.printf(Locale.ROOT, "bench scale: counts after the rebalances vs the one-instance run: %d rows expected, "
                    + "%d found, %d differ, lost %d, doubled %d%n", counts.expectedRows(), actual.size(),
                    counts.mismatchedRows(), counts.lost(), counts.doubled());
            counts.examples().forEach(e -> out.println("bench scale: differs: " + e));
            if (external) {
                out.println("bench scale: left on the cluster: topics scale-" + run + "-one.* and scale-" + run + "-two.*");
            }
            Result result = new Result(oneRate, twoRate, pauses[0], pauses[1], counts);
            out.printf(Locale.ROOT, "scale: articles=%d partitions=%d one_per_s=%.1f two_per_s=%.1f ratio=%.2f "
                            + "join_gap_ms=%d leave_gap_ms=%d rows=%d differ=%d%n", articles, partitions, oneRate, twoRate,
                    result.ratio(), pauses[0].anyGapMs(), pauses[1].anyGapMs(), counts.expectedRows(), counts.mismatchedRows());
            return result;
        }
    }

    private static boolean tasksetAvailable() {
        try {
            Process p = new ProcessBuilder("taskset", "-c", "0", "true").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * One application id with its own topics and instances, and a reader following its output: the articles it
     * enriched and the latest {@code mentions.daily} value per key.
     */
    private final class Phase implements AutoCloseable {
        private final Path dir;
        private final String prefix;
        private final String applicationId;
        private final Map<String, Object> client;
        private final List<String> taskset;
        private final String bootstrap;
        private final String registry;
        private final Map<Integer, ChildJvm> instances = new TreeMap<>();
        private final AvroSerializer<Article> serializer = new AvroSerializer<>();
        private final Admin admin;
        private Reader reader;

        Phase(Path dir, String prefix, Map<String, Object> client, List<String> taskset, String bootstrap,
              String registry) {
            this.dir = dir;
            this.prefix = prefix;
            this.applicationId = prefix + "stancewatch";
            this.client = client;
            this.taskset = taskset;
            this.bootstrap = bootstrap;
            this.registry = registry;
            serializer.configure(client, false);
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        }

        String topic(String name) {
            return prefix + name;
        }

        void start(int index, int core) throws IOException {
            Path config = dir.resolve("app.properties");
            if (!Files.exists(config)) {
                Files.createDirectories(dir);
                // The actor catalogue stays shared (`run` seeds the starter actors into `actors`); everything else is
                // this phase's own.
                Files.writeString(config, String.join("\n",
                        "application.id=" + applicationId,
                        "topic.articles=" + topic("articles"),
                        "topic.enriched=" + topic("articles.enriched"),
                        "topic.mentions.daily=" + topic("mentions.daily"),
                        "topic.alerts=" + topic("alerts.stance"),
                        "topic.rejected=" + topic("articles.rejected"),
                        "num.stream.threads=" + threads, ""), StandardCharsets.UTF_8);
            }
            Path data = dir.resolve("instance-" + index);
            List<String> args = new ArrayList<>(List.of("run", "--data-dir", data.toString(), "--bootstrap-servers",
                    bootstrap, "--schema-registry-url", registry, "--partitions", String.valueOf(partitions),
                    "--config", config.toString()));
            String main;
            if (analyser == ChaosRun.Analyser.matcher) {
                main = PipelineProcess.class.getName();
                args.addAll(List.of("--threads", String.valueOf(threads), "--instance-id", applicationId + "-" + index,
                        "--alerts"));
            } else {
                main = ChaosRun.STANCEWATCH_MAIN;
                args.addAll(List.of("--http-port", "0"));
            }
            List<String> launcher = taskset.isEmpty() ? List.of() : List.of(taskset.get(0), taskset.get(1), String.valueOf(core));
            ChildJvm child = ChildJvm.start(launcher, heap, classpath != null ? classpath : ChildJvm.currentClasspath(),
                    main, args, dir.resolve("logs").resolve("instance-" + index + ".log"));
            instances.put(index, child);
            if (reader == null) {
                // The instance creates the topics; the reader needs them.
                child.awaitReady(() -> topicsExist(), timeout, "it created the topics");
                reader = new Reader(client, topic("articles.enriched"), topic("mentions.daily"));
            }
        }

        private boolean topicsExist() {
            try {
                return admin.listTopics().names().get(10, TimeUnit.SECONDS).containsAll(
                        List.of(topic("articles.enriched"), topic("mentions.daily"), topic("articles")));
            } catch (Exception e) {
                return false;
            }
        }


        /** Until the group is stable with {@code count} instances, each of them RUNNING. */
        void awaitReady(int count) {
            int members = count * threads;
            ChildJvm first = instances.values().iterator().next();
            for (ChildJvm child : instances.values()) {
                child.awaitReady(() -> running(child), timeout, "its pipeline is RUNNING");
            }
            first.awaitReady(() -> stable(members) && instances.values().stream().allMatch(this::running),
                    timeout, "the group " + applicationId + " is stable with " + members + " members");
        }

        private boolean running(ChildJvm child) {
            if (analyser == ChaosRun.Analyser.full) {
                return child.logContains("stancewatch is running");
            }
            List<long[]> states = states(child);
            return !states.isEmpty() && states.get(states.size() - 1)[1] == 1;
        }

        private boolean stable(int members) {
            try {
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(applicationId)).describedGroups()
                        .get(applicationId).get(10, TimeUnit.SECONDS);
                return d.groupState() == GroupState.STABLE && d.members().size() == members;
            } catch (Exception e) {
                return false;
            }
        }

        /** Publishes {@code batch} at once and returns articles/s from the first send until all are counted. */
        double timedRun(List<Article> batch, String what) throws Exception {
            List<byte[]> bytes = serialize(batch);
            Map<Integer, Long> cpuBefore = new TreeMap<>();
            instances.forEach((i, c) -> cpuBefore.put(i, cpuNanos(c.pid())));
            long selfBefore = cpuNanos(ProcessHandle.current().pid());
            long start = System.nanoTime();
            publish(batch, bytes, 0, null);
            awaitCounted(batch);
            long elapsed = System.nanoTime() - start;
            double seconds = elapsed / 1e9;
            double rate = batch.size() / seconds;
            out.printf(Locale.ROOT, "bench scale: %s: %d articles enriched and counted in %.1f s = %.1f articles/s%n",
                    what, batch.size(), seconds, rate);
            // How busy each side was: an instance well below 1 core was held up by something else (the broker, the
            // other instance's tasks, other processes on the machine), not by its own core.
            StringBuilder cpu = new StringBuilder("bench scale: CPU used meanwhile, in cores:");
            instances.forEach((i, c) -> cpu.append(String.format(Locale.ROOT, " instance %d %.2f;", i,
                    (cpuNanos(c.pid()) - cpuBefore.get(i)) / (double) elapsed)));
            cpu.append(String.format(Locale.ROOT, " this JVM%s %.2f; machine load average %.1f",
                    bootstrapServers == null || bootstrapServers.isBlank() ? " (broker, registry, publisher, reader)"
                            : " (publisher, reader)",
                    (cpuNanos(ProcessHandle.current().pid()) - selfBefore) / (double) elapsed,
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
            out.println(cpu);
            return rate;
        }

        List<byte[]> serialize(List<Article> batch) {
            List<byte[]> bytes = new ArrayList<>(batch.size());
            for (Article a : batch) {
                bytes.add(serializer.serialize(topic("articles"), a));
            }
            return bytes;
        }

        void publish(List<Article> batch, double rate) throws InterruptedException {
            publish(batch, serialize(batch), rate, null);
        }

        /** Sends at {@code rate} (0: at once), in this thread; {@code sent} counts acknowledged records. */
        void publish(List<Article> batch, List<byte[]> bytes, double rate, AtomicInteger sent) throws InterruptedException {
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(BenchPipelineCommand.producerConfig(bootstrap),
                    new StringSerializer(), new ByteArraySerializer())) {
                BenchPacer pacer = new BenchPacer(rate, System.nanoTime());
                for (int i = 0; i < batch.size(); i++) {
                    pacer.awaitDue(i);
                    producer.send(new ProducerRecord<>(topic("articles"), batch.get(i).getId(), bytes.get(i)),
                            (md, e) -> {
                                if (e == null && sent != null) {
                                    sent.incrementAndGet();
                                }
                            });
                }
                producer.flush();
            }
        }

        void awaitCounted(List<Article> batch) throws InterruptedException {
            Set<String> ids = batch.stream().map(Article::getId).collect(Collectors.toSet());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reader.counted(ids)) {
                for (ChildJvm child : instances.values()) {
                    if (!child.isAlive()) {
                        throw new IllegalStateException("instance " + child.log() + " exited; log tail:\n" + child.logTail(30));
                    }
                }
                reader.failIfBroken();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not all articles counted after " + timeout + ": " + reader.describe());
                }
                Thread.sleep(20);
            }
        }

        /**
         * Publishes {@code batch} at a steady {@code rate} while instance 3 joins (on the first core) a quarter of the
         * way in and leaves (SIGTERM, a clean shutdown that leaves the group) once it has been running a while.
         *
         * @return the pauses at the join and at the leave
         */
        Pause[] rebalance(List<Article> batch, double rate) throws Exception {
            List<byte[]> bytes = serialize(batch);
            long durationNanos = (long) (batch.size() / rate * 1e9);
            out.printf(Locale.ROOT, "bench scale: steady stream of %d articles at %.1f articles/s; a third instance joins "
                    + "(core %d) after %.0f s and leaves after %.0f s%n", batch.size(), rate, cores.get(0),
                    durationNanos * 0.25 / 1e9, durationNanos * 0.6 / 1e9);
            AtomicInteger sent = new AtomicInteger();
            AtomicReference<Exception> failure = new AtomicReference<>();
            long start = System.nanoTime();
            Thread publisher = new Thread(() -> {
                try {
                    publish(batch, bytes, rate, sent);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            }, "bench-scale-publisher");
            publisher.setDaemon(true);
            publisher.start();
            sleepUntil(start + durationNanos / 4);
            long joinStart = System.nanoTime();
            start(2, cores.get(0));
            awaitReady(3);
            long joined = System.nanoTime();
            out.printf(Locale.ROOT, "bench scale: third instance running and the group stable %.1f s after its JVM "
                    + "started%n", (joined - joinStart) / 1e9);
            // Give the stream a few seconds on three instances before the leave.
            sleepUntil(Math.max(start + (long) (durationNanos * 0.6), joined + TimeUnit.SECONDS.toNanos(5)));
            long leaveStart = System.nanoTime();
            ChildJvm third = instances.remove(2);
            third.stop(Duration.ofSeconds(60));
            awaitReady(2);
            long left = System.nanoTime();
            out.printf(Locale.ROOT, "bench scale: third instance stopped (SIGTERM) and the group stable again after %.1f s%n",
                    (left - leaveStart) / 1e9);
            publisher.join();
            if (failure.get() != null) {
                throw new IllegalStateException("publishing failed", failure.get());
            }
            boolean streamCovered = start + durationNanos > left;
            awaitCounted(batch);
            Pause before = reader.pause(start + TimeUnit.SECONDS.toNanos(2), joinStart, -1);
            List<ChildJvm> all = new ArrayList<>(instances.values());
            all.add(third);
            Pause join = reader.pause(joinStart, leaveStart, rebalancing(all, joinStart, leaveStart));
            Pause leave = reader.pause(leaveStart, Math.min(start + durationNanos, left + TimeUnit.SECONDS.toNanos(10)),
                    rebalancing(instances.values(), leaveStart, left + TimeUnit.SECONDS.toNanos(10)));
            out.println("bench scale: steady state before the join: " + before.describe());
            out.println("bench scale: third instance joins: " + join.describe());
            out.println("bench scale: third instance leaves: " + leave.describe());
            if (!streamCovered) {
                out.println("bench scale: warning: the stream ended before the leave settled; raise --rebalance-seconds"
                        + " (an idle pipeline shows gaps that are no pause)");
            }
            return new Pause[] {join, leave};
        }

        /** Longest REBALANCING -> RUNNING spell that began in [from, to) (nanoTime), over the instances' logs; -1 unknown. */
        private long rebalancing(Iterable<ChildJvm> children, long fromNanos, long toNanos) {
            if (analyser == ChaosRun.Analyser.full) {
                return -1;
            }
            long offset = System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
            long from = TimeUnit.NANOSECONDS.toMillis(fromNanos) + offset;
            long to = TimeUnit.NANOSECONDS.toMillis(toNanos) + offset;
            long longest = 0;
            for (ChildJvm child : children) {
                Long since = null;
                for (long[] s : states(child)) {
                    if (s[1] == 2 && since == null) {
                        since = s[0];
                    } else if (s[1] == 1 && since != null) {
                        if (since >= from && since < to) {
                            longest = Math.max(longest, s[0] - since);
                        }
                        since = null;
                    }
                }
            }
            return longest;
        }

        Map<String, ActorDay> table() {
            return reader.table();
        }

        /** Stops the instances (SIGTERM, a clean shutdown), then the reader; a second call does nothing. */
        @Override
        public void close() {
            instances.values().forEach(c -> c.stop(Duration.ofSeconds(60)));
            instances.clear();
            if (reader != null) {
                reader.close();
                reader = null;
            }
            admin.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Kafka Streams state changes an instance printed ({@link PipelineProcess#STATE_LINE}): [epoch ms, 1 RUNNING /
     * 2 REBALANCING / 0 other].
     */
    static List<long[]> states(ChildJvm child) {
        List<long[]> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(child.log(), StandardCharsets.ISO_8859_1)) {
                if (line.startsWith(PipelineProcess.STATE_LINE + " ")) {
                    String[] f = line.split(" ");
                    int state = f[3].equals("RUNNING") ? 1 : f[3].equals("REBALANCING") ? 2 : 0;
                    out.add(new long[] {Long.parseLong(f[1]), state});
                }
            }
        } catch (IOException | RuntimeException e) {
            // not written yet
        }
        return out;
    }

    /** CPU time a process has used so far (user + system), 0 when the OS does not tell. */
    static long cpuNanos(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /**
     * Follows a phase's {@code articles.enriched} and {@code mentions.daily} (read_committed, from the beginning) in
     * a thread. An article is counted once it is enriched and the all-outlet rows' article counts add up to one per
     * (article, actor) enriched so far, and the per-outlet rows' likewise for articles with an outlet: the row
     * layout's own invariant, so no row has to list its articles. The latest bytes of every row are kept for
     * {@link #table()}.
     */
    private static final class Reader implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final AvroDeserializer<ActorDay> days = new AvroDeserializer<>(ActorDay.class);
        private final AvroDeserializer<EnrichedArticle> enriched = new AvroDeserializer<>(EnrichedArticle.class);
        private final String enrichedTopic;
        private final String dailyTopic;
        private final Thread thread;
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private volatile boolean closed;
        // guarded by this
        private final Set<String> enrichedIds = new HashSet<>();
        private long expectedContributions;
        private final Map<String, Long> rowArticles = new HashMap<>();
        private long countedContributions;
        private long expectedOutletContributions;
        private long countedOutletContributions;
        private final Map<String, byte[]> latest = new HashMap<>();
        /** nanoTime of each poll that returned mentions.daily records, and the partitions it had records for. */
        private final List<long[]> arrivals = new ArrayList<>();

        Reader(Map<String, Object> client, String enrichedTopic, String dailyTopic) {
            this.enrichedTopic = enrichedTopic;
            this.dailyTopic = dailyTopic;
            days.configure(client, false);
            enriched.configure(client, false);
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, client.get("bootstrap.servers"));
            c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : List.of(enrichedTopic, dailyTopic)) {
                consumer.partitionsFor(t).forEach(p -> parts.add(new TopicPartition(t, p.partition())));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            thread = new Thread(this::loop, "bench-scale-reader-" + dailyTopic);
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            try {
                while (!closed) {
                    var records = consumer.poll(Duration.ofMillis(50));
                    long now = System.nanoTime();
                    Set<Integer> dailyPartitions = new HashSet<>();
                    synchronized (this) {
                        for (ConsumerRecord<String, byte[]> r : records) {
                            if (r.topic().equals(enrichedTopic)) {
                                if (r.value() != null && enrichedIds.add(r.key())) {
                                    EnrichedArticle a = enriched.deserialize(r.topic(), r.value());
                                    long actors = a.getMentions().stream().map(ActorMention::getActorId).distinct().count();
                                    expectedContributions += actors;
                                    if (a.getOutlet() != null && !a.getOutlet().isBlank()) {
                                        expectedOutletContributions += actors;
                                    }
                                }
                                continue;
                            }
                            dailyPartitions.add(r.partition());
                            latest.put(r.key(), r.value());
                            // Per-outlet rows (actor|day|outlet) come through their own repartition topic and may lag
                            // behind the all-outlet ones (actor|day): both must add up.
                            boolean allOutlets = r.key().indexOf('|') == r.key().lastIndexOf('|');
                            long count = r.value() == null ? 0 : days.deserialize(r.topic(), r.value()).getArticles();
                            Long before = rowArticles.put(r.key(), count);
                            long delta = count - (before == null ? 0 : before);
                            if (allOutlets) {
                                countedContributions += delta;
                            } else {
                                countedOutletContributions += delta;
                            }
                        }
                        for (int p : dailyPartitions) {
                            arrivals.add(new long[] {now, p});
                        }
                    }
                }
            } catch (org.apache.kafka.common.errors.WakeupException e) {
                // closing
            } catch (Exception e) {
                failure.set(e);
            }
        }

        synchronized boolean counted(Set<String> ids) {
            return enrichedIds.containsAll(ids) && countedContributions == expectedContributions
                    && countedOutletContributions == expectedOutletContributions;
        }

        void failIfBroken() {
            if (failure.get() != null) {
                throw new IllegalStateException("reading the output failed", failure.get());
            }
        }

        synchronized String describe() {
            return enrichedIds.size() + " articles enriched, all-outlet rows count " + countedContributions + " of "
                    + expectedContributions + " (article, actor) contributions, per-outlet rows "
                    + countedOutletContributions + " of " + expectedOutletContributions;
        }

        /** Output gaps within [from, to) (nanoTime): between any two arrivals, and within one partition. */
        synchronized Pause pause(long from, long to, long rebalancingMs) {
            long any = 0;
            long last = from;
            Map<Integer, Long> lastByPartition = new HashMap<>();
            long partitionGap = 0;
            for (long[] a : arrivals) {
                if (a[0] < from) {
                    lastByPartition.put((int) a[1], from);
                    continue;
                }
                if (a[0] >= to) {
                    break;
                }
                any = Math.max(any, a[0] - last);
                last = a[0];
                Long prev = lastByPartition.put((int) a[1], a[0]);
                partitionGap = Math.max(partitionGap, a[0] - (prev == null ? from : prev));
            }
            return new Pause(TimeUnit.NANOSECONDS.toMillis(any), TimeUnit.NANOSECONDS.toMillis(partitionGap), rebalancingMs);
        }

        /** The latest value of every row with articles, as `chaos` reads `mentions.daily`. */
        synchronized Map<String, ActorDay> table() {
            Map<String, ActorDay> table = new LinkedHashMap<>();
            new TreeMap<>(latest).forEach((k, v) -> {
                if (v != null) {
                    ActorDay d = days.deserialize(dailyTopic, v);
                    if (d.getArticles() > 0) {
                        table.put(k, d);
                    }
                }
            });
            return table;
        }

        @Override
        public void close() {
            closed = true;
            consumer.wakeup();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            consumer.close();
        }
    }
}
