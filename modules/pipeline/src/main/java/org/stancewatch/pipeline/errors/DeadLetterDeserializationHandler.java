package org.stancewatch.pipeline.errors;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Safety net for records a source serde cannot read (the {@code articles} source decodes in the
 * topology itself, so this catches the other sources: {@code articles.enriched}, repartition topics).
 * Logs, writes a {@code RejectedRecord} to {@code articles.rejected} and goes on. If even the dead
 * letter cannot be built (e.g. the registry is down) it fails, so the record is retried rather than lost.
 */
public class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);
    private DeadLetters deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = new DeadLetters(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext ctx, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        String where = Rejections.where(record.topic(), record.partition(), record.offset());
        String reason = Rejections.reasonOf(exception);
        String message = "cannot deserialize record " + where + " (" + reason + "): " + Rejections.describe(exception);
        LOG.warn("{}; sent to the dead-letter topic", message);
        try {
            return Response.resume(deadLetters.record(reason, message, "deserialize", ctx, record.key(), record.value(),
                    exception));
        } catch (RuntimeException e) {
            LOG.error("cannot write dead letter for {}; failing so the record is retried", where, e);
            return Response.fail();
        }
    }
}
