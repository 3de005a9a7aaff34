package org.stancewatch.events.serde;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.stancewatch.events.registry.SchemaRegistryClient;
import org.stancewatch.events.registry.SchemaRegistryClients;

/**
 * Serde for one generated Avro record class in the Confluent wire format, e.g.
 * {@code new AvroSerde<>(Article.class)} then {@code configure(config, false)}, or ready-made with a client:
 * {@code new AvroSerde<>(Article.class, client, config)}. Serializer and deserializer share one registry client.
 */
public class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final Class<T> type;
    private SchemaRegistryClient client;
    private boolean ownsClient;
    private AvroSerializer<T> serializer;
    private AvroDeserializer<T> deserializer;

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
        this.type = Objects.requireNonNull(type, "type");
        this.client = Objects.requireNonNull(client, "client");
        build(config, isKey);
    }

    @Override
    public void configure(Map<String, ?> config, boolean isKey) {
        if (client == null) {
            client = SchemaRegistryClients.fromConfig(config);
            ownsClient = true;
        }
        build(config, isKey);
    }

    private void build(Map<String, ?> config, boolean isKey) {
        serializer = new AvroSerializer<>(client, config, isKey);
        if (type != null) {
            deserializer = new AvroDeserializer<>(type, client, config);
        } else {
            Map<String, Object> specific = new HashMap<>(config);
            specific.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, true);
            deserializer = new AvroDeserializer<>(null, client, specific);
        }
    }

    @Override
    public Serializer<T> serializer() {
        requireConfigured();
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        requireConfigured();
        return deserializer;
    }

    private void requireConfigured() {
        if (serializer == null) {
            throw new IllegalStateException("AvroSerde<" + (type == null ? "?" : type.getSimpleName()) + "> used before configure(...): no schema registry client");
        }
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}
