package org.stancewatch.pipeline.errors;

import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Safety net for exceptions the processors did not foresee (foreseen ones are branched to the
 * dead-letter sink inside the topology). Logs, writes a {@code RejectedRecord} with reason
 * {@code PROCESSING} and the original source bytes, and goes on.
 */
public class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);
    private DeadLetters deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = new DeadLetters(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext ctx, Record<?, ?> record, Exception exception) {
        String where = Rejections.where(ctx.topic(), ctx.partition(), ctx.offset());
        String message = "processor " + ctx.processorNodeId() + " failed on record " + where + " (key "
                + record.key() + "): " + Rejections.describe(exception);
        LOG.warn("{}; sent to the dead-letter topic", message, exception);
        try {
            return Response.resume(deadLetters.record(Rejections.PROCESSING, message, ctx.processorNodeId(), ctx,
                    ctx.sourceRawKey(), ctx.sourceRawValue(), exception));
        } catch (RuntimeException e) {
            LOG.error("cannot write dead letter for {}; failing so the record is retried", where, e);
            return Response.fail();
        }
    }
}
