package org.stancewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stancewatch.events.Article;

class JsonLinesReaderTest {

    private final JsonLinesReader reader = new JsonLinesReader(TestSupport.options());
    private final Path sample = TestSupport.SAMPLES.resolve("articles.jsonl");

    @Test
    void goodLinesBecomeArticlesAndBadLinesAreRejectedWithFileLineAndReason() {
        List<ReadItem> items = TestSupport.all(reader.read(sample));
        List<Article> articles = TestSupport.articles(items);
        List<Rejection> rejections = TestSupport.rejections(items);

        assertEquals(List.of("jl-1", ArticleIds.idFor(null, "https://example.org/coalition", null, null),
                ArticleIds.idFor(null, null, "A body without a title line.", "A body without a title line.\nSecond line.")),
                articles.stream().map(Article::getId).toList());
        assertEquals(3, rejections.size());
        assertEquals(List.of(Rejection.Code.MALFORMED_JSON, Rejection.Code.EMPTY_BODY, Rejection.Code.BAD_DATE),
                rejections.stream().map(Rejection::code).toList());
        assertEquals(2, rejections.get(0).line());
        assertEquals(sample + ":2: malformed JSON line: Unexpected end-of-input: expected close marker for Object "
                + "(column 52)", rejections.get(0).message());
        assertEquals(5, rejections.get(1).line());
        assertEquals("empty body", rejections.get(1).reason());
        assertEquals(6, rejections.get(2).line());
        assertTrue(rejections.get(2).reason().startsWith("field 'published': unparseable date 'next tuesday'"),
                rejections.get(2).reason());
    }

    @Test
    void fieldsAreMapped() {
        List<Article> articles = TestSupport.articles(TestSupport.all(reader.read(sample)));
        Article first = articles.get(0);
        assertEquals("Mosul retaken", first.getTitle());
        assertEquals("Example Wire", first.getOutlet());
        assertEquals("en", first.getLanguage());
        assertEquals(LocalDate.of(2017, 7, 10), first.getPublishedDate());
        assertEquals("PRODUCER", first.getDateSource());
        assertEquals(Map.of("author", "A. Writer", "words", "12"), first.getMetadata());
        assertEquals("https://example.org/mosul?utm_source=x", first.getUrl(), "the URL is kept as given");
        assertEquals(sample + ":1", first.getSource());

        Article second = articles.get(1);
        assertEquals("The coalition welcomed the news.\nOfficials spoke of a milestone.", second.getBody(), "'text' is the body");
        assertEquals(Instant.parse("2017-07-11T06:30:00Z"), second.getPublishedAt());
        assertNull(second.getPublishedDate(), "an exact instant takes precedence over the day");

        assertEquals("A body without a title line.", articles.get(2).getTitle(), "missing title derived from body");
    }

    @Test
    void invalidUtf8CostsOnlyItsOwnLine() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write("{\"title\":\"ok\",\"body\":\"first\"}\n".getBytes(StandardCharsets.UTF_8));
        int badLineStart = bytes.size();
        bytes.write("{\"title\":\"bad\",\"body\":\"".getBytes(StandardCharsets.UTF_8));
        int badByte = bytes.size();
        bytes.write(new byte[] {(byte) 0xC3, (byte) 0x28});
        bytes.write("\"}\n{\"title\":\"ok too\",\"body\":\"third\"}".getBytes(StandardCharsets.UTF_8));
        List<ReadItem> items = TestSupport.all(reader.read("mem.jsonl", new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(List.of("ok", "ok too"), TestSupport.articles(items).stream().map(Article::getTitle).toList());
        Rejection r = TestSupport.rejections(items).get(0);
        assertEquals(2, r.line());
        assertEquals(Rejection.Code.INVALID_UTF8, r.code());
        assertTrue(badLineStart < badByte);
        assertTrue(r.reason().startsWith("invalid UTF-8 at byte offset " + badByte + " (line 2"), r.reason());
    }

    @Test
    void wrongTypesAndNonObjectsAreRejected() {
        String input = "[1,2]\n{\"title\": 5, \"body\": \"x\"}\n{\"body\":\"x\",\"metadata\":[1]}\n{\"body\":\"ok\"} trailing\n";
        List<Rejection> r = TestSupport.rejections(TestSupport.all(
                reader.read("-", new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)))));
        assertEquals(4, r.size());
        assertEquals("-:1: malformed JSON line: expected an object, found array", r.get(0).message());
        assertEquals("-:2: field 'title' must be a string, found number", r.get(1).message());
        assertEquals("-:3: field 'metadata' must be an object", r.get(2).message());
        assertTrue(r.get(3).reason().startsWith("malformed JSON line"), r.get(3).reason());
        assertEquals(List.of(Rejection.Code.MALFORMED_JSON, Rejection.Code.BAD_FIELD, Rejection.Code.BAD_FIELD,
                Rejection.Code.MALFORMED_JSON), r.stream().map(Rejection::code).toList());
    }

    @Test
    void bodyOverTheLimitIsRejectedWithSizes() {
        JsonLinesReader small = new JsonLinesReader(TestSupport.options().withMaxBodyBytes(10));
        String input = "{\"body\":\"0123456789\"}\n{\"body\":\"012345678\u00e9\"}\n";
        List<ReadItem> items = TestSupport.all(small.read("x.jsonl",
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8))));
        assertEquals(1, TestSupport.articles(items).size(), "exactly 10 bytes is allowed");
        assertEquals("x.jsonl:2: body is 11 bytes, over the limit of 10 bytes (UTF-8)",
                TestSupport.rejections(items).get(0).message(), "10 chars but 11 UTF-8 bytes");
        assertEquals(Rejection.Code.BODY_TOO_LARGE, TestSupport.rejections(items).get(0).code());
    }

    @Test
    void lineTooLongToHoldABodyWithinTheLimitIsRejectedAsTooLargeAndReadingGoesOn() {
        JsonLinesReader small = new JsonLinesReader(TestSupport.options().withMaxBodyBytes(10));
        String huge = "{\"body\":\"" + "x".repeat(1_100_000) + "\"}\n";
        String input = huge + "{\"body\":\"fits\"}\n";
        List<ReadItem> items = TestSupport.all(small.read("x.jsonl",
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8))));
        assertEquals(List.of("fits"), TestSupport.articles(items).stream().map(Article::getBody).toList());
        Rejection r = TestSupport.rejections(items).get(0);
        assertTrue(r.message().startsWith("x.jsonl:1: line is " + (huge.length() - 1) + " bytes, over the limit"),
                r.message());
        assertEquals(Rejection.Code.BODY_TOO_LARGE, r.code());
    }
}
