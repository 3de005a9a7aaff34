package org.stancewatch.events.serde;

import java.util.Map;
import java.util.Objects;

import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.stancewatch.events.registry.SchemaRegistryClient;
import org.stancewatch.events.registry.SchemaRegistryClients;

/** Serde for {@link GenericRecord}s in the Confluent wire format; records decode with their writer schema. */
public class GenericAvroSerde implements Serde<GenericRecord> {

    private SchemaRegistryClient client;
    private boolean ownsClient;
    private AvroSerializer<GenericRecord> serializer;
    private AvroDeserializer<GenericRecord> deserializer;

    /** Unconfigured: call {@link #configure}. */
    public GenericAvroSerde() {
    }

    /** A value serde using {@code client} (not closed by this serde). */
    public GenericAvroSerde(SchemaRegistryClient client, Map<String, ?> config) {
        this(client, config, false);
    }

    public GenericAvroSerde(SchemaRegistryClient client, Map<String, ?> config, boolean isKey) {
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
        deserializer = new AvroDeserializer<>(null, client, config);
    }

    @Override
    public Serializer<GenericRecord> serializer() {
        requireConfigured();
        return serializer;
    }

    @Override
    public Deserializer<GenericRecord> deserializer() {
        requireConfigured();
        return deserializer;
    }

    private void requireConfigured() {
        if (serializer == null) {
            throw new IllegalStateException("GenericAvroSerde used before configure(...): no schema registry client");
        }
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}
