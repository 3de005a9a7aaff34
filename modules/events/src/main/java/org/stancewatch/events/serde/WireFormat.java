package org.stancewatch.events.serde;

/** Confluent wire format: magic byte 0, 4-byte big-endian schema id, then the Avro binary encoding. */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0;
    /** Magic byte + schema id. */
    public static final int HEADER_LENGTH = 5;

    private WireFormat() {
    }

    /** Registry subject by TopicNameStrategy: {@code <topic>-key} or {@code <topic>-value}. */
    public static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }
}
