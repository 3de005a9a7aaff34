package org.stancewatch.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancewatch.app.Stancewatch;
import org.stancewatch.app.export.ArticleRow;
import org.stancewatch.app.export.TableWriter;
import org.stancewatch.embedded.EmbeddedCluster;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.HolderStance;
import org.stancewatch.events.ProducerSettings;
import org.stancewatch.events.Stance;
import org.stancewatch.events.Topics;
import org.stancewatch.events.serde.AvroSerializer;
import org.stancewatch.pipeline.TopicSetup;

/** `stancewatch export` against a real embedded broker and registry: Avro records in, CSV / JSON Lines out. */
class ExportCommandEndToEndTest {

    static final String HOSTILE_ID = "quote,comma-1";
    static final String HOSTILE_TITLE = "Maliki: \"the army, not the militias\" — İstanbul, 伊拉克";
    /** A title a spreadsheet would run as a formula (CSV injection), published on a day of its own. */
    static final String FORMULA_TITLE = "=HYPERLINK(\"http://evil.example/\",\"Mosul\")";
    static final String HOSTILE_BODY = "Line one, with a comma.\r\nLine \"two\" with quotes.\nThe Iraqi army entered Mosul.";

    @TempDir
    static Path dataDir;
    static EmbeddedCluster cluster;

    @BeforeAll
    static void startClusterAndPublish() throws Exception {
        cluster = EmbeddedCluster.start(dataDir.resolve("cluster"), 0, 0);
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", cluster.bootstrapServers()))) {
            new TopicSetup(Topics.defaults(), 1, (short) 1).createMissing(admin);
        }
        List<EnrichedArticle> articles = new ArrayList<>(Fixtures.articles());
        articles.add(new Fixtures.ArticleBuilder(HOSTILE_ID, HOSTILE_TITLE, "Outlet, \"Inc\"", LocalDate.of(2017, 7, 9),
                HOSTILE_BODY).mention("iraqi-army", "Iraqi army", "Iraqi army")
                .stance("iraqi-army", Stance.NEUTRAL, 0.0, "The Iraqi army entered Mosul.").build());
        articles.add(new Fixtures.ArticleBuilder("formula-1", FORMULA_TITLE, "@Outlet", LocalDate.of(2017, 7, 20),
                "-The Iraqi army entered Mosul.").mention("iraqi-army", "Iraqi army", "Iraqi army")
                .stance("iraqi-army", Stance.AGAINST, -0.5, "The Iraqi army entered Mosul.").build());
        Map<String, Object> config = Map.of("bootstrap.servers", cluster.bootstrapServers(),
                "schema.registry.url", cluster.registryUrl());
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(ProducerSettings.reliable(config), new StringSerializer(),
                serializer(config))) {
            for (EnrichedArticle a : articles) {
                producer.send(new ProducerRecord<>(Topics.ENRICHED, a.getId(), a));
            }
            for (ActorDay d : Fixtures.actorDays(articles, false)) {
                producer.send(new ProducerRecord<>(Topics.MENTIONS_DAILY, d.getActorId() + "|" + d.getDay(), d));
            }
            for (HolderStance h : HolderFixtures.rows()) {
                producer.send(new ProducerRecord<>(Topics.HOLDER_STANCES, h.getHolder() + "|" + h.getTarget() + "|" + h.getDay(), h));
            }
            producer.flush();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static AvroSerializer<SpecificRecord> serializer(Map<String, Object> config) {
        AvroSerializer s = new AvroSerializer();
        s.configure(config, false);
        return s;
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    static String export(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            List<String> all = new ArrayList<>(List.of("export", "--bootstrap-servers", cluster.bootstrapServers(),
                    "--schema-registry-url", cluster.registryUrl(), "--data-dir", dataDir.toString()));
            all.addAll(List.of(args));
            int code = Stancewatch.commandLine().execute(all.toArray(String[]::new));
            assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void articlesAsCsvToAFile_readBackByAStrictParser() throws Exception {
        Path file = dataDir.resolve("out/articles.csv");
        export("articles", "--from", "2017-07-09", "--to", "2017-07-10", "--format", "csv", "--out", file.toString());
        try (CSVParser parser = CSVParser.parse(file, StandardCharsets.UTF_8,
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            assertEquals(TableWriter.columns(ArticleRow.class), parser.getHeaderNames());
            List<CSVRecord> rows = parser.getRecords();
            // a2, a3 and the hostile one on the 9th, a4 on the 10th; undated and other days left out
            assertEquals(List.of("a2", "a3", HOSTILE_ID, "a4"), rows.stream().map(r -> r.get("id")).toList());
            CSVRecord hostile = rows.get(2);
            assertEquals(HOSTILE_TITLE, hostile.get("title"));
            assertEquals(HOSTILE_BODY, hostile.get("body"));
            assertEquals("Outlet, \"Inc\"", hostile.get("outlet"));
            assertEquals("2017-07-09", hostile.get("publishedDate"));
            assertEquals("iraqi-army=NEUTRAL", hostile.get("stances"));
            assertEquals("united-states;iraqi-army", rows.get(1).get("actors"));
        }
    }

    /** The command's CSV neutralises formulas (OWASP) like the API's: read back, the cells keep a leading quote. */
    @Test
    void formulaCellsAreQuotedInTheCommandsCsv_andUnchangedInJsonLines() throws Exception {
        String csv = export("articles", "--from", "2017-07-20", "--to", "2017-07-20", "--format", "csv");
        try (CSVParser parser = CSVParser.parse(csv, CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            List<CSVRecord> rows = parser.getRecords();
            assertEquals(1, rows.size());
            assertEquals("'" + FORMULA_TITLE, rows.get(0).get("title"));
            assertEquals("'@Outlet", rows.get(0).get("outlet"));
            assertEquals("'-The Iraqi army entered Mosul.", rows.get(0).get("body"));
        }
        String jsonl = export("articles", "--from", "2017-07-20", "--to", "2017-07-20", "--format", "jsonl");
        assertEquals(FORMULA_TITLE, ApiServer.newObjectMapper().readTree(jsonl.trim()).path("title").asText());
    }

    @Test
    void mentionsAndHoldersAsJsonLinesOnStdout_undatedOnlyWithoutAPeriod() throws Exception {
        String mentions = export("mentions", "--from", "2017-07-09", "--to", "2017-07-09", "--format", "jsonl");
        List<JsonNode> rows = new ArrayList<>();
        for (String line : mentions.split("\n")) {
            rows.add(ApiServer.newObjectMapper().readTree(line));
        }
        assertEquals(List.of("iraqi-army", "pmf", "united-states"), rows.stream().map(r -> r.path("actorId").asText()).toList());
        assertEquals(3, rows.get(0).path("articles").asLong(), "a2, a3 and the hostile article");

        String all = export("mentions", "--format", "csv");
        assertTrue(all.contains("iraqi-army,Iraqi army,,"), "the undated row (empty day) is in an export without a period");

        String holders = export("holders", "--format", "csv");
        try (CSVParser parser = CSVParser.parse(holders, CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            List<CSVRecord> records = parser.getRecords();
            assertEquals(HolderFixtures.rows().size(), records.size());
            assertTrue(records.stream().anyMatch(r -> r.get("examples").contains("was heroic")));
        }
    }

    @Test
    void aBadFormatIsRefusedNamingTheOption() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Stancewatch.commandLine().execute("export", "articles", "--format", "xlsx",
                    "--bootstrap-servers", cluster.bootstrapServers(), "--schema-registry-url", cluster.registryUrl());
            assertTrue(code != 0);
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("--format"), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
        }
    }
}
