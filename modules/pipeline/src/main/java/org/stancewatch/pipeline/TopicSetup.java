package org.stancewatch.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stancewatch.events.Topics;

/**
 * Creates stancewatch's topics if they are missing (idempotent; existing topics are left as they are).
 * Tables (actors, enriched articles, daily counts) are compacted so the latest value per key is kept forever;
 * event streams (articles, alerts, dead letters) are deleted by time.
 */
public final class TopicSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

    /** Article-carrying topics accept records up to the pipeline's largest (see StancewatchStreamsConfig). */
    private static final String LARGE = String.valueOf(StancewatchStreamsConfig.MAX_RECORD_BYTES);

    private final Topics topics;
    private final int partitions;
    private final short replicationFactor;

    /**
     * @param partitions        partitions of each topic (parallelism of the pipeline)
     * @param replicationFactor replicas of each topic; -1 takes the broker's default
     */
    public TopicSetup(Topics topics, int partitions, short replicationFactor) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        this.topics = topics;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    /** The topics, each with its configs. */
    public List<NewTopic> newTopics() {
        Map<String, Map<String, String>> wanted = new LinkedHashMap<>();
        // Articles are kept forever so everything can be re-enriched (new model, new catalogue).
        wanted.put(topics.articles(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.MAX_MESSAGE_BYTES_CONFIG, LARGE));
        wanted.put(topics.actors(), compacted());
        wanted.put(topics.enriched(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, LARGE));
        wanted.put(topics.mentionsDaily(), compacted());
        wanted.put(topics.alerts(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE));
        wanted.put(topics.rejected(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, LARGE));
        List<NewTopic> result = new ArrayList<>();
        Optional<Integer> p = Optional.of(partitions);
        Optional<Short> rf = replicationFactor < 1 ? Optional.empty() : Optional.of(replicationFactor);
        wanted.forEach((name, configs) -> result.add(new NewTopic(name, p, rf).configs(configs)));
        return result;
    }

    private static Map<String, String> compacted() {
        return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    }

    /** @return the names of the topics it created (empty when all existed) */
    public List<String> createMissing(Admin admin) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = newTopics().stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) {
                return List.of();
            }
            List<String> created = new ArrayList<>();
            admin.createTopics(missing).values().forEach((name, future) -> {
                try {
                    future.get();
                    created.add(name);
                    LOG.info("created topic '{}'", name);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new KafkaException("cannot create topic '" + name + "': " + e.getCause().getMessage(),
                                e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KafkaException("interrupted creating topic '" + name + "'", e);
                }
            });
            return created;
        } catch (ExecutionException e) {
            throw new KafkaException("cannot list topics: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted listing topics", e);
        }
    }
}
