package org.stancewatch.events.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.stancewatch.events.SchemaCompatibilityCheck;
import org.stancewatch.events.registry.RegisteredSchema;
import org.stancewatch.events.registry.SchemaRegistryClient;
import org.stancewatch.events.registry.SchemaRegistryClients;
import org.stancewatch.events.registry.SchemaRegistryException;

/**
 * Writes Avro records (generated classes or {@code GenericRecord}s) in the Confluent wire format, with
 * the schema registered under {@code <topic>-value} / {@code <topic>-key}. Schema ids are resolved once
 * per (subject, schema) and kept. Null serializes to null (a tombstone).
 */
public class AvroSerializer<T extends GenericContainer> implements Serializer<T> {

    /** How records of one schema are written to one subject. */
    private record Target(int schemaId, Schema writeSchema, boolean convert) {
    }

    private record SubjectSchema(String subject, Schema schema) {
    }

    private record WriterKey(Class<?> datumClass, Schema schema) {
    }

    private final Map<SubjectSchema, Target> targets = new ConcurrentHashMap<>();
    private final Map<WriterKey, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
    private SchemaRegistryClient client;
    private boolean ownsClient;
    private boolean isKey;
    private boolean autoRegister = true;
    private boolean useLatestVersion;

    /** For Kafka to instantiate by class name; call {@link #configure} before use. */
    public AvroSerializer() {
    }

    /** Ready to use with {@code client} (not closed by this serializer) and the serde settings in {@code config}. */
    public AvroSerializer(SchemaRegistryClient client, Map<String, ?> config, boolean isKey) {
        this.client = client;
        applyConfig(config, isKey);
    }

    @Override
    public void configure(Map<String, ?> config, boolean isKey) {
        if (client == null) {
            client = SchemaRegistryClients.fromConfig(config);
            ownsClient = true;
        }
        applyConfig(config, isKey);
    }

    private void applyConfig(Map<String, ?> config, boolean isKey) {
        AvroSerdeConfig parsed = new AvroSerdeConfig(config);
        this.isKey = isKey;
        this.autoRegister = parsed.autoRegisterSchemas();
        this.useLatestVersion = parsed.useLatestVersion();
        targets.clear();
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("AvroSerializer used before configure(...): no schema registry client");
        }
        String subject = WireFormat.subject(topic, isKey);
        Schema schema = data.getSchema();
        Target target = targets.computeIfAbsent(new SubjectSchema(subject, schema), key -> resolveTarget(topic, subject, schema));
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            out.write(WireFormat.MAGIC_BYTE);
            out.write(ByteBuffer.allocate(4).putInt(target.schemaId()).array());
            if (target.convert()) {
                encode(GenericData.Record.class, target.writeSchema(), convert(data, schema, target.writeSchema()), out);
            } else {
                encode(data.getClass(), schema, data, out);
            }
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot write a " + schema.getFullName() + " record to '" + topic
                    + "' (subject '" + subject + "', schema id " + target.schemaId() + "): " + e.getMessage(), e);
        }
    }

    private Target resolveTarget(String topic, String subject, Schema schema) {
        try {
            if (autoRegister) {
                return new Target(client.register(subject, schema), schema, false);
            }
            if (!useLatestVersion) {
                return new Target(client.lookupId(subject, schema), schema, false);
            }
            RegisteredSchema latest = client.getLatest(subject);
            if (latest.schema().equals(schema)) {
                return new Target(latest.id(), schema, false);
            }
            SchemaCompatibilityCheck.Result fit = SchemaCompatibilityCheck.backward(latest.schema(), schema);
            if (!fit.compatible()) {
                throw new SerializationException("Cannot write " + schema.getFullName() + " records to '" + topic
                        + "' as the latest schema of subject '" + subject + "' (version " + latest.version() + ", id "
                        + latest.id() + "): " + fit.describe());
            }
            return new Target(latest.id(), latest.schema(), true);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Cannot get a schema id for " + schema.getFullName() + " records on '"
                    + topic + "': " + e.getMessage(), e);
        }
    }

    /**
     * Re-expresses {@code data} in {@code target} by Avro schema resolution (fields matched by name, defaults
     * filled in): write with the record's own schema, read back with the target as reader schema.
     */
    private Object convert(T data, Schema own, Schema target) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        encode(data.getClass(), own, data, buffer);
        GenericDatumReader<Object> reader = new GenericDatumReader<>(own, target);
        return reader.read(null, DecoderFactory.get().binaryDecoder(buffer.toByteArray(), null));
    }

    private void encode(Class<?> datumClass, Schema schema, Object datum, ByteArrayOutputStream out) throws IOException {
        DatumWriter<Object> writer = writers.computeIfAbsent(new WriterKey(datumClass, schema), key -> newWriter(key.datumClass(), key.schema()));
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        writer.write(datum, encoder);
        encoder.flush();
    }

    private static DatumWriter<Object> newWriter(Class<?> datumClass, Schema schema) {
        if (SpecificRecord.class.isAssignableFrom(datumClass)) {
            // The generated class's own model carries its logical-type conversions (LocalDate, Instant).
            return new SpecificDatumWriter<>(schema, SpecificData.getForClass(datumClass));
        }
        return new GenericDatumWriter<>(schema, GenericData.get());
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }
}
