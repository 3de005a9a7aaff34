package org.stancewatch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.stancewatch.events.Topics;

class StancewatchStreamsConfigTest {

    @Test
    void defaultsAreExactlyOnceOneThreadPerCoreAndTheDeadLetterHandlers() {
        Properties p = StancewatchStreamsConfig.build("broker:9092", "http://registry:8081", Map.of());
        assertEquals("stancewatch", p.get(StreamsConfig.APPLICATION_ID_CONFIG));
        assertEquals("broker:9092", p.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        assertEquals("http://registry:8081", p.get("schema.registry.url"));
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals(Runtime.getRuntime().availableProcessors(), p.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG));
        assertTrue(p.get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG).toString().contains("DeadLetter"));
        assertTrue(p.get(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG).toString().contains("DeadLetter"));
        // Windowed changelogs keep records stamped years back (issue #14): no time retention.
        assertEquals(Long.MAX_VALUE, p.get(StreamsConfig.WINDOW_STORE_CHANGE_LOG_ADDITIONAL_RETENTION_MS_CONFIG));
        // Kafka Streams itself accepts the result, and its exactly-once producers keep one request in flight: a second
        // request to a partition the broker has no state for yet is rejected (and logged as an error) under transactions v2.
        Map<String, Object> producer = new StreamsConfig(p).getProducerConfigs("stancewatch-producer");
        assertEquals(1, producer.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION));
        assertEquals(StancewatchStreamsConfig.TRANSACTION_TIMEOUT_MS, producer.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG));

        PipelineSettings settings = PipelineSettings.from(p);
        assertEquals(ZoneId.of("UTC"), settings.zone());
        assertEquals(1_000_000, settings.maxBodyChars());
        assertEquals(Duration.ofDays(30), settings.dedupRetention());
        assertEquals(Topics.defaults(), settings.topics());
    }

    @Test
    void overridesWin() {
        Properties p = StancewatchStreamsConfig.build("b:1", "mock://x", Map.of(
                "application.id", "sw2", "num.stream.threads", 3, "stancewatch.timezone", "Asia/Baghdad",
                "stancewatch.max.body.chars", "500", "topic.articles", "news"));
        assertEquals("sw2", p.get("application.id"));
        assertEquals(3, p.get("num.stream.threads"));
        PipelineSettings settings = PipelineSettings.from(p);
        assertEquals(ZoneId.of("Asia/Baghdad"), settings.zone());
        assertEquals(500, settings.maxBodyChars());
        assertEquals("news", settings.topics().articles());
    }

    @Test
    void topicNameKeysAreNotPassedToKafkaStreamsAsInternalTopicConfigs() {
        Properties p = StancewatchStreamsConfig.build("b:1", "mock://x", Map.of("topic.rejected", "dead", "topic.articles", "news"));
        Properties streams = StancewatchStreamsConfig.forKafkaStreams(p);
        assertTrue(new StreamsConfig(streams).originalsWithPrefix(StreamsConfig.TOPIC_PREFIX).keySet().stream()
                .noneMatch(k -> k.equals("rejected") || k.equals("articles")));
        assertEquals("dead", streams.get(StancewatchStreamsConfig.DEAD_LETTER_TOPIC));
        assertEquals(String.valueOf(StancewatchStreamsConfig.MAX_RECORD_BYTES),
                new StreamsConfig(streams).originalsWithPrefix(StreamsConfig.TOPIC_PREFIX).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG));
    }

    @Test
    void badSettingsNameTheKey() {
        ConfigException zone = assertThrows(ConfigException.class,
                () -> PipelineSettings.from(Map.of("stancewatch.timezone", "Mars/Olympus")));
        assertTrue(zone.getMessage().contains("stancewatch.timezone"), zone.getMessage());
        ConfigException size = assertThrows(ConfigException.class,
                () -> PipelineSettings.from(Map.of("stancewatch.max.body.chars", "-3")));
        assertTrue(size.getMessage().contains("stancewatch.max.body.chars"), size.getMessage());
    }

    @Test
    void tablesAreCompactedAndStreamsAreNot() {
        Map<String, NewTopic> topics = new java.util.HashMap<>();
        new TopicSetup(Topics.defaults(), 3, (short) 1).newTopics().forEach(t -> topics.put(t.name(), t));
        assertEquals(7, topics.size());
        for (String compacted : new String[] {Topics.ACTORS, Topics.ENRICHED, Topics.MENTIONS_DAILY, Topics.HOLDER_STANCES}) {
            assertEquals(TopicConfig.CLEANUP_POLICY_COMPACT, topics.get(compacted).configs().get(TopicConfig.CLEANUP_POLICY_CONFIG));
        }
        for (String deleted : new String[] {Topics.ARTICLES, Topics.ALERTS, Topics.REJECTED}) {
            assertEquals(TopicConfig.CLEANUP_POLICY_DELETE, topics.get(deleted).configs().get(TopicConfig.CLEANUP_POLICY_CONFIG));
        }
        assertEquals(3, topics.get(Topics.ARTICLES).numPartitions());
        assertEquals(1, topics.get(Topics.ARTICLES).replicationFactor());
    }
}
