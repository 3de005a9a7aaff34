package org.stancewatch.events.registry;

import java.io.Closeable;

import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry REST protocol that the serde needs. Every method
 * throws {@link SchemaRegistryException} naming the registry, the subject (or id), the HTTP status
 * and the registry's error code when the registry refuses or cannot be reached.
 */
public interface SchemaRegistryClient extends Closeable {

    /** Registers {@code schema} under {@code subject} (or finds it there) and returns its global id. */
    int register(String subject, Schema schema);

    /** The id of {@code schema} if it is already registered under {@code subject}; 404 (40401/40403) otherwise. */
    int lookupId(String subject, Schema schema);

    /** The schema with this global id; 404 (40403) if there is none. */
    Schema getById(int id);

    /** The newest version registered under {@code subject}; 404 (40401) if the subject is unknown. */
    RegisteredSchema getLatest(String subject);

    /**
     * Whether {@code schema} may be registered under {@code subject} by the subject's compatibility rule,
     * checked against its latest version. A subject with no versions accepts any schema.
     */
    boolean isCompatible(String subject, Schema schema);

    /** Releases connections; never throws. */
    @Override
    void close();
}
