package org.stancewatch.pipeline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.stancewatch.events.Topics;
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
    /**
     * Largest record the pipeline writes: a body of {@code stancewatch.max.body.chars} (1M chars, up to
     * 3 MB in UTF-8) plus its analysis must not fail the producer (which would stop the application).
     */
    public static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;
    /** Longest a stream thread's transaction may stay open; see {@link #build}. */
    public static final int TRANSACTION_TIMEOUT_MS = 60_000;
    /** Where the exception handlers write dead letters (set by {@link #forKafkaStreams}). */
    public static final String DEAD_LETTER_TOPIC = "stancewatch.dead.letter.topic";

    private static final List<String> TOPIC_NAME_KEYS = List.of("topic.articles", "topic.actors",
            "topic.enriched", "topic.mentions.daily", "topic.alerts", "topic.rejected", "topic.holder.stances");

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
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), MAX_RECORD_BYTES);
        // Exactly-once keeps a stream thread's transaction open from the first record it writes after a commit
        // to the next commit, and Kafka Streams commits only between records. One article can keep it open for
        // seconds: ClearNLP takes ~3.9 s for a 1 MB body on an idle machine and several times that on a busy
        // one, on top of what the thread's other tasks wrote earlier in the transaction. Past
        // transaction.timeout.ms (Kafka Streams' exactly-once default: 10 s) the coordinator aborts the
        // transaction and bumps the producer epoch, the thread is fenced (InvalidProducerEpochException), and its
        // tasks re-process - and re-analyse - everything since their last commit: #17 saw 50,009 analyses for
        // 48,013 articles. max.poll.records and max.poll.interval.ms do not bound this (commits happen between
        // records, not per poll). Cost: if an instance dies and never comes back, read_committed readers of the
        // partitions it wrote wait up to this long (instead of 10 s) for the abort; a restart with the same
        // transactional ids aborts at once. SlowAnalyserExactlyOnceTest reproduces the fencing.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), TRANSACTION_TIMEOUT_MS);
        // One produce request in flight per broker. With five (the default) a stream thread's first requests to a
        // partition it has not written before (every changelog, repartition and output partition of a fresh
        // application) can reach the broker out of order, e.g. when the first is held for verification or is
        // refused as not-leader on a topic created a moment earlier. Under transactions v2 the broker then rejects
        // the later one (KAFKA-18202: only sequence 0 may start a producer's state) and logs
        // OutOfOrderSequenceException at ERROR, which `demo --once` printed in 2 of 12 runs (the producer retries;
        // nothing was lost). One in flight means a later request cannot overtake: 0 of 13 runs after. Cost: none
        // measurable here (BENCHMARKS.md, "Pipeline"); the pipeline waits on the analyser, not on produce round trips.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), 1);
        props.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), String.valueOf(MAX_RECORD_BYTES));
        // Internal topics and event time (see TopicSetup for ours). Streams creates key-value store changelogs
        // compacted (no time retention) and repartition topics with retention.ms=-1 (it purges them itself after
        // each commit), both safe for records stamped in 2017. Windowed and session store changelogs are
        // compact,delete with retention.ms = the store's retention + this setting, and that computed value wins
        // over a global topic.retention.ms; their records carry the window's event time, so a backfill's windows
        // would be deleted at once and missing after a restore. Long.MAX_VALUE makes that retention infinite
        // (compaction still keeps one record per window). Versioned stores would need their own
        // min.compaction.lag.ms (per store, withLoggingEnabled); stancewatch has none.
        props.put(StreamsConfig.WINDOW_STORE_CHANGE_LOG_ADDITIONAL_RETENTION_MS_CONFIG, Long.MAX_VALUE);
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

    /**
     * The properties to hand to {@code KafkaStreams}: our topic-name keys ({@code topic.articles}, ...)
     * share Kafka Streams' {@code topic.} prefix for internal-topic configs, and would be sent to the
     * broker as bogus topic configs; they are dropped, and the dead-letter topic name is passed on under
     * {@link #DEAD_LETTER_TOPIC} for the exception handlers.
     */
    public static Properties forKafkaStreams(Properties props) {
        Properties out = new Properties();
        out.putAll(props);
        Map<String, Object> asMap = new HashMap<>();
        props.forEach((k, v) -> asMap.put(String.valueOf(k), v));
        out.put(DEAD_LETTER_TOPIC, Topics.fromConfig(asMap).rejected());
        for (String key : TOPIC_NAME_KEYS) {
            out.remove(key);
        }
        return out;
    }
}
