package org.stancewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancewatch.events.Article;

class RawTextReaderTest {

    private final RawTextReader reader = new RawTextReader(TestSupport.options());

    private Article readOne(Path file) {
        List<ReadItem> items = TestSupport.all(reader.read(file));
        assertEquals(1, items.size());
        assertTrue(items.get(0) instanceof ReadItem.Accepted, () -> "expected an article, got " + items.get(0));
        return ((ReadItem.Accepted) items.get(0)).article();
    }

    @Test
    void seedWithDateLineTakesDateAndKeepsTextAfterIt() {
        Article a = readOne(TestSupport.SEEDS.resolve("000_b86fceb8eabeed4f.txt"));
        assertEquals(LocalDate.of(2017, 7, 21), a.getPublishedDate());
        assertNull(a.getPublishedAt());
        assertTrue(a.getTitle().startsWith("Alwaght- Iraqi Vice President, Nouri Al-Maliki said"), a.getTitle());
        assertTrue(a.getBody().startsWith("Alwaght- Iraqi Vice President"), "date header is not part of the body");
        assertTrue(a.getBody().contains("main praise belongs to the Iraqi soldier"));
        assertTrue(a.getId().matches("a-[0-9a-f]{16}"), a.getId());
        assertEquals(TestSupport.FIXED.instant(), a.getIngestedAt());
        assertTrue(a.getSource().endsWith("000_b86fceb8eabeed4f.txt:1"), a.getSource());
    }

    @Test
    void seedWithoutDateLineHasNoDateAndTitleIsFirstLine() {
        Article a = readOne(TestSupport.SEEDS.resolve("001_8c588b06e8486c5c.txt"));
        assertNull(a.getPublishedDate());
        assertEquals("Iraqi Diplomat to ST: Mosul Liberation Broke ISIS Back, Proved Iraqi People' Unity", a.getTitle());
        Article other = readOne(TestSupport.SEEDS.resolve("004_07e63e06108ae30e.txt"));
        assertEquals(LocalDate.of(2017, 7, 8), other.getPublishedDate());
        assertEquals("Posted on by martyrashrakat", other.getTitle());
    }

    @Test
    void rereadingTheSeedsYieldsTheSameIdsEvenAtAnotherTime() throws IOException {
        List<String> first = idsOfSeeds(new RawTextReader(TestSupport.options()));
        Clock later = Clock.fixed(Instant.parse("2030-05-05T00:00:00Z"), ZoneOffset.UTC);
        List<String> second = idsOfSeeds(new RawTextReader(TestSupport.options().withClock(later)));
        assertEquals(5, first.size());
        assertEquals(first, second);
        assertEquals(5, first.stream().distinct().count(), "different seeds get different ids");
    }

    private static List<String> idsOfSeeds(RawTextReader r) throws IOException {
        try (Stream<Path> files = Files.list(TestSupport.SEEDS)) {
            return files.sorted().flatMap(f -> TestSupport.articles(TestSupport.all(r.read(f))).stream())
                    .map(Article::getId).toList();
        }
    }

    @Test
    void headersGiveOutletUrlLanguageAndId(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("a.txt");
        Files.writeString(file, " outlet Alwaght\n url https://alwaght.example/news/1\n language en\n date 2017-07-21\n\n"
                + "Headline here\n\nBody text follows.\n");
        Article a = readOne(file);
        assertEquals("Alwaght", a.getOutlet());
        assertEquals("https://alwaght.example/news/1", a.getUrl());
        assertEquals("en", a.getLanguage());
        assertEquals("Headline here", a.getTitle());
        assertEquals(ArticleIds.idFor(null, "https://alwaght.example/news/1", "x", "y"), a.getId(), "URL decides the id");
    }

    @Test
    void outletOptionIsTheDefaultAndAHeaderWins(@TempDir Path dir) throws IOException {
        Path plain = dir.resolve("plain.txt");
        Files.writeString(plain, "Title\nBody.\n");
        Path withHeader = dir.resolve("header.txt");
        Files.writeString(withHeader, " outlet Syria Times\nTitle\nBody.\n");
        RawTextReader withOutlet = new RawTextReader(TestSupport.options().withOutlet("Flag Outlet"));
        assertEquals("Flag Outlet", TestSupport.articles(TestSupport.all(withOutlet.read(plain))).get(0).getOutlet());
        assertEquals("Syria Times", TestSupport.articles(TestSupport.all(withOutlet.read(withHeader))).get(0).getOutlet());
    }

    @Test
    void invalidUtf8IsRejectedWithLineAndByteOffset(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("latin1.txt");
        byte[] head = "Title line\nsecond line\ncaf".getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[head.length + 3];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xE9; // 'é' in Latin-1: not valid UTF-8 here
        bytes[head.length + 1] = '\n';
        bytes[head.length + 2] = 'x';
        Files.write(file, bytes);
        List<ReadItem> items = TestSupport.all(reader.read(file));
        Rejection r = (Rejection) items.get(0);
        assertEquals(3, r.line());
        assertEquals(Rejection.Code.INVALID_UTF8, r.code());
        assertTrue(r.reason().contains("invalid UTF-8 at byte offset " + head.length), r.reason());
        assertTrue(r.message().startsWith(file + ":3: "), r.message());
    }

    @Test
    void badDateHeaderAndEmptyFileAreRejected(@TempDir Path dir) throws IOException {
        Path badDate = dir.resolve("bad.txt");
        Files.writeString(badDate, " date 2017-13-45 Some text\nmore\n");
        Rejection r = (Rejection) TestSupport.all(reader.read(badDate)).get(0);
        assertEquals(1, r.line());
        assertEquals(Rejection.Code.BAD_DATE, r.code());
        assertTrue(r.reason().contains("unparseable date '2017-13-45'"), r.reason());

        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, " date 2017-07-21\n\n   \n");
        Rejection e = (Rejection) TestSupport.all(reader.read(empty)).get(0);
        assertEquals("empty body", e.reason());
        assertEquals(Rejection.Code.EMPTY_BODY, e.code());
    }
}
