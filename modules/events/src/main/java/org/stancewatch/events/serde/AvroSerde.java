package org.stancewatch.events.serde;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.apache.avro.specific.SpecificRecord;
import org.stancewatch.events.registry.SchemaRegistryClient;

/**
 * Serde for one generated Avro record class in the Confluent wire format, e.g.
 * {@code new AvroSerde<>(Article.class)} then {@code configure(config, false)}, or ready-made with a client:
 * {@code new AvroSerde<>(Article.class, client, config)}. Serializer and deserializer share one registry client.
 */
public class AvroSerde<T extends SpecificRecord> extends RegistrySerde<T> {

    private final Class<T> type;

    /**
     * For {@code default.value.serde} / {@code default.key.serde} by class name: records decode into the
     * generated class named by their writer schema (as with {@code specific.avro.reader=true}).
     */
    public AvroSerde() {
        this.type = null;
    }

    /** Unconfigured: call {@link #configure} (Kafka Streams does for default serdes). */
    public AvroSerde(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type");
    }

    /** A value serde using {@code client} (not closed by this serde) and the serde settings in {@code config}. */
    public AvroSerde(Class<T> type, SchemaRegistryClient client, Map<String, ?> config) {
        this(type, client, config, false);
    }

    public AvroSerde(Class<T> type, SchemaRegistryClient client, Map<String, ?> config, boolean isKey) {
        super(client);
        this.type = Objects.requireNonNull(type, "type");
        build(config, isKey);
    }

    @Override
    AvroDeserializer<T> newDeserializer(SchemaRegistryClient client, Map<String, ?> config) {
        if (type != null) {
            return new AvroDeserializer<>(type, client, config);
        }
        Map<String, Object> specific = new HashMap<>(config);
        specific.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, true);
        return new AvroDeserializer<>(null, client, specific);
    }

    @Override
    String describe() {
        return "AvroSerde<" + (type == null ? "?" : type.getSimpleName()) + ">";
    }
}
