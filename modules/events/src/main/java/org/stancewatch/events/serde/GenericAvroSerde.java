package org.stancewatch.events.serde;

import java.util.Map;

import org.apache.avro.generic.GenericRecord;
import org.stancewatch.events.registry.SchemaRegistryClient;

/** Serde for {@link GenericRecord}s in the Confluent wire format; records decode with their writer schema. */
public class GenericAvroSerde extends RegistrySerde<GenericRecord> {

    /** Unconfigured: call {@link #configure}. */
    public GenericAvroSerde() {
    }

    /** A value serde using {@code client} (not closed by this serde). */
    public GenericAvroSerde(SchemaRegistryClient client, Map<String, ?> config) {
        this(client, config, false);
    }

    public GenericAvroSerde(SchemaRegistryClient client, Map<String, ?> config, boolean isKey) {
        super(client);
        build(config, isKey);
    }

    @Override
    AvroDeserializer<GenericRecord> newDeserializer(SchemaRegistryClient client, Map<String, ?> config) {
        return new AvroDeserializer<>(null, client, config);
    }

    @Override
    String describe() {
        return "GenericAvroSerde";
    }
}
