package org.stancewatch.events.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.stancewatch.events.Actor;
import org.stancewatch.events.Article;
import org.stancewatch.events.CandidateName;
import org.stancewatch.events.EventSamples;
import org.stancewatch.events.registry.HttpSchemaRegistryClient;
import org.stancewatch.events.registry.InMemorySchemaRegistryClient;
import org.stancewatch.events.serde.AvroDeserializationException.Reason;

class AvroDeserializerErrorsTest {

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final AvroDeserializer<Article> articles = new AvroDeserializer<>(Article.class, registry, Map.of());

    private AvroDeserializationException failure(AvroDeserializer<?> deserializer, byte[] bytes) {
        return assertThrows(AvroDeserializationException.class, () -> deserializer.deserialize("articles", bytes));
    }

    private byte[] validArticle() {
        return new AvroSerializer<Article>(registry, Map.of(), false).serialize("articles", EventSamples.article());
    }

    @Test
    void emptyValue() {
        AvroDeserializationException e = failure(articles, new byte[0]);
        assertEquals(Reason.EMPTY, e.reason());
        assertTrue(e.getMessage().contains("'articles' is empty"), e.getMessage());
    }

    @Test
    void jsonInsteadOfAvro() {
        AvroDeserializationException e = failure(articles, "{\"id\":\"a-1\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(Reason.BAD_MAGIC_BYTE, e.reason());
        assertEquals("record on 'articles' starts with byte 0x7b, not the Confluent magic byte 0x00 (not Confluent Avro wire format?)",
                e.getMessage());
    }

    @Test
    void headerCutShort() {
        AvroDeserializationException e = failure(articles, new byte[] {0, 0, 0});
        assertEquals(Reason.TOO_SHORT, e.reason());
        assertTrue(e.getMessage().contains("3 bytes"), e.getMessage());
    }

    @Test
    void schemaIdTheRegistryDoesNotKnow() {
        AvroDeserializationException e = failure(articles, new byte[] {0, 0, 0, 0, 99, 2, 'x'});
        assertEquals(Reason.UNKNOWN_SCHEMA_ID, e.reason());
        assertEquals(99, e.schemaId());
        assertTrue(e.getMessage().contains("schema id 99") && e.getMessage().contains("40403"), e.getMessage());
    }

    @Test
    void registryUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HttpSchemaRegistryClient unreachable = new HttpSchemaRegistryClient(Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:" + closedPort, AvroSerdeConfig.MAX_RETRIES, 0));
        AvroDeserializationException e = failure(new AvroDeserializer<>(Article.class, unreachable, Map.of()), new byte[] {0, 0, 0, 0, 1, 2, 'x'});
        assertEquals(Reason.REGISTRY_UNAVAILABLE, e.reason());
        assertTrue(e.getMessage().contains("127.0.0.1:" + closedPort), e.getMessage());
    }

    @Test
    void truncatedRecord() {
        byte[] valid = validArticle();
        AvroDeserializationException e = failure(articles, Arrays.copyOf(valid, valid.length - 3));
        assertEquals(Reason.MALFORMED_AVRO, e.reason());
        assertTrue(e.getMessage().contains("org.stancewatch.events.Article") && e.getMessage().contains("schema id 1"), e.getMessage());
    }

    @Test
    void trailingGarbage() {
        byte[] valid = validArticle();
        byte[] longer = Arrays.copyOf(valid, valid.length + 2);
        AvroDeserializationException e = failure(articles, longer);
        assertEquals(Reason.MALFORMED_AVRO, e.reason());
        assertTrue(e.getMessage().contains("2 bytes left over"), e.getMessage());
    }

    @Test
    void hugeStringLengthIsRefusedWithoutAllocating() {
        validArticle();
        // Schema id 1, then the first field (id: string) claims 2^30 bytes: varint of zig-zag 2^31.
        byte[] bytes = {0, 0, 0, 0, 1, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08, 'x'};
        AvroDeserializationException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> failure(articles, bytes));
        assertEquals(Reason.MALFORMED_AVRO, e.reason());
        assertTrue(e.getMessage().contains("string length 1073741824"), e.getMessage());
    }

    @Test
    void hugeArrayCountIsRefusedWithoutAllocating() {
        Schema listOfNames = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Names\",\"fields\":"
                + "[{\"name\":\"names\",\"type\":{\"type\":\"array\",\"items\":\"string\"}}]}");
        int id = registry.register("names-value", listOfNames);
        // Block count 2^30 (varint of zig-zag 2^31), under Avro's own limit: would be an ArrayList of 4+ GB.
        byte[] bytes = {0, 0, 0, 0, (byte) id, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08, 2, 'a'};
        AvroDeserializationException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> failure(new AvroDeserializer<>(null, registry, Map.of()), bytes));
        assertEquals(Reason.MALFORMED_AVRO, e.reason());
        assertTrue(e.getMessage().contains("array block of 1073741824 items"), e.getMessage());
    }

    @Test
    void invalidUtf8InAStringIsRefusedNotReplaced() {
        validArticle();
        // id "a" then a title holding "ok", a lone continuation byte 0x80 and "x": Avro alone would give "ok\uFFFDx".
        byte[] bytes = {0, 0, 0, 0, 1, 2, 'a', 8, 'o', 'k', (byte) 0x80, 'x', 2, 'c', 0};
        AvroDeserializationException e = failure(articles, bytes);
        assertEquals(Reason.INVALID_UTF8, e.reason());
        assertEquals("record on 'articles' (15 bytes, schema id 1, org.stancewatch.events.Article) has an invalid string"
                + " of 4 bytes at byte 7: byte 0x80 at index 2 is not UTF-8 (after \"ok\")", e.getMessage());
    }

    @Test
    void overlongAndSurrogateEncodingsAreNotUtf8() {
        validArticle();
        byte[] overlongSlash = {0, 0, 0, 0, 1, 4, (byte) 0xC0, (byte) 0xAF};
        byte[] encodedSurrogate = {0, 0, 0, 0, 1, 6, (byte) 0xED, (byte) 0xA0, (byte) 0x80};
        assertEquals(Reason.INVALID_UTF8, failure(articles, overlongSlash).reason());
        assertEquals(Reason.INVALID_UTF8, failure(articles, encodedSurrogate).reason());
    }

    @Test
    void badUnionIndex() {
        validArticle();
        // id "a", title "b", body "c", then union index 7 for url (only 0 and 1 exist).
        byte[] bytes = {0, 0, 0, 0, 1, 2, 'a', 2, 'b', 2, 'c', 14};
        AvroDeserializationException e = failure(articles, bytes);
        assertEquals(Reason.MALFORMED_AVRO, e.reason());
    }

    @Test
    void recordOfAnotherTypeCannotBeReadAsArticle() {
        byte[] actorBytes = new AvroSerializer<Actor>(registry, Map.of(), false).serialize("articles", EventSamples.actor());
        AvroDeserializationException e = failure(articles, actorBytes);
        assertEquals(Reason.INCOMPATIBLE_SCHEMA, e.reason());
        assertTrue(e.getMessage().contains("org.stancewatch.events.Actor") && e.getMessage().contains("cannot be read as org.stancewatch.events.Article"),
                e.getMessage());
    }

    @Test
    void goodRecordsStillDecodeAfterBadOnes() {
        byte[] valid = validArticle();
        failure(articles, Arrays.copyOf(valid, 8));
        assertEquals(EventSamples.article(), articles.deserialize("articles", valid));
        byte[] small = new AvroSerializer<CandidateName>(registry, Map.of(), false)
                .serialize("names", CandidateName.newBuilder().setName("x").setCount(1).build());
        assertEquals(ByteBuffer.wrap(small, 1, 4).getInt(), 2);
    }
}
