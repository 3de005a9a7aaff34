package org.stancewatch.events.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stancewatch.events.Article;
import org.stancewatch.events.CandidateName;
import org.stancewatch.events.EventSamples;
import org.stancewatch.events.registry.InMemorySchemaRegistryClient;
import org.stancewatch.events.registry.SchemaRegistryClients;

class AvroSerdeTest {

    private static final String SCOPE = "avro-serde-test";
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @AfterEach
    void dropScope() {
        SchemaRegistryClients.dropScope(SCOPE);
    }

    static Stream<SpecificRecord> events() {
        return EventSamples.all().stream();
    }

    @ParameterizedTest
    @MethodSource("events")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void roundTripsEveryEventClass(SpecificRecord event) {
        AvroSerde serde = new AvroSerde(event.getClass(), registry, Map.of());
        byte[] bytes = serde.serializer().serialize("events", event);
        Object back = serde.deserializer().deserialize("events", bytes);
        assertEquals(event, back);
        assertEquals(event.getClass(), back.getClass());
    }

    @Test
    void writesExactConfluentWireBytes() {
        AvroSerializer<CandidateName> serializer = new AvroSerializer<>(registry, Map.of(), false);
        byte[] bytes = serializer.serialize("t", CandidateName.newBuilder().setName("ISIS").setCount(3).build());
        // magic 0, schema id 1 (big-endian int), string length 4 (zig-zag 8), "ISIS", int 3 (zig-zag 6)
        assertArrayEquals(new byte[] {0, 0, 0, 0, 1, 8, 'I', 'S', 'I', 'S', 6}, bytes);
        assertEquals(List.of("t-value"), registry.subjects());
    }

    @Test
    void keySerdeUsesKeySubject() {
        AvroSerde<Article> keySerde = new AvroSerde<>(Article.class, registry, Map.of(), true);
        keySerde.serializer().serialize("articles", EventSamples.article());
        assertEquals(List.of("articles-key"), registry.subjects());
    }

    @Test
    void nullIsATombstoneBothWays() {
        AvroSerde<Article> serde = new AvroSerde<>(Article.class, registry, Map.of());
        assertNull(serde.serializer().serialize("articles", null));
        assertNull(serde.deserializer().deserialize("articles", null));
    }

    @Test
    void configuredFromMockUrlSharesRegistryPerScope() {
        Map<String, Object> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE);
        try (AvroSerde<Article> producerSide = new AvroSerde<>(Article.class);
             AvroSerde<Article> consumerSide = new AvroSerde<>(Article.class)) {
            producerSide.configure(config, false);
            consumerSide.configure(config, false);
            byte[] bytes = producerSide.serializer().serialize("articles", EventSamples.article());
            assertEquals(EventSamples.article(), consumerSide.deserializer().deserialize("articles", bytes));
        }
        assertEquals(List.of("articles-value"), SchemaRegistryClients.mockScope(SCOPE).subjects());
    }

    @Test
    void badConfigValueNamesTheKey() {
        org.apache.kafka.common.config.ConfigException e = assertThrows(org.apache.kafka.common.config.ConfigException.class,
                () -> new AvroSerializer<Article>(registry, Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "maybe"), false));
        assertTrue(e.getMessage().contains("auto.register.schemas") && e.getMessage().contains("maybe"), e.getMessage());
    }

    @Test
    void unconfiguredSerdeSaysSo() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new AvroSerde<>(Article.class).serializer());
        assertTrue(e.getMessage().contains("configure"), e.getMessage());
    }

    @Test
    void newerWriterWithExtraFieldDecodesIntoOlderClass() {
        Schema v2 = withExtraField(Article.getClassSchema(), "sentiment", "string", "\"unknown\"");
        GenericRecord written = toGeneric(EventSamples.article(), v2);
        written.put("sentiment", "positive");
        new AvroSerializer<>(registry, Map.of(), false).serialize("articles", EventSamples.article()); // v1 registered first
        byte[] bytes = new GenericAvroSerde(registry, Map.of()).serializer().serialize("articles", written);

        assertEquals(2, ByteBuffer.wrap(bytes, 1, 4).getInt(), "v2 got its own schema id");
        Article read = new AvroDeserializer<>(Article.class, registry, Map.of()).deserialize("articles", bytes);
        assertEquals(EventSamples.article(), read);
    }

    @Test
    void genericDeserializerReturnsWriterSchemaRecords() {
        byte[] bytes = new AvroSerializer<>(registry, Map.of(), false).serialize("articles", EventSamples.article());
        GenericRecord record = new GenericAvroSerde(registry, Map.of()).deserializer().deserialize("articles", bytes);
        assertInstanceOf(GenericData.Record.class, record);
        assertEquals(Article.getClassSchema(), record.getSchema());
        assertEquals("Mosul liberated", record.get("title").toString());
    }

    @Test
    void specificAvroReaderFindsGeneratedClassByWriterName() {
        byte[] bytes = new AvroSerializer<>(registry, Map.of(), false).serialize("articles", EventSamples.article());
        AvroDeserializer<Object> deserializer = new AvroDeserializer<>(null, registry, Map.of(AvroSerdeConfig.SPECIFIC_AVRO_READER, true));
        assertEquals(EventSamples.article(), deserializer.deserialize("articles", bytes));
    }

    @Test
    void withoutAutoRegisterUnknownSchemaFailsNamingSubject() {
        AvroSerializer<Article> serializer = new AvroSerializer<>(registry, Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false), false);
        SerializationException e = assertThrows(SerializationException.class, () -> serializer.serialize("articles", EventSamples.article()));
        assertTrue(e.getMessage().contains("'articles-value'") && e.getMessage().contains("40401"), e.getMessage());
    }

    @Test
    void withoutAutoRegisterUsesTheRegisteredId() {
        int id = registry.register("articles-value", Article.getClassSchema());
        AvroSerializer<Article> serializer = new AvroSerializer<>(registry, Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false), false);
        byte[] bytes = serializer.serialize("articles", EventSamples.article());
        assertEquals(id, ByteBuffer.wrap(bytes, 1, 4).getInt());
    }

    @Test
    void useLatestVersionWritesWithTheSubjectsLatestSchema() {
        Schema v2 = withExtraField(Article.getClassSchema(), "sentiment", "string", "\"unknown\"");
        registry.register("articles-value", Article.getClassSchema());
        int v2Id = registry.register("articles-value", v2);
        AvroSerializer<Article> serializer = new AvroSerializer<>(registry,
                Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false, AvroSerdeConfig.USE_LATEST_VERSION, true), false);

        byte[] bytes = serializer.serialize("articles", EventSamples.article());

        assertEquals(v2Id, ByteBuffer.wrap(bytes, 1, 4).getInt());
        GenericRecord asWritten = new GenericAvroSerde(registry, Map.of()).deserializer().deserialize("articles", bytes);
        assertEquals("unknown", asWritten.get("sentiment").toString(), "new field filled from its default");
        assertEquals("a-1", asWritten.get("id").toString());
        assertEquals(EventSamples.article(), new AvroDeserializer<>(Article.class, registry, Map.of()).deserialize("articles", bytes));
    }

    @Test
    void useLatestVersionRefusesALatestSchemaThatCannotHoldTheRecord() {
        Schema v2 = withExtraField(Article.getClassSchema(), "sentiment", "string", null);
        registry.register("other-value", v2);
        AvroSerializer<Article> serializer = new AvroSerializer<>(registry,
                Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false, AvroSerdeConfig.USE_LATEST_VERSION, true), false);
        SerializationException e = assertThrows(SerializationException.class, () -> serializer.serialize("other", EventSamples.article()));
        assertTrue(e.getMessage().contains("'other-value'") && e.getMessage().contains("sentiment"), e.getMessage());
    }

    /** A copy of {@code schema} with one more field ({@code defaultJson} null = no default). */
    static Schema withExtraField(Schema schema, String name, String type, String defaultJson) {
        String json = schema.toString();
        String field = "{\"name\":\"" + name + "\",\"type\":\"" + type + "\"" + (defaultJson == null ? "" : ",\"default\":" + defaultJson) + "}";
        int end = json.lastIndexOf("]");
        return new Schema.Parser().parse(json.substring(0, end) + "," + field + json.substring(end));
    }

    /** {@code record}'s fields copied into a generic record of {@code schema} (fields missing in the record left unset). */
    static GenericRecord toGeneric(SpecificRecord record, Schema schema) {
        GenericData.Record generic = new GenericData.Record(schema);
        List<Schema.Field> fields = new ArrayList<>(record.getSchema().getFields());
        for (Schema.Field field : fields) {
            generic.put(field.name(), toPlain(record.get(field.pos())));
        }
        return generic;
    }

    private static Object toPlain(Object value) {
        // Generic records carry logical types in their underlying form (GenericData has no conversions by default).
        if (value instanceof java.time.LocalDate date) {
            return (int) date.toEpochDay();
        }
        if (value instanceof java.time.Instant instant) {
            return instant.toEpochMilli();
        }
        return value;
    }
}
