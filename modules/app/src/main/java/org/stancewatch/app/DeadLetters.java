package org.stancewatch.app;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.stancewatch.app.ConnectionOptions.Endpoints;
import org.stancewatch.events.ProducerSettings;
import org.stancewatch.events.RejectedRecord;
import org.stancewatch.events.Topics;
import org.stancewatch.events.serde.AvroSerializer;
import org.stancewatch.ingest.Rejection;

/** Writes items the feeder refused to the dead-letter topic, so bad input is on record, not just on a terminal. */
public final class DeadLetters {
    private DeadLetters() {
    }

    public static void recordFeedRejections(Endpoints endpoints, List<Rejection> rejections) {
        if (rejections.isEmpty()) {
            return;
        }
        Map<String, Object> config = ProducerSettings.reliable(endpoints.clientConfig());
        try (KafkaProducer<String, RejectedRecord> producer =
                     new KafkaProducer<>(config, new StringSerializer(), serializer(config))) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            for (Rejection r : rejections) {
                RejectedRecord record = RejectedRecord.newBuilder()
                        .setReason(r.code().name())
                        .setMessage(r.message())
                        .setStage("feed")
                        .setSourceTopic(null)
                        .setKey(java.nio.ByteBuffer.wrap(r.input().getBytes(StandardCharsets.UTF_8)))
                        .setRejectedAt(now)
                        .build();
                producer.send(new ProducerRecord<>(Topics.REJECTED, r.input() + ":" + r.line(), record));
            }
            producer.flush();
        }
    }

    private static AvroSerializer<RejectedRecord> serializer(Map<String, Object> config) {
        AvroSerializer<RejectedRecord> s = new AvroSerializer<>();
        s.configure(config, false);
        return s;
    }
}
