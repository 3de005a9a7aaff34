package org.stancewatch.app.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancewatch.events.Article;
import org.stancewatch.ingest.FeedOptions;
import org.stancewatch.ingest.InputScanner;
import org.stancewatch.ingest.ReadItem;
import org.stancewatch.nlp.ActorResult;
import org.stancewatch.nlp.ArticleAnalyzer;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import picocli.CommandLine;

/**
 * Issue #14.4 through the CLI: `demo --once` on two dated seeds prints a row for every (actor, day) the analyser
 * finds in them, ends with what to do next, and leaves nothing in the temporary directory.
 */
class DemoEndToEndTest {

    static final Path SEEDS = Path.of("../../seeds");

    @Test
    void demoOncePrintsEveryRow_endsWithWhatNext_andLeavesNoTemporaryDirectory(@TempDir Path tmp) throws Exception {
        Path seeds = Files.createDirectories(tmp.resolve("seeds"));
        for (String name : List.of("000_b86fceb8eabeed4f.txt", "004_07e63e06108ae30e.txt")) {
            Files.copy(SEEDS.resolve(name), seeds.resolve(name));
        }
        Path temp = Files.createDirectories(tmp.resolve("tmp"));

        DemoCommand demo = new DemoCommand();
        demo.tempParent = temp;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = new CommandLine(demo).execute("--once", "--seeds", seeds.toString(), "--timeout", "300");
        } finally {
            System.setOut(oldOut);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed);

        // What the table must hold: one row per actor and day, as the analyser sees the two articles.
        ArticleAnalyzer analyzer = new ArticleAnalyzer(ActorCatalogue.starter());
        Set<String> expected = new TreeSet<>();
        try (var items = new InputScanner(FeedOptions.defaults()).scan(List.of(seeds))) {
            for (ReadItem item : items.toList()) {
                Article a = ((ReadItem.Accepted) item).article();
                for (ActorResult r : analyzer.analyze(a.getTitle(), a.getBody(), a.getPublishedDate()).actors()) {
                    expected.add(a.getPublishedDate() + "  " + r.name());
                }
            }
        }
        String table = printed.substring(printed.indexOf("Mentions and stance per actor per day"));
        List<String> rows = table.lines().filter(l -> l.matches("\\s*\\d{4}-\\d{2}-\\d{2}\\s.*")).toList();
        assertTrue(expected.size() > 5, expected.toString());
        assertEquals(expected.size(), rows.size(), printed);
        for (String dayAndActor : expected) {
            String day = dayAndActor.substring(0, 10);
            String actor = dayAndActor.substring(12);
            assertTrue(rows.stream().anyMatch(r -> r.strip().startsWith(day) && r.contains(actor)),
                    "no row for " + dayAndActor + " in\n" + table);
        }

        assertTrue(printed.contains("What next"), printed);
        assertTrue(printed.contains("./stancewatch run"), printed);
        assertTrue(printed.contains("./stancewatch feed"), printed);
        try (var left = Files.list(temp)) {
            assertEquals(List.of(), left.toList(), "the demo's temporary directory is removed");
        }
    }
}
