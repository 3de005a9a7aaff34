package org.stancewatch.pipeline;

import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.stancewatch.pipeline.errors.DeadLetterDeserializationHandler;
import org.stancewatch.pipeline.errors.DeadLetterProcessingHandler;

/**
 * Builds the Kafka Streams {@link Properties} for stancewatch: the team's defaults, then the caller's
 * overrides (any Kafka Streams, client, serde or {@code stancewatch.*} key) on top.
 */
public final class StancewatchStreamsConfig {

    public static final String DEFAULT_APPLICATION_ID = "stancewatch";
    /** Same key as Confluent's serdes; {@code mock://scope} gives an in-memory registry (tests). */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

    private StancewatchStreamsConfig() {
    }

    public static Properties build(String bootstrapServers, String schemaRegistryUrl, Map<String, ?> overrides) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        // Counts must not double on a crash: the dead letters, the enriched article and its counts
        // are all written in one transaction.
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Runtime.getRuntime().availableProcessors());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class.getName());
        props.put(PipelineSettings.TIMEZONE, PipelineSettings.DEFAULT_TIMEZONE);
        props.put(PipelineSettings.MAX_BODY_CHARS, String.valueOf(PipelineSettings.DEFAULT_MAX_BODY_CHARS));
        if (overrides != null) {
            overrides.forEach((k, v) -> {
                if (v != null) {
                    props.put(k, v);
                }
            });
        }
        return props;
    }
}
