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
        assertTrue(a.getBody().startsWith("Alwaght- Iraqi Vice President"), "date header is not part of the body");
        assertTrue(a.getBody().contains("main praise belongs to the Iraqi soldier"));
        assertTrue(a.getId().matches("a-[0-9a-f]{16}"), a.getId());
        assertEquals(TestSupport.FIXED.instant(), a.getIngestedAt());
        assertTrue(a.getSource().endsWith("000_b86fceb8eabeed4f.txt:1"), a.getSource());
    }

    /** What each seed's text really says: its date, where that date comes from, and its headline. */
    @Test
    void eachSeedGetsItsStatedDateItsSourceAndARealTitle() {
        Article a0 = readOne(TestSupport.SEEDS.resolve("000_b86fceb8eabeed4f.txt"));
        assertEquals(LocalDate.of(2017, 7, 21), a0.getPublishedDate());
        assertEquals("DATE_LINE", a0.getDateSource());
        // No headline in the file: the lead, cut short, not the whole paragraph.
        assertTrue(a0.getTitle().startsWith("Alwaght- Iraqi Vice President, Nouri Al-Maliki said") && a0.getTitle().endsWith("\u2026")
                && a0.getTitle().length() <= 121, a0.getTitle());

        Article a1 = readOne(TestSupport.SEEDS.resolve("001_8c588b06e8486c5c.txt"));
        assertNull(a1.getPublishedDate(), "001 states no date (only 'On July 10' and 'July 2017' in its body)");
        assertNull(a1.getPublishedAt());
        assertNull(a1.getDateSource());
        assertEquals("Iraqi Diplomat to ST: Mosul Liberation Broke ISIS Back, Proved Iraqi People' Unity", a1.getTitle());

        Article a2 = readOne(TestSupport.SEEDS.resolve("002_657263a753705547.txt"));
        assertNull(a2.getPublishedDate(), "002 states no date");
        assertNull(a2.getDateSource());
        assertEquals("Mosul victory", a2.getTitle());

        Article a3 = readOne(TestSupport.SEEDS.resolve("003_c8c2ba5684a4ae7d.txt"));
        assertEquals(LocalDate.of(2017, 7, 12), a3.getPublishedDate(), "the date line under the headline, not the page date 2019-01-20");
        assertEquals("TEXT_DATELINE", a3.getDateSource());
        assertEquals("U.S. calls Mosul victory a 'critical milestone'", a3.getTitle());

        Article a4 = readOne(TestSupport.SEEDS.resolve("004_07e63e06108ae30e.txt"));
        assertEquals(LocalDate.of(2017, 7, 8), a4.getPublishedDate());
        assertEquals("DATE_LINE", a4.getDateSource());
        assertTrue(a4.getTitle().startsWith("On Saturday, Iraqi security forces (ISF) liberated the strategic Old Mosul"), a4.getTitle());
        assertTrue(a4.getBody().startsWith("Posted on by martyrashrakat"), "the body stays as published");
    }

    @Test
    void aTextDateLineDatesAnUndatedFileButNeverOverridesTheDateHeader(@TempDir Path dir) throws IOException {
        Path textOnly = dir.resolve("text.txt");
        Files.writeString(textOnly, "Headline here\n08.07.2017\n\nBody text.\n");
        Article a = readOne(textOnly);
        assertEquals(LocalDate.of(2017, 7, 8), a.getPublishedDate());
        assertEquals("TEXT_DATELINE", a.getDateSource());
        assertEquals("Headline here", a.getTitle());

        Path both = dir.resolve("both.txt");
        Files.writeString(both, " date 2017-07-21\nHeadline here\n08.07.2017\n\nBody text.\n");
        Article b = readOne(both);
        assertEquals(LocalDate.of(2017, 7, 21), b.getPublishedDate());
        assertEquals("DATE_LINE", b.getDateSource());

        Path none = dir.resolve("none.txt");
        Files.writeString(none, "Headline here\n\nBody text.\n");
        Article c = readOne(none);
        assertNull(c.getPublishedDate());
        assertNull(c.getPublishedAt());
        assertNull(c.getDateSource(), "undated: no source, and no day from the clock");
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

    /** The ids the reader gave the seeds before it chose headlines: re-feeding after an upgrade replaces them. */
    @Test
    void choosingAHeadlineKeepsTheIdsOfEarlierVersions() throws IOException {
        assertEquals(List.of("a-15efee17ba536ade", "a-2899ba9b0f0d981d", "a-fd3b7eb32028435e", "a-3b090587645fdbe7",
                "a-60860dcdb57e4bf7"), idsOfSeeds(reader));
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
