package org.stancewatch.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancewatch.app.Stancewatch;
import org.stancewatch.app.TopicReader;
import org.stancewatch.embedded.EmbeddedCluster;
import org.stancewatch.events.Article;
import org.stancewatch.events.RejectedRecord;
import org.stancewatch.events.Topics;
import org.stancewatch.events.serde.AvroDeserializer;
import org.stancewatch.pipeline.TopicSetup;

/** `stancewatch feed` against a real embedded broker and registry, read back through the registry. */
class FeedEndToEndTest {

    static final Path SEEDS = Path.of("../../seeds");

    @TempDir
    static Path dataDir;

    static EmbeddedCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedCluster.start(dataDir.resolve("cluster"), 0, 0);
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", cluster.bootstrapServers()))) {
            new TopicSetup(Topics.defaults(), 1, (short) 1).createMissing(admin);
        }
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    static Result feed(String... paths) {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            String[] args = new String[7 + paths.length];
            args[0] = "feed";
            args[1] = "--bootstrap-servers";
            args[2] = cluster.bootstrapServers();
            args[3] = "--schema-registry-url";
            args[4] = cluster.registryUrl();
            args[5] = "--data-dir";
            args[6] = dataDir.toString();
            System.arraycopy(paths, 0, args, 7, paths.length);
            int code = Stancewatch.commandLine().execute(args);
            return new Result(code, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
        }
    }

    record Result(int exitCode, String stderr) {
    }

    static <T> List<ConsumerRecord<String, T>> read(String topic, Class<T> type) {
        AvroDeserializer<T> d = new AvroDeserializer<>(type);
        d.configure(Map.of("schema.registry.url", cluster.registryUrl()), false);
        try (TopicReader<T> reader = new TopicReader<>(Map.of("bootstrap.servers", cluster.bootstrapServers()), topic, d)) {
            return reader.readToEnd(Duration.ofSeconds(60));
        }
    }

    @Test
    void seedsGoOutAsAvroAndComeBackWithTheirFields_andRefeedingSendsTheSameIds() {
        Result first = feed(SEEDS.toString());
        assertEquals(0, first.exitCode(), first.stderr());
        assertTrue(first.stderr().contains("sent 5"), first.stderr());

        List<ConsumerRecord<String, Article>> records = read(Topics.ARTICLES, Article.class);
        Map<String, Article> byKey = records.stream()
                .collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value, (a, b) -> b));
        assertEquals(5, byKey.size());
        byKey.forEach((key, article) -> {
            assertEquals(key, article.getId(), "key is the article id");
            assertTrue(article.getBody().length() > 1000, "body kept whole: " + article.getId());
            assertTrue(!article.getTitle().isBlank());
        });
        Set<LocalDate> dates = byKey.values().stream().map(Article::getPublishedDate)
                .filter(java.util.Objects::nonNull).collect(Collectors.toSet());
        // 000 and 004 have date lines, 003 states its date under its headline; 001 and 002 are undated.
        assertEquals(Set.of(LocalDate.of(2017, 7, 21), LocalDate.of(2017, 7, 8), LocalDate.of(2017, 7, 12)), dates);
        assertEquals(2, byKey.values().stream().filter(a -> a.getPublishedDate() == null && a.getDateSource() == null).count());
        assertTrue(byKey.values().stream().anyMatch(a -> "TEXT_DATELINE".equals(a.getDateSource())));
        assertTrue(byKey.values().stream().anyMatch(a -> a.getTitle().startsWith("Mosul victory")));

        Result again = feed(SEEDS.toString());
        assertEquals(0, again.exitCode(), again.stderr());
        assertTrue(again.stderr().contains("re-sent 5"), again.stderr());
        Set<String> keysAfter = read(Topics.ARTICLES, Article.class).stream().map(ConsumerRecord::key)
                .collect(Collectors.toSet());
        assertEquals(byKey.keySet(), keysAfter, "re-feeding creates no new article ids");
    }

    /** #12.5: the same data directory feeding a second, fresh cluster: nothing there was sent before. */
    @Test
    void theLedgerIsPerCluster_aFreshClusterReportsNoReSends(@TempDir Path otherClusterDir) {
        Result here = feed(SEEDS.toString());
        assertEquals(0, here.exitCode(), here.stderr());
        try (EmbeddedCluster fresh = EmbeddedCluster.start(otherClusterDir, 0, 0)) {
            try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", fresh.bootstrapServers()))) {
                new TopicSetup(Topics.defaults(), 1, (short) 1).createMissing(admin);
            }
            Result first = feedTo(fresh, dataDir, SEEDS.toString());
            assertEquals(0, first.exitCode(), first.stderr());
            assertTrue(first.stderr().contains("sent 5, rejected 0, re-sent 0"), first.stderr());
            Result again = feedTo(fresh, dataDir, SEEDS.toString());
            assertTrue(again.stderr().contains("re-sent 5"), "a re-send to the same cluster still counts: " + again.stderr());
        }
        Result back = feed(SEEDS.toString());
        assertTrue(back.stderr().contains("re-sent 5"), "the first cluster's ledger is untouched: " + back.stderr());
    }

    /** A data directory from before #12.5 has one sent-ids.txt: it becomes the embedded cluster's ledger. */
    @Test
    void anOldSingleLedgerMovesToTheEmbeddedClusterOfItsDataDirectory(@TempDir Path oldDataDir) throws Exception {
        Result first = feedTo(cluster, oldDataDir, SEEDS.toString());
        assertEquals(0, first.exitCode(), first.stderr());
        Path perCluster;
        try (var files = Files.walk(oldDataDir.resolve("sent-ids"))) {
            perCluster = files.filter(f -> f.getFileName().toString().equals("articles.txt")).findFirst().orElseThrow();
        }
        assertEquals(5, Files.readAllLines(perCluster).size());
        // Turn it back into the old layout, and make the data directory the embedded cluster's (as `run` does).
        Files.move(perCluster, oldDataDir.resolve("sent-ids.txt"));
        Files.writeString(oldDataDir.resolve("endpoints.properties"), "bootstrap.servers=" + cluster.bootstrapServers()
                + "\nschema.registry.url=" + cluster.registryUrl() + "\n");
        Result migrated = run("feed", "--data-dir", oldDataDir.toString(), SEEDS.toString());
        assertEquals(0, migrated.exitCode(), migrated.stderr());
        assertTrue(migrated.stderr().contains("re-sent 5"), migrated.stderr());
        assertTrue(Files.notExists(oldDataDir.resolve("sent-ids.txt")), "moved, not copied");
        assertEquals(5, Files.readAllLines(perCluster).size());
    }

    static Result feedTo(EmbeddedCluster target, Path data, String... paths) {
        String[] args = new String[7 + paths.length];
        args[0] = "feed";
        args[1] = "--bootstrap-servers";
        args[2] = target.bootstrapServers();
        args[3] = "--schema-registry-url";
        args[4] = target.registryUrl();
        args[5] = "--data-dir";
        args[6] = data.toString();
        System.arraycopy(paths, 0, args, 7, paths.length);
        return run(args);
    }

    static Result run(String... args) {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Stancewatch.commandLine().execute(args);
            return new Result(code, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
        }
    }

    @Test
    void badItemsAreReportedWithFileLineAndReason_deadLettered_andGoodItemsStillGoOut(@TempDir Path inputs)
            throws Exception {
        Files.writeString(inputs.resolve("good.jsonl"),
                "{\"id\":\"good-1\",\"title\":\"Fine\",\"body\":\"The UN met in Geneva on Monday.\",\"published\":\"2017-07-10\"}\n"
                        + "{\"id\":\"bad-date\",\"title\":\"x\",\"body\":\"text\",\"published\":\"tomorrow-ish\"}\n"
                        + "{not json\n"
                        + "{\"id\":\"good-2\",\"title\":\"Also fine\",\"body\":\"Russia and Syria signed.\"}\n");
        Files.writeString(inputs.resolve("empty.txt"), " date 2017-07-09\n\n   \n");

        Result r = feed(inputs.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("good.jsonl:2:"), r.stderr());
        assertTrue(r.stderr().contains("good.jsonl:3:"), r.stderr());
        assertTrue(r.stderr().contains("empty.txt"), r.stderr());

        Set<String> ids = read(Topics.ARTICLES, Article.class).stream().map(ConsumerRecord::key)
                .collect(Collectors.toSet());
        assertTrue(ids.containsAll(Set.of("good-1", "good-2")), ids.toString());

        List<RejectedRecord> dead = read(Topics.REJECTED, RejectedRecord.class).stream()
                .map(ConsumerRecord::value).toList();
        assertEquals("BAD_DATE", feedReasonAt(dead, inputs.resolve("good.jsonl") + ":2: "));
        assertEquals("MALFORMED_JSON", feedReasonAt(dead, inputs.resolve("good.jsonl") + ":3: "));
        assertEquals("EMPTY_BODY", feedReasonAt(dead, inputs.resolve("empty.txt") + ":1: "));
    }

    /** The reason of the one feed dead letter whose message starts with {@code place} ({@code file:line: }). */
    private static String feedReasonAt(List<RejectedRecord> dead, String place) {
        List<String> reasons = dead.stream()
                .filter(d -> d.getStage().equals("feed") && d.getMessage().startsWith(place))
                .map(RejectedRecord::getReason).toList();
        assertEquals(1, reasons.size(), () -> place + " in " + dead);
        return reasons.get(0);
    }
}
