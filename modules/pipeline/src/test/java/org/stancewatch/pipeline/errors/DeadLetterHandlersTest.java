package org.stancewatch.pipeline.errors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.RejectedRecord;
import org.stancewatch.events.Topics;
import org.stancewatch.pipeline.PipelineSerdes;
import org.stancewatch.pipeline.TestSupport;

class DeadLetterHandlersTest {

    private final Map<String, Object> config = TestSupport.serdeConfig(TestSupport.driverProps(Map.of()));
    private final byte[] key = "a1".getBytes();
    private final byte[] value = {9, 9, 9, 9, 9, 9};

    private ErrorHandlerContext context() {
        return new ErrorHandlerContext() {
            public String topic() { return Topics.ENRICHED; }
            public int partition() { return 2; }
            public long offset() { return 41L; }
            public Headers headers() { return new RecordHeaders(); }
            public String processorNodeId() { return "diff-article-contributions"; }
            public TaskId taskId() { return new TaskId(1, 2); }
            public long timestamp() { return 0L; }
            public byte[] sourceRawKey() { return key; }
            public byte[] sourceRawValue() { return value; }
        };
    }

    private RejectedRecord decode(List<ProducerRecord<byte[], byte[]>> records) {
        assertEquals(1, records.size());
        assertEquals(Topics.REJECTED, records.get(0).topic());
        assertArrayEquals(key, records.get(0).key());
        return PipelineSerdes.value(RejectedRecord.class, config).deserializer()
                .deserialize(Topics.REJECTED, records.get(0).value());
    }

    @Test
    void unreadableRecordBecomesADeadLetterWithTheSerdesReason() {
        DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();
        handler.configure(config);
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(Topics.ENRICHED, 2, 41L, key, value);
        Exception error;
        try {
            PipelineSerdes.value(EnrichedArticle.class, config).deserializer().deserialize(Topics.ENRICHED, value);
            throw new AssertionError("garbage must not decode");
        } catch (RuntimeException e) {
            error = e;
        }

        DeserializationExceptionHandler.Response response = handler.handleError(context(), record, error);

        assertEquals(DeserializationExceptionHandler.Result.RESUME, response.result());
        RejectedRecord dead = decode(response.deadLetterQueueRecords());
        assertEquals("BAD_MAGIC_BYTE", dead.getReason());
        assertEquals("deserialize", dead.getStage());
        assertEquals(Topics.ENRICHED, dead.getSourceTopic());
        assertEquals(2, dead.getSourcePartition());
        assertEquals(41L, dead.getSourceOffset());
        assertEquals(ByteBuffer.wrap(value), dead.getValue());
        assertFalse(dead.getValueTruncated());
        assertTrue(dead.getMessage().contains("articles.enriched-2@41"), dead.getMessage());
    }

    @Test
    void unforeseenProcessingFailureBecomesADeadLetterWithTheSourceBytes() {
        DeadLetterProcessingHandler handler = new DeadLetterProcessingHandler();
        handler.configure(config);

        ProcessingExceptionHandler.Response response = handler.handleError(context(),
                new Record<>("a1", "x", 0L), new IllegalStateException("boom"));

        assertEquals(ProcessingExceptionHandler.Result.RESUME, response.result());
        RejectedRecord dead = decode(response.deadLetterQueueRecords());
        assertEquals(Rejections.PROCESSING, dead.getReason());
        assertEquals("diff-article-contributions", dead.getStage());
        assertEquals(IllegalStateException.class.getName(), dead.getExceptionClass());
        assertEquals(ByteBuffer.wrap(value), dead.getValue());
        assertTrue(dead.getMessage().contains("boom"), dead.getMessage());
    }
}
