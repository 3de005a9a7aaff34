package org.stancewatch.events.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.stancewatch.events.SchemaCompatibilityCheck;
import org.stancewatch.events.registry.SchemaRegistryClient;
import org.stancewatch.events.registry.SchemaRegistryClients;
import org.stancewatch.events.registry.SchemaRegistryException;
import org.stancewatch.events.serde.AvroDeserializationException.Reason;

/**
 * Reads Confluent wire format Avro. With a target class (a generated record), the writer schema is
 * fetched by id and resolved into the class's schema, so data written with a newer compatible schema
 * (extra fields) still decodes into older classes. Without one, it returns {@code GenericRecord}s in
 * the writer schema (or generated classes, with {@code specific.avro.reader=true}).
 * Null decodes to null (a tombstone); every other failure is an {@link AvroDeserializationException}
 * with a {@link Reason}, and corrupt bytes never cause huge allocations (see {@link BoundedBinaryDecoder}).
 */
public class AvroDeserializer<T> implements Deserializer<T> {

    /** How to decode records written with one schema id. */
    private record Plan(Schema writer, DatumReader<Object> reader) {
    }

    private final Class<T> targetClass;
    private final Schema targetSchema;
    private final SpecificData targetModel;
    private final Map<Integer, Plan> plans = new ConcurrentHashMap<>();
    private SchemaRegistryClient client;
    private boolean ownsClient;
    private boolean specificReader;

    /** Generic (or, with {@code specific.avro.reader=true}, by writer name); for Kafka to instantiate by class name. */
    public AvroDeserializer() {
        this(null, null);
    }

    /** Decodes into {@code targetClass}, a generated Avro record class; call {@link #configure} before use. */
    public AvroDeserializer(Class<T> targetClass) {
        this(Objects.requireNonNull(targetClass, "targetClass"), null);
    }

    /** Ready to use with {@code client} (not closed by this deserializer); {@code targetClass} null = generic. */
    public AvroDeserializer(Class<T> targetClass, SchemaRegistryClient client, Map<String, ?> config) {
        this(targetClass, Objects.requireNonNull(client, "client"));
        this.specificReader = new AvroSerdeConfig(config).specificAvroReader();
    }

    private AvroDeserializer(Class<T> targetClass, SchemaRegistryClient client) {
        if (targetClass != null && !SpecificRecord.class.isAssignableFrom(targetClass)) {
            throw new IllegalArgumentException(targetClass.getName() + " is not a generated Avro record class (SpecificRecord)");
        }
        this.targetClass = targetClass;
        this.targetModel = targetClass == null ? null : SpecificData.getForClass(targetClass);
        this.targetSchema = targetClass == null ? null : targetModel.getSchema(targetClass);
        this.client = client;
    }

    @Override
    public void configure(Map<String, ?> config, boolean isKey) {
        if (client == null) {
            client = SchemaRegistryClients.fromConfig(config);
            ownsClient = true;
        }
        specificReader = new AvroSerdeConfig(config).specificAvroReader();
        plans.clear();
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("AvroDeserializer used before configure(...): no schema registry client");
        }
        if (data.length == 0) {
            throw new AvroDeserializationException(Reason.EMPTY, topic, -1,
                    "record on '" + topic + "' is empty (0 bytes); expected Confluent Avro wire format (a null value would be a tombstone)", null);
        }
        if (data[0] != WireFormat.MAGIC_BYTE) {
            throw new AvroDeserializationException(Reason.BAD_MAGIC_BYTE, topic, -1, String.format(
                    "record on '%s' starts with byte 0x%02x, not the Confluent magic byte 0x00 (not Confluent Avro wire format?)",
                    topic, data[0] & 0xff), null);
        }
        if (data.length < WireFormat.HEADER_LENGTH) {
            throw new AvroDeserializationException(Reason.TOO_SHORT, topic, -1, "record on '" + topic + "' has " + data.length
                    + " bytes, fewer than the 5-byte Confluent header (magic byte + schema id)", null);
        }
        int schemaId = ByteBuffer.wrap(data, 1, 4).getInt();
        Plan plan = plans.get(schemaId);
        if (plan == null) {
            plan = plan(topic, schemaId);
            plans.put(schemaId, plan);
        }
        BoundedBinaryDecoder decoder = new BoundedBinaryDecoder(data, WireFormat.HEADER_LENGTH,
                data.length - WireFormat.HEADER_LENGTH, plan.writer());
        Object record;
        try {
            record = plan.reader().read(null, decoder);
        } catch (BoundedBinaryDecoder.InvalidUtf8Exception e) {
            throw new AvroDeserializationException(Reason.INVALID_UTF8, topic, schemaId, "record on '" + topic + "' ("
                    + data.length + " bytes, schema id " + schemaId + ", " + plan.writer().getFullName() + ") has "
                    + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            // Avro reports corrupt data as EOFException, AvroRuntimeException, ArrayIndexOutOfBounds (bad union/enum index)...
            throw malformed(topic, schemaId, plan.writer(), data.length, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        if (decoder.remaining() > 0) {
            throw malformed(topic, schemaId, plan.writer(), data.length,
                    decoder.remaining() + " bytes left over after the record (wrong schema id?)", null);
        }
        @SuppressWarnings("unchecked")
        T result = (T) record;
        return result;
    }

    private Plan plan(String topic, int schemaId) {
        Schema writer;
        try {
            writer = client.getById(schemaId);
        } catch (SchemaRegistryException e) {
            Reason reason = e.isNotFound() ? Reason.UNKNOWN_SCHEMA_ID : Reason.REGISTRY_UNAVAILABLE;
            String problem = reason == Reason.UNKNOWN_SCHEMA_ID ? "is not known to the schema registry" : "cannot be fetched from the schema registry";
            throw new AvroDeserializationException(reason, topic, schemaId,
                    "record on '" + topic + "' names schema id " + schemaId + ", which " + problem + ": " + e.getMessage(), e);
        }
        Schema reader = readerSchemaFor(topic, schemaId, writer);
        if (reader == null) {
            return new Plan(writer, new GenericDatumReader<>(writer, writer, GenericData.get()));
        }
        SchemaCompatibilityCheck.Result fit = SchemaCompatibilityCheck.backward(reader, writer);
        if (!fit.compatible()) {
            throw new AvroDeserializationException(Reason.INCOMPATIBLE_SCHEMA, topic, schemaId, "record on '" + topic
                    + "' was written with schema id " + schemaId + " (" + writer.getFullName() + "), which cannot be read as "
                    + reader.getFullName() + ": " + fit.describe(), null);
        }
        SpecificData model = targetModel != null ? targetModel : SpecificData.getForSchema(reader);
        return new Plan(writer, new SpecificDatumReader<>(writer, reader, model));
    }

    /** The schema to read into: the target class's, the generated class named by the writer (specific.avro.reader), or null for generic. */
    private Schema readerSchemaFor(String topic, int schemaId, Schema writer) {
        if (targetSchema != null) {
            return targetSchema;
        }
        if (!specificReader) {
            return null;
        }
        Class<?> generated = writer.getType() == Schema.Type.RECORD ? SpecificData.get().getClass(writer) : null;
        if (generated == null || !SpecificRecord.class.isAssignableFrom(generated)) {
            throw new AvroDeserializationException(Reason.INCOMPATIBLE_SCHEMA, topic, schemaId, "record on '" + topic
                    + "' was written with schema id " + schemaId + " (" + writer.getFullName()
                    + "), which has no generated class on the classpath (specific.avro.reader=true)", null);
        }
        return SpecificData.getForClass(generated).getSchema(generated);
    }

    private static AvroDeserializationException malformed(String topic, int schemaId, Schema writer, int size, String problem, Throwable cause) {
        return new AvroDeserializationException(Reason.MALFORMED_AVRO, topic, schemaId, "record on '" + topic + "' (" + size
                + " bytes, schema id " + schemaId + ", " + writer.getFullName() + ") is not valid Avro: " + problem, cause);
    }

    /** The target class, or null for generic decoding. */
    public Class<T> targetClass() {
        return targetClass;
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }
}
