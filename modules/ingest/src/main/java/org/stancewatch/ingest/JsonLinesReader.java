package org.stancewatch.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.stancewatch.ingest.Rejection.Code;

/**
 * JSON Lines: one JSON object per line, UTF-8. Fields: {@code id}, {@code title}, {@code body} (or {@code text}),
 * {@code url}, {@code outlet}, {@code language}, {@code published} (ISO date or date-time, or RFC-822),
 * {@code metadata} (object; non-string values are kept as their JSON text). Other fields are ignored.
 * Blank lines are skipped. Each line is decoded on its own, so one bad line costs only that line.
 * Read lazily: inputs of any size stream through in constant memory.
 */
public final class JsonLinesReader implements ArticleSource {

    private static final Set<String> STRING_FIELDS = Set.of("id", "title", "body", "text", "url", "outlet", "language",
            "published");

    private final ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final ArticleValidator validator;
    private final int maxLineBytes;

    public JsonLinesReader(FeedOptions options) {
        this.validator = new ArticleValidator(options);
        // Room for JSON escaping (up to 6 bytes per char) of a maximal body plus other fields.
        this.maxLineBytes = (int) Math.min(Integer.MAX_VALUE - 16, (long) options.maxBodyBytes() * 6 + 1_000_000);
    }

    @Override
    public Stream<ReadItem> read(String inputName, InputStream in) {
        Iterator<ReadItem> items = new LineItems(inputName, new BufferedInputStream(in, 64 * 1024));
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(items, Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }

    ReadItem parseLine(String inputName, int lineNumber, String line) {
        JsonNode node;
        try {
            node = mapper.readTree(line);
        } catch (JsonProcessingException e) {
            // Jackson's message carries a "(start marker at [Source: ...])" aside that only repeats the line.
            String why = e.getOriginalMessage().replaceAll("\\s*\\(start marker at \\[Source:.*?]\\)", "");
            return new Rejection(inputName, lineNumber, Code.MALFORMED_JSON, "malformed JSON line: " + why
                    + " (column " + e.getLocation().getColumnNr() + ")");
        }
        if (node == null || !node.isObject()) {
            return new Rejection(inputName, lineNumber, Code.MALFORMED_JSON,
                    "malformed JSON line: expected an object, found "
                            + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase()));
        }
        for (String field : STRING_FIELDS) {
            JsonNode value = node.get(field);
            if (value != null && !value.isNull() && !value.isTextual()) {
                return new Rejection(inputName, lineNumber, Code.BAD_FIELD,
                        "field '" + field + "' must be a string, found "
                                + value.getNodeType().toString().toLowerCase());
            }
        }
        ArticleDraft draft = new ArticleDraft(inputName, lineNumber)
                .id(text(node, "id"))
                .title(text(node, "title"))
                .body(text(node, "body") != null ? text(node, "body") : text(node, "text"))
                .url(text(node, "url"))
                .outlet(text(node, "outlet"))
                .language(text(node, "language"));
        String published = text(node, "published");
        if (published != null && !published.isBlank()) {
            try {
                draft.published(PublicationDates.parse(published), DateSource.PRODUCER);
            } catch (IllegalArgumentException | java.time.DateTimeException e) {
                return new Rejection(inputName, lineNumber, Code.BAD_DATE, "field 'published': " + e.getMessage());
            }
        }
        JsonNode metadata = node.get("metadata");
        if (metadata != null && !metadata.isNull()) {
            if (metadata.getNodeType() != JsonNodeType.OBJECT) {
                return new Rejection(inputName, lineNumber, Code.BAD_FIELD, "field 'metadata' must be an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = metadata.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                draft.metadata(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
            }
        }
        return validator.validate(draft);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** Splits the byte stream on '\n' itself, so a bad byte sequence is reported for its own line only. */
    private final class LineItems implements Iterator<ReadItem> {
        private final String inputName;
        private final InputStream in;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(8192);
        private long offset;
        private int lineNumber;
        private boolean eof;
        private ReadItem next;

        LineItems(String inputName, InputStream in) {
            this.inputName = inputName;
            this.in = in;
        }

        @Override
        public boolean hasNext() {
            while (next == null && !eof) {
                next = readOne();
            }
            return next != null;
        }

        @Override
        public ReadItem next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ReadItem item = next;
            next = null;
            return item;
        }

        /** The item of the next line, or null for a blank line or end of input. */
        private ReadItem readOne() {
            buffer.reset();
            long lineStart = offset;
            long lineBytes = 0;
            int b;
            try {
                while ((b = in.read()) != -1 && b != '\n') {
                    lineBytes++;
                    if (lineBytes <= maxLineBytes) {
                        buffer.write(b);
                    }
                }
            } catch (IOException e) {
                eof = true;
                return new Rejection(inputName, lineNumber + 1, Code.UNREADABLE_INPUT,
                        "read error: " + ArticleSource.describe(e));
            }
            offset += lineBytes + (b == '\n' ? 1 : 0);
            if (b == -1) {
                eof = true;
                if (lineBytes == 0) {
                    return null;
                }
            }
            lineNumber++;
            if (lineBytes > maxLineBytes) {
                return new Rejection(inputName, lineNumber, Code.BODY_TOO_LARGE,
                        "line is " + lineBytes + " bytes, over the limit of " + maxLineBytes + " bytes; skipped");
            }
            String line;
            try {
                line = StrictUtf8.decode(buffer.toByteArray(), lineStart, lineNumber);
            } catch (StrictUtf8.InvalidUtf8Exception e) {
                return e.rejection(inputName);
            }
            return line.isBlank() ? null : parseLine(inputName, lineNumber, line);
        }
    }
}
