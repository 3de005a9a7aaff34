package org.stancewatch.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stancewatch.events.Topics;

/**
 * Creates stancewatch's topics if they are missing (idempotent), and repairs the retention of existing ones.
 *
 * <p><b>Retention is decided per topic because records carry event time, not arrival time.</b> Alerts are
 * stamped with the day they are about, and a backfill of 2017 articles carries 2017 timestamps through the
 * pipeline; Kafka's time retention ({@code retention.ms}, 7 days by default) compares the newest timestamp of a
 * closed segment with the wall clock, so it deletes such records at the first retention check. Hence no topic
 * that a replay or a restart needs may be deleted by time:
 * <ul>
 *   <li>{@code articles}: delete policy, {@code retention.ms=-1}: kept forever, so everything can be re-enriched
 *       (new model, new catalogue).</li>
 *   <li>{@code actors}, {@code articles.enriched}, {@code mentions.daily}, {@code stances.by-holder}: compacted (the latest value per key is
 *       a table); compaction never looks at timestamps, except that tombstones go after
 *       {@code delete.retention.ms}.</li>
 *   <li>{@code alerts.stance}: delete policy, {@code retention.ms=-1}. Not compacted: it is keyed by actor id, so
 *       compaction would keep only the newest alert of each actor. Alerts are small (a few KB).</li>
 *   <li>{@code articles.rejected}: delete policy, {@code retention.ms=-1}: dead letters are what is left to
 *       fix and replay; they are a subset of the input, so they grow no faster than {@code articles}.</li>
 * </ul>
 * Size retention ({@code retention.bytes}) is left to the cluster: it is a disk cap an operator sets on purpose,
 * not an accident of event time. Kafka Streams' internal topics are covered in {@link StancewatchStreamsConfig};
 * the embedded registry's {@code _schemas} is compacted.
 *
 * <p>Installations set up before this was decided have {@code alerts.stance} and {@code articles.rejected} with
 * the broker's default time retention; {@link #repairRetention} sets {@code retention.ms} on existing topics
 * whose value comes from the broker's default (logged), and leaves a value set on the topic itself alone,
 * with a warning, as an operator's decision.
 */
public final class TopicSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

    /** Article-carrying topics accept records up to the pipeline's largest (see StancewatchStreamsConfig). */
    private static final String LARGE = String.valueOf(StancewatchStreamsConfig.MAX_RECORD_BYTES);
    private static final String FOREVER = "-1";
    /** The settings {@link #repairRetention} may change on an existing topic; nothing else is touched. */
    static final List<String> RETENTION_KEYS = List.of(TopicConfig.RETENTION_MS_CONFIG);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

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

    /** Each topic's configs (see the class comment for why). */
    public Map<String, Map<String, String>> configs() {
        Map<String, Map<String, String>> wanted = new LinkedHashMap<>();
        wanted.put(topics.articles(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, FOREVER, TopicConfig.MAX_MESSAGE_BYTES_CONFIG, LARGE));
        wanted.put(topics.actors(), compacted());
        wanted.put(topics.enriched(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, LARGE));
        wanted.put(topics.mentionsDaily(), compacted());
        wanted.put(topics.holderStances(), compacted());
        wanted.put(topics.alerts(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, FOREVER));
        wanted.put(topics.rejected(), Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, FOREVER, TopicConfig.MAX_MESSAGE_BYTES_CONFIG, LARGE));
        return wanted;
    }

    /** The topics, each with its configs. */
    public List<NewTopic> newTopics() {
        List<NewTopic> result = new ArrayList<>();
        Optional<Integer> p = Optional.of(partitions);
        Optional<Short> rf = replicationFactor < 1 ? Optional.empty() : Optional.of(replicationFactor);
        configs().forEach((name, configs) -> result.add(new NewTopic(name, p, rf).configs(configs)));
        return result;
    }

    private static Map<String, String> compacted() {
        return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    }

    /**
     * Creates the missing topics, then repairs the retention of the existing ones; what it did is logged. A
     * repair the cluster refuses (no ALTER_CONFIGS permission on a secured cluster) is logged with what to set by
     * hand, and does not stop the start.
     */
    public void ensure(Admin admin) {
        createMissing(admin);
        try {
            partitionMismatches(admin).forEach(LOG::warn);
        } catch (KafkaException e) {
            LOG.warn("cannot compare the topics' partition counts with the {} asked for: {}", partitions, e.getMessage());
        }
        try {
            repairRetention(admin);
        } catch (KafkaException e) {
            LOG.warn("{}; records dated before the topics' retention.ms (a backfill, alerts about past days) may be "
                    + "deleted: set retention.ms=-1 on {}, {} and {} (kafka-configs.sh --alter --entity-type topics "
                    + "--entity-name TOPIC --add-config retention.ms=-1)", e.getMessage(), topics.articles(),
                    topics.alerts(), topics.rejected());
        }
    }

    /**
     * Sets {@link #RETENTION_KEYS} on existing topics whose value differs from {@link #configs()} and comes from
     * the broker's defaults (so an upgrade stops losing event-dated records); a value set on the topic itself
     * is an operator's decision and only warned about. Compacted topics whose policy also deletes are warned
     * about, not changed.
     *
     * @return one line per change, {@code topic: key old -> new}
     */
    public List<String> repairRetention(Admin admin) {
        Map<String, Map<String, String>> wanted = configs();
        try {
            Set<String> existing = admin.listTopics().names().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<ConfigResource> resources = wanted.keySet().stream().filter(existing::contains)
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
            if (resources.isEmpty()) {
                return List.of();
            }
            Map<ConfigResource, Config> current = admin.describeConfigs(resources).all()
                    .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<ConfigResource, Collection<AlterConfigOp>> ops = new LinkedHashMap<>();
            List<String> changes = new ArrayList<>();
            current.forEach((resource, config) -> {
                String topic = resource.name();
                Map<String, String> want = wanted.get(topic);
                ConfigEntry policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
                if (TopicConfig.CLEANUP_POLICY_COMPACT.equals(want.get(TopicConfig.CLEANUP_POLICY_CONFIG))
                        && policy != null && policy.value().contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
                    LOG.warn("topic '{}' has cleanup.policy={}: records stamped with old event times (a backfill) "
                            + "are deleted at the next retention check; stancewatch expects 'compact'", topic, policy.value());
                }
                for (String key : RETENTION_KEYS) {
                    String target = want.get(key);
                    ConfigEntry entry = config.get(key);
                    if (target == null || entry == null || target.equals(entry.value())) {
                        continue;
                    }
                    if (entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                        LOG.warn("topic '{}' sets {}={} itself: left as is, but its records carry event time, so "
                                + "any record dated more than that before now (a backfill) is deleted at the next "
                                + "retention check; stancewatch would set {}", topic, key, entry.value(), target);
                        continue;
                    }
                    ops.computeIfAbsent(resource, r -> new ArrayList<>())
                            .add(new AlterConfigOp(new ConfigEntry(key, target), AlterConfigOp.OpType.SET));
                    changes.add(topic + ": " + key + " " + entry.value() + " -> " + target);
                }
            });
            if (ops.isEmpty()) {
                return List.of();
            }
            admin.incrementalAlterConfigs(ops).all().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            changes.forEach(c -> LOG.warn("repaired topic retention (records carry event time, so time retention "
                    + "deleted backfilled ones): {}", c));
            return changes;
        } catch (ExecutionException e) {
            throw new KafkaException("cannot check or repair the retention of stancewatch's topics: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("cannot check the retention of stancewatch's topics: no answer within "
                    + CALL_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted checking topic retention", e);
        }
    }

    /**
     * Existing topics whose partition count is not the one asked for, each as a warning: a topic cannot shrink, and
     * growing it moves keys to other partitions (so to other tasks, whose state does not hold their counts), hence
     * nothing is changed here.
     */
    public List<String> partitionMismatches(Admin admin) {
        try {
            Set<String> existing = admin.listTopics().names().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<String> names = configs().keySet().stream().filter(existing::contains).toList();
            if (names.isEmpty()) {
                return List.of();
            }
            List<String> warnings = new ArrayList<>();
            admin.describeTopics(names).allTopicNames().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((name, d) -> {
                        int has = d.partitions().size();
                        if (has == partitions) {
                            return;
                        }
                        warnings.add("topic '" + name + "' has " + has + " partitions, " + partitions + " were asked for "
                                + "(--partitions / stancewatch.partitions); left as is: " + (has > partitions
                                ? "Kafka cannot remove partitions, so the topic keeps " + has
                                : "adding partitions re-routes keys to partitions whose state does not hold their "
                                + "counts; to grow, re-process into new topics or a new application.id (see README, "
                                + "\"Running on a cluster\")"));
                    });
            return warnings;
        } catch (ExecutionException e) {
            throw new KafkaException("cannot describe stancewatch's topics: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("cannot describe stancewatch's topics: no answer within " + CALL_TIMEOUT.toSeconds()
                    + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted describing topics", e);
        }
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
