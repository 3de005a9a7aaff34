package org.stancewatch.app.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.stancewatch.app.TopicReader;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.Article;
import org.stancewatch.events.ProducerSettings;
import org.stancewatch.events.Topics;
import org.stancewatch.events.registry.HttpSchemaRegistryClient;
import org.stancewatch.events.serde.AvroDeserializer;
import org.stancewatch.events.serde.AvroSerializer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The kill test: publishes N generated articles while `stancewatch run` (a child JVM, with the embedded
 * broker and registry inside it) is SIGKILLed K times at seeded random moments and restarted on the same
 * data directory; then reads {@code mentions.daily} to its end (read_committed, last value per key) and
 * compares it with a clean run over the same articles. Anything missing is "lost", anything counted more
 * than once is "doubled"; both must be 0. The last line printed is {@code articles=N kills=K lost=x doubled=y}.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Crash test: kill `stancewatch run` K times (SIGKILL) while it processes N articles, "
                + "restart it on the same data, and compare the daily counts with a clean run.")
public final class ChaosRun implements Callable<Integer> {

    /** The command whose crash safety is tested; its options must be those of `stancewatch run`. */
    public static final String STANCEWATCH_MAIN = "org.stancewatch.app.Stancewatch";
    static final String ENDPOINTS_FILE = "endpoints.properties";

    @Option(names = "--articles", defaultValue = "5000", description = "Articles to publish (re-sends included), default ${DEFAULT-VALUE}.")
    int articles;

    @Option(names = "--kills", defaultValue = "3", description = "SIGKILLs of the running pipeline, default ${DEFAULT-VALUE}.")
    int kills;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for the articles and the kill moments, default ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--data-dir", defaultValue = "chaos-data", description = "Work directory; its crashed/, clean/ and logs/ are replaced. Default ${DEFAULT-VALUE}.")
    Path workDir;

    @Option(names = "--seeds", defaultValue = "seeds", description = "Directory of seed articles (*.txt) to take sentences from, default ${DEFAULT-VALUE}.")
    Path seedsDir;

    /** Which pipeline the children run. */
    public enum Analyser {
        /** `stancewatch run` itself: ClearNLP stance, 13.6 articles/s on 2 cores (`bench pipeline`), a minute to start. */
        full,
        /** The same topology, broker and registry with the actor matcher only (every stance NEUTRAL), see {@link PipelineProcess}. */
        matcher
    }

    @Option(names = "--analyser", defaultValue = "full", description = "full (`stancewatch run`, ClearNLP) or matcher "
            + "(same topology, broker and registry, actor matching only: thousands of articles/s, for 100,000-article runs). "
            + "Default ${DEFAULT-VALUE}.")
    Analyser analyser;

    @Option(names = "--heap", description = "-Xmx of each child, default 5g (full) or 1g (matcher).")
    String heap;

    @Option(names = "--min-up", defaultValue = "20", description = "Shortest time (s) a child runs before it is killed, default ${DEFAULT-VALUE}.")
    int minUpSeconds;

    @Option(names = "--max-up", defaultValue = "120", description = "Longest time (s) a child runs before it is killed, default ${DEFAULT-VALUE}.")
    int maxUpSeconds;

    @Option(names = "--timeout", defaultValue = "PT6H", description = "Give up waiting for a run to finish after this (ISO-8601), default ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--stall", defaultValue = "PT10M", description = "Fail when the pipeline makes no progress for this long with work left (ISO-8601), default ${DEFAULT-VALUE}.")
    Duration stall;

    @Option(names = "--child-main", hidden = true, defaultValue = STANCEWATCH_MAIN,
            description = "Main class of the child (tests use a lighter pipeline with the same `run` options).")
    String childMain;

    @Option(names = "--classpath", hidden = true, description = "Classpath of the child; default: this JVM's.")
    String classpath;

    private PrintStream out = System.out;

    /** What a chaos run found; {@link #passed()} when nothing was lost, doubled or otherwise different. */
    public record Result(int articles, int kills, long lost, long doubled, int mismatchedRows, int expectedRows,
                         List<String> examples) {
        public boolean passed() {
            return lost == 0 && doubled == 0 && mismatchedRows == 0;
        }

        /** The report's last line. */
        public String summary() {
            return "articles=" + articles + " kills=" + kills + " lost=" + lost + " doubled=" + doubled;
        }
    }

    public ChaosRun() {
    }

    /** Standalone: {@code java -cp ... org.stancewatch.app.chaos.ChaosRun --articles N --kills K --seed S}. */
    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new ChaosRun()).execute(args));
    }

    /** For tests: a configured run printing to {@code out}. */
    public ChaosRun(int articles, int kills, long seed, Path workDir, Path seedsDir, String heap, int minUpSeconds,
                    int maxUpSeconds, Duration timeout, String childMain, String classpath, PrintStream out) {
        this.articles = articles;
        this.kills = kills;
        this.seed = seed;
        this.workDir = workDir;
        this.seedsDir = seedsDir;
        this.heap = heap;
        this.minUpSeconds = minUpSeconds;
        this.maxUpSeconds = maxUpSeconds;
        this.timeout = timeout;
        this.stall = Duration.ofMinutes(2);
        this.childMain = childMain;
        this.classpath = classpath;
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if (analyser == Analyser.matcher && STANCEWATCH_MAIN.equals(childMain)) {
            childMain = PipelineProcess.class.getName();
        }
        if (heap == null) {
            heap = analyser == Analyser.matcher ? "1g" : "5g";
        }
        Result result = run();
        return result.passed() ? 0 : 1;
    }

    public Result run() throws Exception {
        if (articles < 1 || kills < 0 || minUpSeconds < 1 || maxUpSeconds < minUpSeconds) {
            throw new IllegalArgumentException("need --articles >= 1, --kills >= 0 and 1 <= --min-up <= --max-up");
        }
        List<Article> all = ChaosArticles.fromSeeds(seedsDir, seed).generate(articles);
        long distinct = all.stream().map(Article::getId).distinct().count();
        out.printf("chaos: %d records (%d articles, %d corrections), %d kills, seed %d, child %s (-Xmx%s), work dir %s%n",
                all.size(), distinct, all.size() - distinct, kills, seed, childMain, heap, workDir.toAbsolutePath());
        // Only what this command creates: --data-dir may be a directory holding other things.
        for (String own : List.of("crashed", "clean", "logs")) {
            deleteRecursively(workDir.resolve(own));
        }
        long started = System.nanoTime();
        Map<String, ActorDay> crashed = crashedRun(all);
        out.printf("chaos: crashed run done after %d s%n", seconds(started));
        reportHangingTransactionSweeps();
        long cleanStart = System.nanoTime();
        Map<String, ActorDay> clean = cleanRun(all);
        out.printf("chaos: clean run done in %d s%n", seconds(cleanStart));
        Result result = compare(clean, crashed);
        out.printf("chaos: %d rows expected, %d rows found, %d rows differ%n", result.expectedRows(), crashed.size(),
                result.mismatchedRows());
        result.examples().forEach(e -> out.println("chaos: differs: " + e));
        out.println(result.summary());
        return result;
    }

    /**
     * How many transactions the restarts found left open by a kill and ended, by how (the broker's start-up sweep logs
     * each one it aborts or commits, see HangingTransactions): shows that the kills hit transactions in flight, where,
     * and which way the sweep ended them.
     */
    private void reportHangingTransactionSweeps() throws IOException {
        Map<String, Map<String, Integer>> byVerb = new TreeMap<>();
        Pattern ended = Pattern.compile("(Aborting|Committing) hanging transaction of producer \\d+ epoch \\d+ on (\\S+)-\\d+ ");
        try (Stream<Path> logs = Files.list(workDir.resolve("logs"))) {
            for (Path log : (Iterable<Path>) logs.filter(p -> p.getFileName().toString().startsWith("crashed-"))::iterator) {
                try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
                    lines.map(ended::matcher).filter(Matcher::find).forEach(m -> byVerb
                            .computeIfAbsent(m.group(1).equals("Aborting") ? "aborted" : "committed", k -> new TreeMap<>())
                            .merge(m.group(2), 1, Integer::sum));
                }
            }
        }
        for (String verb : List.of("aborted", "committed")) {
            Map<String, Integer> byTopic = byVerb.getOrDefault(verb, Map.of());
            out.printf("chaos: restarts %s %d transaction(s) the kills left open: %s%n", verb,
                    byTopic.values().stream().mapToInt(Integer::intValue).sum(), byTopic.isEmpty() ? "none" : byTopic);
        }
    }

    // ---- the two runs --------------------------------------------------------------------------

    private Map<String, ActorDay> crashedRun(List<Article> all) throws Exception {
        Path dir = workDir.resolve("crashed");
        Ports ports = Ports.free();
        Random killClock = new Random(seed * 31 + 17);
        List<List<Article>> chunks = chunks(all, kills + 1);
        try (Publisher publisher = new Publisher()) {
            for (int life = 0; life <= kills; life++) {
                try (ChildJvm child = startRun(dir, ports, "crashed-" + life)) {
                    Properties endpoints = awaitEndpoints(child, dir);
                    publisher.connect(endpoints);
                    if (life < kills) {
                        long upMs = TimeUnit.SECONDS.toMillis(minUpSeconds)
                                + (long) (killClock.nextDouble() * TimeUnit.SECONDS.toMillis(maxUpSeconds - minUpSeconds));
                        // Spread the chunk over the whole life, so the kill lands while articles are in flight.
                        publisher.enqueue(chunks.get(life), upMs);
                        Thread.sleep(upMs);
                        if (!child.isAlive()) {
                            throw new IllegalStateException("the run died by itself before kill " + (life + 1)
                                    + "; log tail:\n" + child.logTail(40));
                        }
                        String processed = committedArticles(endpoints);
                        child.kill();
                        Files.deleteIfExists(dir.resolve(ENDPOINTS_FILE)); // a killed run cannot remove its own
                        out.printf("chaos: kill %d (SIGKILL pid %d) after %.1f s up: %d records acknowledged, %s committed"
                                        + " as processed%n", life + 1, child.pid(), upMs / 1000.0, publisher.acknowledged(),
                                processed);
                    } else {
                        publisher.enqueue(chunks.get(life), 0);
                        publisher.finish(timeout);
                        awaitProcessed(endpoints, child);
                        Map<String, ActorDay> table = readTable(endpoints);
                        child.stop(Duration.ofSeconds(60));
                        return table;
                    }
                }
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private Map<String, ActorDay> cleanRun(List<Article> all) throws Exception {
        Path dir = workDir.resolve("clean");
        try (ChildJvm child = startRun(dir, Ports.free(), "clean");
             Publisher publisher = new Publisher()) {
            Properties endpoints = awaitEndpoints(child, dir);
            publisher.connect(endpoints);
            publisher.enqueue(all, 0);
            publisher.finish(timeout);
            awaitProcessed(endpoints, child);
            Map<String, ActorDay> table = readTable(endpoints);
            child.stop(Duration.ofSeconds(60));
            return table;
        }
    }

    private ChildJvm startRun(Path dir, Ports ports, String name) throws IOException {
        Files.createDirectories(dir);
        List<String> args = List.of("run", "--data-dir", dir.toString(), "--kafka-port", String.valueOf(ports.kafka),
                "--registry-port", String.valueOf(ports.registry), "--http-port", String.valueOf(ports.http));
        String cp = classpath != null ? classpath : ChildJvm.currentClasspath();
        return ChildJvm.start(heap, cp, childMain, args, workDir.resolve("logs").resolve(name + ".log"));
    }

    private Properties awaitEndpoints(ChildJvm child, Path dir) throws IOException {
        Path file = dir.resolve(ENDPOINTS_FILE);
        child.awaitReady(() -> Files.exists(file), Duration.ofMinutes(10), "it wrote " + file);
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    // ---- publishing ----------------------------------------------------------------------------

    /**
     * Publishes in a background thread, so a kill can land in the middle of a chunk; the producer keeps
     * its records (idempotent, unlimited retries) while the broker is down and sends them once it is back.
     */
    private final class Publisher implements AutoCloseable {
        private record Chunk(List<Article> articles, long spreadMs) {
        }

        private static final Chunk END = new Chunk(List.of(), 0);
        private final LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        private final AtomicInteger acked = new AtomicInteger();
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private KafkaProducer<String, Article> producer;
        private HttpSchemaRegistryClient registry;
        private Thread thread;

        void connect(Properties endpoints) {
            if (producer != null) {
                return; // same ports after a restart: the producer just reconnects
            }
            registry = new HttpSchemaRegistryClient(endpoints.getProperty("schema.registry.url"));
            Map<String, Object> config = ProducerSettings.reliable(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.getProperty("bootstrap.servers")));
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
            config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2_000);
            config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
            producer = new KafkaProducer<>(config, new StringSerializer(),
                    new AvroSerializer<>(registry, Map.of("schema.registry.url", endpoints.getProperty("schema.registry.url")), false));
            thread = new Thread(this::publishLoop, "chaos-publisher");
            thread.setDaemon(true);
            thread.start();
        }

        /** Sends {@code chunk} evenly over {@code spreadMs} (0: as fast as possible). */
        void enqueue(List<Article> chunk, long spreadMs) {
            queue.add(new Chunk(chunk, spreadMs));
        }

        int acknowledged() {
            return acked.get();
        }

        private void publishLoop() {
            try {
                for (Chunk chunk = queue.take(); chunk != END; chunk = queue.take()) {
                    long start = System.nanoTime();
                    int sent = 0;
                    for (Article a : chunk.articles()) {
                        long due = start + TimeUnit.MILLISECONDS.toNanos(chunk.spreadMs() * sent++ / chunk.articles().size());
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        producer.send(new ProducerRecord<>(Topics.ARTICLES, a.getId(), a), (md, error) -> {
                            if (error == null) {
                                acked.incrementAndGet();
                            } else {
                                failure.compareAndSet(null, error);
                            }
                        });
                    }
                }
                producer.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        }

        /** Waits until everything queued is acknowledged; fails if the producer gave up on a record. */
        void finish(Duration timeout) throws InterruptedException {
            queue.add(END);
            thread.join(timeout.toMillis());
            if (failure.get() != null) {
                throw new IllegalStateException("publishing failed after " + acked.get() + " records", failure.get());
            }
            if (thread.isAlive()) {
                throw new IllegalStateException("publishing not done after " + timeout);
            }
        }

        @Override
        public void close() {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
                registry.close();
            }
        }
    }

    // ---- waiting and reading -------------------------------------------------------------------

    /**
     * Waits until the pipeline has consumed everything: every consumer group reading {@code articles}
     * has committed its end offsets there and (within a transaction marker) on every other topic it
     * reads, and {@code mentions.daily} has stopped growing for {@link #QUIET_CHECKS} seconds. The count step
     * sends changed rows on a timer after their input is committed (stancewatch.daily.flush.interval.ms), so
     * "caught up" alone does not mean "all rows sent"; the quiet spell covers that flush with room for a stream
     * thread stalled by a loaded machine.
     */
    private static final int QUIET_CHECKS = 5;

    private void awaitProcessed(Properties endpoints, ChildJvm child) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                endpoints.getProperty("bootstrap.servers")))) {
            Map<TopicPartition, Long> lastOutputEnd = null;
            long lastCommitted = -1;
            long lastMove = System.nanoTime();
            int quietChecks = 0;
            while (quietChecks < QUIET_CHECKS) {
                if (!child.isAlive()) {
                    throw new IllegalStateException("the run exited while processing; log tail:\n" + child.logTail(40));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not processed after " + timeout + "; log " + child.log());
                }
                Thread.sleep(1_000);
                Progress progress = progress(admin);
                if (progress.committed() != lastCommitted) {
                    lastCommitted = progress.committed();
                    lastMove = System.nanoTime();
                } else if (!progress.caughtUp() && System.nanoTime() - lastMove > stall.toNanos()) {
                    Path diagnostics = child.log().resolveSibling("stall-diagnostics.txt");
                    Files.writeString(diagnostics, stallDiagnostics(admin, child));
                    throw new IllegalStateException("the pipeline stopped making progress for " + stall
                            + " with work left: " + progress.lagging() + "; log " + child.log()
                            + "; diagnostics " + diagnostics);
                }
                Map<TopicPartition, Long> outputEnd = endOffsets(admin, partitions(admin, Topics.MENTIONS_DAILY));
                quietChecks = progress.caughtUp() && outputEnd.equals(lastOutputEnd) ? quietChecks + 1 : 0;
                lastOutputEnd = outputEnd;
            }
        }
    }

    /**
     * What a stall looks like from outside, so it can be explained after the fact: open transactions and
     * the producers on the pipeline's partitions, the last stable offset (read_committed end) next to the
     * high watermark, and the child's threads.
     */
    private static String stallDiagnostics(Admin admin, ChildJvm child) {
        StringBuilder out = new StringBuilder();
        try {
            var transactions = admin.listTransactions().all().get();
            out.append("transactions: ").append(transactions).append('\n');
            admin.describeTransactions(transactions.stream().map(TransactionListing::transactionalId).toList())
                    .all().get().forEach((id, d) -> out.append("  ").append(id).append(": ").append(d).append('\n'));
            Set<TopicPartition> read = new HashSet<>();
            for (GroupListing group : admin.listGroups().all().get()) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get();
                read.addAll(committed.keySet());
                out.append("group ").append(group.groupId()).append(" committed: ").append(committed).append('\n');
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            read.forEach(p -> latest.put(p, OffsetSpec.latest()));
            var stableEnd = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
            var highWatermark = admin.listOffsets(latest).all().get();
            var producers = admin.describeProducers(read).all().get();
            for (TopicPartition p : read) {
                out.append(p).append(" LSO=").append(stableEnd.get(p).offset())
                        .append(" HW=").append(highWatermark.get(p).offset())
                        .append(" producers=").append(producers.get(p).activeProducers()).append('\n');
            }
        } catch (Exception e) {
            out.append("admin failed: ").append(e).append('\n');
        }
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(child.pid()), "Thread.print").redirectErrorStream(true).start();
            out.append(new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            out.append("jcmd failed: ").append(e).append('\n');
        }
        return out.toString();
    }

    /**
     * How far the pipeline's consumer groups (those with offsets on {@code articles}) are.
     *
     * @param committed sum of committed offsets, to tell progress from a stall
     * @param lagging   partitions not caught up, as "partition committed/end"
     */
    private record Progress(boolean caughtUp, long committed, List<String> lagging) {
    }

    private static Progress progress(Admin admin) throws Exception {
        Set<TopicPartition> inputs = new HashSet<>(partitions(admin, Topics.ARTICLES));
        boolean anyGroup = false;
        long total = 0;
        List<String> lagging = new ArrayList<>();
        for (GroupListing group : admin.listGroups().all().get()) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get();
            if (committed.keySet().stream().noneMatch(inputs::contains)) {
                continue; // not the pipeline (e.g. a dashboard reading the outputs)
            }
            anyGroup = true;
            Set<TopicPartition> read = new HashSet<>(committed.keySet());
            read.addAll(inputs);
            Map<TopicPartition, Long> end = endOffsets(admin, new ArrayList<>(read));
            for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                long position = c == null ? 0 : c.offset();
                total += position;
                // Topics the pipeline itself writes end with a transaction marker it may not have passed yet.
                long slack = inputs.contains(e.getKey()) ? 0 : 1;
                if (position < e.getValue() - slack) {
                    lagging.add(group.groupId() + ":" + e.getKey() + " " + position + "/" + e.getValue());
                }
            }
        }
        return new Progress(anyGroup && lagging.isEmpty(), total, lagging);
    }

    /** Records of {@code articles} the pipeline has committed as processed, or why that is unknown (progress line only). */
    private static String committedArticles(Properties endpoints) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                endpoints.getProperty("bootstrap.servers"), AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000))) {
            long total = 0;
            for (GroupListing group : admin.listGroups().all().get(5, TimeUnit.SECONDS)) {
                for (Map.Entry<TopicPartition, OffsetAndMetadata> e : admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS).entrySet()) {
                    if (e.getKey().topic().equals(Topics.ARTICLES) && e.getValue() != null) {
                        total += e.getValue().offset();
                    }
                }
            }
            return String.valueOf(total);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        } catch (Exception e) {
            return "unknown (" + e + ")";
        }
    }

    private static List<TopicPartition> partitions(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, List<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        partitions.forEach(p -> specs.put(p, OffsetSpec.latest()));
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(specs).all().get().forEach((p, info) -> out.put(p, info.offset()));
        return out;
    }

    /** {@code mentions.daily} from the beginning to its end, committed records only, last value per key. */
    static Map<String, ActorDay> readTable(Properties endpoints) {
        Map<String, Object> client = Map.of(
                "bootstrap.servers", endpoints.getProperty("bootstrap.servers"),
                "schema.registry.url", endpoints.getProperty("schema.registry.url"));
        AvroDeserializer<ActorDay> values = new AvroDeserializer<>(ActorDay.class);
        values.configure(client, false);
        Map<String, ActorDay> table;
        try (TopicReader<ActorDay> reader = new TopicReader<>(client, Topics.MENTIONS_DAILY, values)) {
            table = new TreeMap<>(reader.latestByKey(Duration.ofMinutes(5)));
        }
        table.values().removeIf(row -> row.getArticles() == 0);
        return table;
    }

    // ---- comparing -----------------------------------------------------------------------------

    /**
     * lost / doubled: article contributions missing from / in excess of the expected all-outlet rows;
     * a row that differs in anything else (mentions, stance counts, outlets, article ids, per-outlet rows)
     * counts as mismatched.
     */
    public static Result compare(Map<String, ActorDay> expected, Map<String, ActorDay> actual, int articles, int kills) {
        long lost = 0;
        long doubled = 0;
        int mismatched = 0;
        List<String> examples = new ArrayList<>();
        Set<String> keys = new java.util.TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String key : keys) {
            ActorDay want = expected.get(key);
            ActorDay got = actual.get(key);
            long wantArticles = want == null ? 0 : want.getArticles();
            long gotArticles = got == null ? 0 : got.getArticles();
            boolean total = (want != null ? want : got).getOutlet() == null;
            if (total) {
                lost += Math.max(0, wantArticles - gotArticles);
                doubled += Math.max(0, gotArticles - wantArticles);
            }
            if (!sameCounts(want, got)) {
                mismatched++;
                if (examples.size() < 10) {
                    examples.add(key + ": expected " + describe(want) + ", found " + describe(got));
                }
            }
        }
        return new Result(articles, kills, lost, doubled, mismatched, expected.size(), examples);
    }

    private Result compare(Map<String, ActorDay> expected, Map<String, ActorDay> actual) {
        return compare(expected, actual, articles, kills);
    }

    private static boolean sameCounts(ActorDay a, ActorDay b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.getMentions() == b.getMentions() && a.getArticles() == b.getArticles()
                && a.getOutlets() == b.getOutlets() && a.getFavor() == b.getFavor() && a.getAgainst() == b.getAgainst()
                && a.getNeutral() == b.getNeutral() && a.getMixed() == b.getMixed()
                && Math.abs(a.getNetStance() - b.getNetStance()) < 1e-9
                && Math.abs(a.getMeanScore() - b.getMeanScore()) < 1e-9;
    }

    private static String describe(ActorDay d) {
        return d == null ? "nothing" : "articles=" + d.getArticles() + " mentions=" + d.getMentions() + " favor="
                + d.getFavor() + " against=" + d.getAgainst() + " neutral=" + d.getNeutral() + " mixed=" + d.getMixed();
    }

    // ---- small helpers -------------------------------------------------------------------------

    private static <T> List<List<T>> chunks(List<T> all, int count) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(all.subList(all.size() * i / count, all.size() * (i + 1) / count));
        }
        return out;
    }

    /** Fixed ports for all lives of one run: the publisher and the restarted broker must meet again. */
    private record Ports(int kafka, int registry, int http) {
        static Ports free() throws IOException {
            try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0); ServerSocket c = new ServerSocket(0)) {
                return new Ports(a.getLocalPort(), b.getLocalPort(), c.getLocalPort());
            }
        }
    }

    private static long seconds(long sinceNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - sinceNanos);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
