package org.stancewatch.events.serde;

import org.apache.kafka.common.errors.SerializationException;

/** A record's bytes could not be turned into an Avro record; {@link #reason()} says why, for dead-letter routing. */
public class AvroDeserializationException extends SerializationException {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** Zero bytes (not null: null is a tombstone and decodes to null). */
        EMPTY,
        /** The first byte is not the Confluent wire format's magic byte 0. */
        BAD_MAGIC_BYTE,
        /** Fewer than the 5 header bytes (magic byte + schema id). */
        TOO_SHORT,
        /** The registry has no schema with the record's id. */
        UNKNOWN_SCHEMA_ID,
        /** The registry could not be reached or failed, so the writer schema is unknown for now. */
        REGISTRY_UNAVAILABLE,
        /** The bytes are not a valid Avro encoding under the writer schema (truncated, garbage, trailing bytes). */
        MALFORMED_AVRO,
        /** A string field holds bytes that are not UTF-8 (Avro strings must be; Avro would decode them as U+FFFD). */
        INVALID_UTF8,
        /** The writer schema cannot be read as the expected record type. */
        INCOMPATIBLE_SCHEMA
    }

    private final Reason reason;
    private final String topic;
    private final int schemaId;

    public AvroDeserializationException(Reason reason, String topic, int schemaId, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.topic = topic;
        this.schemaId = schemaId;
    }

    public Reason reason() {
        return reason;
    }

    public String topic() {
        return topic;
    }

    /** The schema id from the record's header, or -1 when the header could not be read. */
    public int schemaId() {
        return schemaId;
    }
}
