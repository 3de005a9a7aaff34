package org.stancewatch.pipeline.errors;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import org.stancewatch.events.RejectedRecord;
import org.stancewatch.events.serde.AvroDeserializationException;

/** Builds {@link RejectedRecord}s for {@code articles.rejected}; reason codes live here. */
public final class Rejections {

    /** Fallback reason when a deserializer failed without saying why. */
    public static final String DESERIALIZATION = "DESERIALIZATION";
    public static final String EMPTY_BODY = "EMPTY_BODY";
    public static final String BODY_TOO_LARGE = "BODY_TOO_LARGE";
    public static final String BAD_DATE = "BAD_DATE";
    public static final String ENRICH_FAILED = "ENRICH_FAILED";
    /** An exception nobody foresaw, caught by the processing exception handler. */
    public static final String PROCESSING = "PROCESSING";

    /** Original bytes kept in a dead letter; larger values are truncated (valueTruncated = true). */
    public static final int MAX_KEPT_VALUE_BYTES = 2_000_000;

    private Rejections() {
    }

    /** The reason code for a failed deserialization: the serde's own reason when it gives one. */
    public static String reasonOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AvroDeserializationException ade && ade.reason() != null) {
                return ade.reason().name();
            }
        }
        return DESERIALIZATION;
    }

    public static RejectedRecord of(String reason, String message, String stage, String topic, Integer partition,
                                    Long offset, byte[] key, byte[] value, Throwable error) {
        boolean truncated = value != null && value.length > MAX_KEPT_VALUE_BYTES;
        byte[] kept = truncated ? Arrays.copyOf(value, MAX_KEPT_VALUE_BYTES) : value;
        return RejectedRecord.newBuilder()
                .setReason(reason)
                .setMessage(message)
                .setStage(stage)
                .setSourceTopic(topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValue(kept == null ? null : ByteBuffer.wrap(kept))
                .setValueTruncated(truncated)
                .setExceptionClass(error == null ? null : error.getClass().getName())
                .setRejectedAt(Instant.now())
                .build();
    }

    /** "topic-partition@offset", for messages. */
    public static String where(String topic, Integer partition, Long offset) {
        return topic + "-" + partition + "@" + offset;
    }

    /** The message of an exception and its causes, one line, for a dead letter. */
    public static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (!sb.isEmpty()) {
                sb.append(" <- ");
            }
            sb.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                sb.append(": ").append(t.getMessage());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return sb.toString();
    }
}
