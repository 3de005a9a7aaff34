package org.stancewatch.events.serde;

import java.util.Map;
import java.util.Objects;

import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.stancewatch.events.registry.SchemaRegistryClient;
import org.stancewatch.events.registry.SchemaRegistryClients;

/**
 * What {@link AvroSerde} and {@link GenericAvroSerde} share: one registry client for serializer and
 * deserializer (owned, and closed, only when {@link #configure} made it), and the check that the serde was
 * configured before use. Subclasses say how records are decoded.
 */
abstract class RegistrySerde<T extends GenericContainer> implements Serde<T> {

    private SchemaRegistryClient client;
    private boolean ownsClient;
    private AvroSerializer<T> serializer;
    private AvroDeserializer<T> deserializer;

    /** Unconfigured: call {@link #configure} (Kafka Streams does for default serdes). */
    RegistrySerde() {
    }

    /** Ready-made with {@code client}, which this serde does not close. */
    RegistrySerde(SchemaRegistryClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** The deserializer for this serde's records, sharing {@code client}. */
    abstract AvroDeserializer<T> newDeserializer(SchemaRegistryClient client, Map<String, ?> config);

    /** Name used in the "not configured" error. */
    abstract String describe();

    final void build(Map<String, ?> config, boolean isKey) {
        serializer = new AvroSerializer<>(client, config, isKey);
        deserializer = newDeserializer(client, config);
    }

    @Override
    public void configure(Map<String, ?> config, boolean isKey) {
        if (client == null) {
            client = SchemaRegistryClients.fromConfig(config);
            ownsClient = true;
        }
        build(config, isKey);
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
            throw new IllegalStateException(describe() + " used before configure(...): no schema registry client");
        }
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}
