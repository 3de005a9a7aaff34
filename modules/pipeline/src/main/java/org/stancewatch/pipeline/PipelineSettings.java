package org.stancewatch.pipeline;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.stancewatch.events.Topics;

/**
 * The {@code stancewatch.*} settings the topologies read, parsed once with clear errors.
 *
 * @param zone           zone in which an article's publication instant is turned into its day
 * @param maxBodyChars   longer bodies are rejected as BODY_TOO_LARGE
 * @param dedupRetention how long an article's SimHash stays available for near-duplicate matching
 * @param topics         topic names (overridable with {@code topic.*})
 * @param serdeConfig    everything passed to the Avro serdes (registry URL, auth, ...)
 */
public record PipelineSettings(ZoneId zone, int maxBodyChars, Duration dedupRetention, Topics topics,
                               Map<String, Object> serdeConfig) {

    public static final String TIMEZONE = "stancewatch.timezone";
    public static final String DEFAULT_TIMEZONE = "UTC";
    public static final String MAX_BODY_CHARS = "stancewatch.max.body.chars";
    public static final int DEFAULT_MAX_BODY_CHARS = 1_000_000;
    public static final String DEDUP_RETENTION_DAYS = "stancewatch.dedup.retention.days";
    public static final int DEFAULT_DEDUP_RETENTION_DAYS = 30;

    /**
     * Partitions of {@code articles.enriched}: the daily counts close a day for the alerts only when every one of
     * them has passed it. {@code StancewatchPipeline} looks it up on the cluster when not set; 1 otherwise (as in a
     * TopologyTestDriver).
     */
    public static final String INPUT_PARTITIONS = "stancewatch.alerts.input.partitions";

    /** {@link #INPUT_PARTITIONS}, 1 when not set. */
    public int inputPartitions() {
        Object raw = serdeConfig.get(INPUT_PARTITIONS);
        if (raw == null) {
            return 1;
        }
        try {
            int n = Integer.parseInt(raw.toString().trim());
            if (n < 1) {
                throw new NumberFormatException("below 1");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(INPUT_PARTITIONS, raw, "must be a positive integer");
        }
    }

    public static PipelineSettings from(Properties props) {
        Map<String, Object> map = new HashMap<>();
        props.forEach((k, v) -> map.put(String.valueOf(k), v));
        return from(map);
    }

    public static PipelineSettings from(Map<String, ?> config) {
        String zoneName = string(config, TIMEZONE, DEFAULT_TIMEZONE);
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneName);
        } catch (DateTimeException e) {
            throw new ConfigException(TIMEZONE, zoneName, "not a time zone id (e.g. UTC, Europe/Paris): " + e.getMessage());
        }
        int maxBody = positiveInt(config, MAX_BODY_CHARS, DEFAULT_MAX_BODY_CHARS);
        int retentionDays = positiveInt(config, DEDUP_RETENTION_DAYS, DEFAULT_DEDUP_RETENTION_DAYS);
        return new PipelineSettings(zone, maxBody, Duration.ofDays(retentionDays), Topics.fromConfig(config),
                Map.copyOf(nonNull(config)));
    }

    private static Map<String, Object> nonNull(Map<String, ?> config) {
        Map<String, Object> out = new HashMap<>();
        config.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static String string(Map<String, ?> config, String key, String fallback) {
        Object v = config.get(key);
        return v == null || v.toString().isBlank() ? fallback : v.toString().trim();
    }

    private static int positiveInt(Map<String, ?> config, String key, int fallback) {
        String raw = string(config, key, String.valueOf(fallback));
        try {
            int value = Integer.parseInt(raw);
            if (value <= 0) {
                throw new ConfigException(key, raw, "must be a positive integer");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, raw, "must be a positive integer");
        }
    }
}
