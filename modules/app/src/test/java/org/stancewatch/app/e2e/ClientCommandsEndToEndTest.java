package org.stancewatch.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancewatch.app.Stancewatch;
import org.stancewatch.app.TopicReader;
import org.stancewatch.events.serde.AvroDeserializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import java.time.Duration;
import org.stancewatch.embedded.EmbeddedCluster;
import org.stancewatch.events.Actor;
import org.stancewatch.events.Article;
import org.stancewatch.events.Topics;
import org.stancewatch.pipeline.TopicSetup;
import org.stancewatch.pipeline.catalogue.ActorsAdmin;
import org.stancewatch.pipeline.catalogue.CatalogueSeeder;
import picocli.CommandLine;

/** `actors`, `alerts` and `feed` as a first-time user types them, against a real embedded broker and registry. */
class ClientCommandsEndToEndTest {

    @TempDir
    static Path dataDir;

    static EmbeddedCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedCluster.start(dataDir.resolve("cluster"), 0, 0);
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", cluster.bootstrapServers()))) {
            new TopicSetup(Topics.defaults(), 1, (short) 1).createMissing(admin);
        }
        new CatalogueSeeder(clientConfig()).seedStarterIfEmpty();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    static Map<String, Object> clientConfig() {
        return Map.of("bootstrap.servers", cluster.bootstrapServers(), "schema.registry.url", cluster.registryUrl());
    }

    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    static Result run(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        int at = command[0].equals("actors") ? (command[1].equals("alias") ? 3 : 2) : 1;
        args.addAll(at, List.of("--bootstrap-servers", cluster.bootstrapServers(), "--schema-registry-url",
                cluster.registryUrl(), "--data-dir", dataDir.toString()));
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringWriter cliErr = new StringWriter();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = Stancewatch.commandLine();
            cli.setErr(new PrintWriter(cliErr, true));
            int code = cli.execute(args.toArray(String[]::new));
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8) + cliErr);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static Actor actor(String id) {
        try (ActorsAdmin admin = new ActorsAdmin(clientConfig())) {
            return admin.get(id).orElseThrow(() -> new AssertionError("no actor " + id));
        }
    }

    /** Issue #14.5: the README's `actors add wagner-group ... --alias Wagner` replaced four aliases with one, silently. */
    @Test
    void actorsAddRefusesToOverwriteAStarterActor_aliasAddExtendsIt_replaceIsExplicit() {
        List<String> before = ActorsAdmin.allAliases(actor("wagner-group"));
        assertEquals(4, before.size(), before.toString());

        Result refused = run("actors", "add", "wagner-group", "--name", "Wagner Group", "--type", "ARMED_GROUP", "--alias", "Wagner");
        assertTrue(refused.exitCode() != 0, refused.toString());
        assertTrue(refused.err().contains("already exists") && refused.err().contains("--replace")
                && refused.err().contains("'Africa Corps'") && refused.err().contains("actors alias add"), refused.toString());
        assertEquals(before, ActorsAdmin.allAliases(actor("wagner-group")), "nothing changed");

        Result added = run("actors", "alias", "add", "wagner-group", "Wagner", "Wagner fighters");
        assertEquals(0, added.exitCode(), added.toString());
        List<String> expected = new ArrayList<>(before);
        expected.addAll(List.of("Wagner", "Wagner fighters"));
        assertEquals(expected, ActorsAdmin.allAliases(actor("wagner-group")));

        Result removed = run("actors", "alias", "remove", "wagner-group", "wagner fighters");
        assertEquals(0, removed.exitCode(), removed.toString());
        assertTrue(removed.out().contains("Wagner fighters"), removed.toString());

        Result replaced = run("actors", "add", "wagner-group", "--name", "Wagner", "--alias", "Wagner", "--replace");
        assertEquals(0, replaced.exitCode(), replaced.toString());
        assertTrue(replaced.out().contains("dropped aliases: Wagner Group, Wagner mercenaries, Wagner PMC, Africa Corps"),
                replaced.toString());
        assertEquals(List.of("Wagner"), ActorsAdmin.allAliases(actor("wagner-group")));

        Result badId = run("actors", "add", "Wagner_Group", "--alias", "Wagner");
        assertTrue(badId.exitCode() != 0, badId.toString());
        assertTrue(badId.err().contains("a-z, 0-9 and '-'"), badId.toString());
    }

    /** Issue #14.7: `alerts` on an empty topic printed nothing at all. */
    @Test
    void alertsSaysSoWhenThereAreNone() {
        Result r = run("alerts", "--once");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("no alerts yet"), r.toString());
    }

    /** Issue #14.7: a body over 1 MiB always failed on the producer's default max.request.size. */
    @Test
    void feedSendsBodiesLargerThanOneMebibyteWhenAllowed(@TempDir Path inputs) throws Exception {
        String body = "The UN met in Geneva on Monday. ".repeat(70_000); // 2.2 MB
        Files.writeString(inputs.resolve("big.txt"), " date 2017-07-10\nA long report\n\n" + body);

        Result r = run("feed", "--max-body-bytes", "3000000", inputs.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.err().contains("sent 1"), r.toString());
        AvroDeserializer<Article> d = new AvroDeserializer<>(Article.class);
        d.configure(Map.of("schema.registry.url", cluster.registryUrl()), false);
        List<Article> sent;
        try (TopicReader<Article> reader = new TopicReader<>(Map.of("bootstrap.servers", cluster.bootstrapServers()),
                Topics.ARTICLES, d)) {
            sent = reader.readToEnd(Duration.ofSeconds(60)).stream().map(ConsumerRecord::value).toList();
        }
        assertTrue(sent.stream().anyMatch(a -> a.getBody().length() > 2_000_000), "the 2.2 MB body arrived whole");

        Result tooBig = run("feed", "--max-body-bytes", "40000000", inputs.toString());
        assertTrue(tooBig.exitCode() != 0, tooBig.toString());
        assertTrue(tooBig.err().contains("max.message.bytes"), tooBig.toString());
    }
}
