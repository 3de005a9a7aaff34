package org.stancewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancewatch.events.Article;

class InputScannerTest {

    @Test
    void directoriesAreWalkedByExtensionAndUnknownFilesReported(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("sub/deeper"));
        Files.writeString(dir.resolve("a.txt"), "Raw title\nRaw body.\n");
        Files.writeString(dir.resolve("sub/b.JSONL"), "{\"title\":\"Json title\",\"body\":\"Json body.\"}\n");
        Files.copy(TestSupport.SAMPLES.resolve("feed.atom"), dir.resolve("sub/deeper/c.atom"));
        Files.writeString(dir.resolve("sub/notes.pdf"), "%PDF");
        Files.writeString(dir.resolve(".DS_Store"), "junk");

        InputScanner scanner = new InputScanner(TestSupport.options());
        InputScanner.Plan plan = scanner.plan(List.of(dir, dir.resolve("missing.txt")));
        assertEquals(3, plan.files().size());
        long expectedBytes = Files.size(dir.resolve("a.txt")) + Files.size(dir.resolve("sub/b.JSONL"))
                + Files.size(dir.resolve("sub/deeper/c.atom"));
        assertEquals(expectedBytes, plan.totalBytes());
        assertEquals(2, plan.skipped().size());
        assertTrue(plan.skipped().get(0).message().startsWith(dir.resolve("sub/notes.pdf") + ": unknown file extension; skipped"),
                plan.skipped().get(0).message());
        assertEquals(dir.resolve("missing.txt") + ": no such file or directory", plan.skipped().get(1).message());
        assertEquals(List.of(Rejection.Code.UNKNOWN_FORMAT, Rejection.Code.UNREADABLE_INPUT),
                plan.skipped().stream().map(Rejection::code).toList());

        AtomicLong bytes = new AtomicLong();
        List<ReadItem> items = TestSupport.all(scanner.scan(plan, bytes::addAndGet));
        assertEquals(List.of("Raw title", "Json title", "Amnesty on civilian deaths", "Summary only"),
                TestSupport.articles(items).stream().map(Article::getTitle).toList());
        assertEquals(3, TestSupport.rejections(items).size(), "two skipped inputs and the empty Atom entry");
        assertEquals(expectedBytes, bytes.get(), "every byte is counted for the progress bar");
    }

    @Test
    void dashReadsJsonLinesFromStandardInput() {
        byte[] stdin = "{\"title\":\"From stdin\",\"body\":\"Piped in.\"}\nnot json\n".getBytes(StandardCharsets.UTF_8);
        InputScanner scanner = new InputScanner(TestSupport.options(), new ByteArrayInputStream(stdin));
        List<ReadItem> items = TestSupport.all(scanner.scan(List.of(Path.of("-"))));
        assertEquals("From stdin", TestSupport.articles(items).get(0).getTitle());
        assertEquals("-:1", TestSupport.articles(items).get(0).getSource());
        assertTrue(TestSupport.rejections(items).get(0).message().startsWith("-:2: malformed JSON line"));
        assertEquals(Rejection.Code.MALFORMED_JSON, TestSupport.rejections(items).get(0).code());
    }
}
