package org.stancewatch.pipeline.errors;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.stancewatch.events.RejectedRecord;
import org.stancewatch.events.Topics;
import org.stancewatch.events.serde.AvroSerde;
import org.stancewatch.pipeline.StancewatchStreamsConfig;

/**
 * Shared by the exception handlers: turns a failure into a serialized {@link RejectedRecord} for
 * the dead-letter topic. Kafka Streams writes the returned records in the task's own transaction
 * (KIP-1034), so with exactly-once a dead letter is never lost or doubled.
 */
final class DeadLetters {

    private final String topic;
    private final AvroSerde<RejectedRecord> serde;

    DeadLetters(Map<String, ?> configs) {
        Object explicit = configs.get(StancewatchStreamsConfig.DEAD_LETTER_TOPIC);
        this.topic = explicit != null ? explicit.toString() : Topics.fromConfig(configs).rejected();
        this.serde = new AvroSerde<>(RejectedRecord.class);
        this.serde.configure(configs, false);
    }

    List<ProducerRecord<byte[], byte[]>> record(String reason, String message, String stage, ErrorHandlerContext ctx,
                                                byte[] key, byte[] value, Exception error) {
        RejectedRecord rejected = Rejections.of(reason, message, stage, ctx.topic(), ctx.partition(), ctx.offset(),
                key, value, error);
        byte[] bytes = serde.serializer().serialize(topic, rejected);
        return List.of(new ProducerRecord<>(topic, null, key, bytes));
    }
}
