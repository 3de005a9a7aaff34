package org.stancewatch.events.serde;

import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.stancewatch.events.registry.SchemaRegistryClientConfig;

/** Config keys of the Avro serde (Confluent's names), including the registry client's. */
public final class AvroSerdeConfig extends SchemaRegistryClientConfig {

    public static final String SCHEMA_REGISTRY_URL = SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL;
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = SchemaRegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE;
    public static final String BASIC_AUTH_USER_INFO = SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO;
    public static final String MAX_RETRIES = SchemaRegistryClientConfig.MAX_RETRIES;
    public static final String RETRIES_WAIT_MS = SchemaRegistryClientConfig.RETRIES_WAIT_MS;
    public static final String RETRIES_MAX_WAIT_MS = SchemaRegistryClientConfig.RETRIES_MAX_WAIT_MS;
    public static final String HTTP_CONNECT_TIMEOUT_MS = SchemaRegistryClientConfig.HTTP_CONNECT_TIMEOUT_MS;
    public static final String HTTP_READ_TIMEOUT_MS = SchemaRegistryClientConfig.HTTP_READ_TIMEOUT_MS;

    /** Serializer: register the record's schema under the subject (true), or only look its id up (false). */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    /** Serializer, with auto.register.schemas=false: write with the subject's latest schema. */
    public static final String USE_LATEST_VERSION = "use.latest.version";
    /** Deserializer without a target class: decode into the generated class named by the writer schema when there is one. */
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";

    public AvroSerdeConfig(Map<String, ?> props) {
        super(definition(), props);
    }

    public static ConfigDef definition() {
        return new ConfigDef(SchemaRegistryClientConfig.definition())
                .define(AUTO_REGISTER_SCHEMAS, Type.BOOLEAN, true, Importance.MEDIUM,
                        "Register the record's schema under <topic>-value / <topic>-key on first use; if false, it must already be registered.")
                .define(USE_LATEST_VERSION, Type.BOOLEAN, false, Importance.LOW,
                        "With auto.register.schemas=false: write records with the subject's latest schema, resolving fields by name.")
                .define(SPECIFIC_AVRO_READER, Type.BOOLEAN, false, Importance.LOW,
                        "Deserializer without a target class: return generated classes (by the writer schema's full name) instead of GenericRecord.");
    }

    public boolean autoRegisterSchemas() {
        return getBoolean(AUTO_REGISTER_SCHEMAS);
    }

    public boolean useLatestVersion() {
        return getBoolean(USE_LATEST_VERSION);
    }

    public boolean specificAvroReader() {
        return getBoolean(SPECIFIC_AVRO_READER);
    }
}
