package org.stancewatch.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancewatch.app.Stancewatch;
import org.stancewatch.embedded.EmbeddedCluster;
import picocli.CommandLine;

/**
 * Issue #14.3, through the CLI: a `run` killed with SIGKILL leaves endpoints.properties behind, and client
 * commands must say within 5 s that it is not running (instead of feed waiting 60 s per article and watch
 * failing after 32 s); and a feed in which some articles could not be sent exits non-zero.
 */
class ClientFailuresTest {

    @TempDir
    Path dataDir;

    record Result(int exitCode, String stderr, Duration took) {
    }

    /** Runs the CLI; its error line and what commands print to System.err are both captured. */
    static Result cli(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream oldErr = System.err;
        System.setErr(errStream);
        try {
            CommandLine cli = Stancewatch.commandLine();
            cli.setErr(new PrintWriter(errStream, true));
            Instant t0 = Instant.now();
            int code = cli.execute(args);
            return new Result(code, err.toString(StandardCharsets.UTF_8), Duration.between(t0, Instant.now()));
        } finally {
            System.setErr(oldErr);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** What a SIGKILLed `run` leaves: its endpoints file, naming ports nothing listens on, and its pid, now gone. */
    private long leaveStaleEndpoints(int kafkaPort, int registryPort) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", "127.0.0.1:" + kafkaPort);
        p.setProperty("schema.registry.url", "http://127.0.0.1:" + registryPort);
        p.setProperty("pid", String.valueOf(gone.pid()));
        try (OutputStream out = Files.newOutputStream(dataDir.resolve("endpoints.properties"))) {
            p.store(out, "left by a killed run");
        }
        return gone.pid();
    }

    @Test
    void clientCommandsSayWithinFiveSecondsThatRunIsNotRunning() throws Exception {
        int kafkaPort = closedPort();
        int registryPort = closedPort();
        long pid = leaveStaleEndpoints(kafkaPort, registryPort);
        Path article = dataDir.resolve("one.jsonl");
        Files.writeString(article, "{\"id\":\"a-1\",\"title\":\"T\",\"body\":\"ISIS left Mosul.\",\"published\":\"2017-07-10\"}\n");
        String dir = dataDir.toString();
        List<String[]> commands = List.of(
                new String[] {"feed", "--data-dir", dir, article.toString()},
                new String[] {"watch", "mentions", "--once", "--data-dir", dir},
                new String[] {"watch", "articles", "--once", "--data-dir", dir},
                new String[] {"alerts", "--once", "--data-dir", dir},
                new String[] {"actors", "list", "--data-dir", dir});
        for (String[] command : commands) {
            Result r = cli(command);
            String what = String.join(" ", command) + " -> " + r;
            assertEquals(2, r.exitCode(), what);
            assertTrue(r.took().compareTo(Duration.ofSeconds(5)) <= 0, what);
            assertTrue(r.stderr().contains("`stancewatch run` is not running for data dir " + dataDir.toAbsolutePath()), what);
            assertTrue(r.stderr().contains("Kafka at 127.0.0.1:" + kafkaPort), what);
            assertTrue(r.stderr().contains("the schema registry at http://127.0.0.1:" + registryPort), what);
            assertTrue(r.stderr().contains("(pid " + pid + ") has exited"), what);
            assertTrue(r.stderr().contains("./stancewatch run --data-dir " + dataDir.toAbsolutePath()), what);
        }
    }

    @Test
    void aFeedWithArticlesThatCouldNotBeSentExitsNonZero() throws Exception {
        try (EmbeddedCluster cluster = EmbeddedCluster.start(dataDir.resolve("cluster"), 0, 0)) {
            // A topic that takes small records only: the long article's send fails at the broker, the short one's not.
            try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", cluster.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("small.articles", 1, (short) 1)
                        .configs(Map.of("max.message.bytes", "4096")))).all().get();
            }
            Random random = new Random(14);
            StringBuilder noise = new StringBuilder(); // random letters: gzip cannot shrink it below 4 KB
            while (noise.length() < 40_000) {
                noise.append((char) ('a' + random.nextInt(26)));
                if (random.nextInt(7) == 0) {
                    noise.append(' ');
                }
            }
            Path input = dataDir.resolve("two.jsonl");
            Files.writeString(input,
                    "{\"id\":\"short-1\",\"title\":\"Short\",\"body\":\"ISIS left Mosul.\",\"published\":\"2017-07-10\"}\n"
                            + "{\"id\":\"long-1\",\"title\":\"Long\",\"body\":\"" + noise + "\",\"published\":\"2017-07-10\"}\n");
            Result r = cli("feed", "--bootstrap-servers", cluster.bootstrapServers(), "--schema-registry-url",
                    cluster.registryUrl(), "--data-dir", dataDir.toString(), "--topic", "small.articles",
                    "--progress", "NEVER", input.toString());
            assertEquals(1, r.exitCode(), r.toString());
            assertTrue(r.stderr().contains("1 article(s) could not be sent"), r.toString());
        }
    }
}
