package org.stancewatch.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The registry's state: kept in memory, and every change first written to the compacted
 * {@code _schemas} topic, which is replayed on start. Record layout follows Confluent's
 * (JSON keys with a {@code keytype} of SCHEMA or CONFIG), keyed so that compaction keeps the
 * latest state of each subject version and each config.
 *
 * <p>This registry is the topic's only writer, so no leader election or tailing is needed.
 * All methods are synchronized: registry traffic is small and this keeps ids and versions simple.
 */
final class SchemaStore implements AutoCloseable {
    static final String TOPIC = "_schemas";
    static final CompatibilityLevel DEFAULT_COMPATIBILITY = CompatibilityLevel.BACKWARD;
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REPLAY_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One registered version of a subject. */
    record SchemaVersion(String subject, int version, int id, String schema, boolean deleted) {
    }

    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<Integer, String> schemaById = new HashMap<>();
    private final Map<String, Integer> idBySchema = new HashMap<>();
    private final Map<String, TreeMap<Integer, SchemaVersion>> subjects = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectCompatibility = new HashMap<>();
    private CompatibilityLevel globalCompatibility = DEFAULT_COMPATIBILITY;
    private int maxId;

    private SchemaStore(KafkaProducer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    /** Rebuilds the state from the {@code _schemas} topic (which must exist), then accepts writes. */
    static SchemaStore open(String bootstrapServers) {
        SchemaStore store = new SchemaStore(new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis()),
                new ByteArraySerializer(), new ByteArraySerializer()));
        try {
            store.replay(bootstrapServers);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    private void replay(String bootstrapServers) {
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), REPLAY_TIMEOUT).get(partition);
            long deadline = System.nanoTime() + REPLAY_TIMEOUT.toNanos();
            while (consumer.position(partition, REPLAY_TIMEOUT) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + TOPIC + " to offset " + end
                            + " within " + REPLAY_TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record.key(), record.value());
                }
            }
        }
    }

    // ---- reads ----

    synchronized Optional<String> schemaById(int id) {
        return Optional.ofNullable(schemaById.get(id));
    }

    synchronized List<String> subjects(boolean includeDeleted) {
        return subjects.entrySet().stream()
                .filter(e -> includeDeleted || e.getValue().values().stream().anyMatch(v -> !v.deleted()))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The subject's versions, oldest first; throws 40401 when it has none visible. */
    synchronized List<SchemaVersion> versions(String subject, boolean includeDeleted) {
        TreeMap<Integer, SchemaVersion> versions = subjects.get(subject);
        List<SchemaVersion> visible = versions == null ? List.of() : versions.values().stream()
                .filter(v -> includeDeleted || !v.deleted())
                .toList();
        if (visible.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return visible;
    }

    /** A version of the subject, {@code -1} meaning the latest. */
    synchronized SchemaVersion version(String subject, int version, boolean includeDeleted) {
        List<SchemaVersion> versions = versions(subject, includeDeleted);
        if (version == -1) {
            return versions.get(versions.size() - 1);
        }
        return versions.stream().filter(v -> v.version() == version).findFirst()
                .orElseThrow(() -> RegistryException.versionNotFound(subject, version));
    }

    /** The subject's version holding this schema; 40401 / 40403 when there is none. */
    synchronized SchemaVersion lookup(String subject, Schema schema, boolean includeDeleted) {
        String canonical = schema.toString();
        return versions(subject, includeDeleted).stream()
                .filter(v -> v.schema().equals(canonical))
                .reduce((first, second) -> second)
                .orElseThrow(() -> RegistryException.schemaNotFound(
                        "Schema not found under subject '" + subject + "'"));
    }

    synchronized CompatibilityLevel globalCompatibility() {
        return globalCompatibility;
    }

    synchronized Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return Optional.ofNullable(subjectCompatibility.get(subject));
    }

    synchronized CompatibilityLevel effectiveCompatibility(String subject) {
        return subjectCompatibility.getOrDefault(subject, globalCompatibility);
    }

    /** Checks a schema against versions given oldest first, as {@code level} asks. */
    static List<String> incompatibilities(Schema schema, List<SchemaVersion> against, CompatibilityLevel level) {
        List<CompatibilityLevel.VersionedSchema> earlier = new ArrayList<>();
        for (int i = against.size() - 1; i >= 0; i--) {
            SchemaVersion v = against.get(i);
            earlier.add(new CompatibilityLevel.VersionedSchema(v.version(), new Schema.Parser().parse(v.schema())));
        }
        return level.incompatibilities(schema, earlier);
    }

    // ---- writes ----

    /**
     * Registers a schema under a subject and returns its global id; an already-live schema
     * returns its existing id without a write.
     */
    synchronized int register(String subject, Schema schema) {
        String canonical = schema.toString();
        TreeMap<Integer, SchemaVersion> versions = subjects.getOrDefault(subject, new TreeMap<>());
        List<SchemaVersion> live = versions.values().stream().filter(v -> !v.deleted()).toList();
        for (SchemaVersion v : live) {
            if (v.schema().equals(canonical)) {
                return v.id();
            }
        }
        CompatibilityLevel level = effectiveCompatibility(subject);
        List<String> problems = incompatibilities(schema, live, level);
        if (!problems.isEmpty()) {
            throw RegistryException.incompatible("Schema being registered is incompatible with an earlier schema for"
                    + " subject \"" + subject + "\" (compatibility " + level + "), details: " + problems);
        }
        int id = idBySchema.getOrDefault(canonical, maxId + 1);
        int version = versions.isEmpty() ? 1 : versions.lastKey() + 1;
        writeSchema(new SchemaVersion(subject, version, id, canonical, false));
        return id;
    }

    /** Soft-deletes every live version of a subject and returns their numbers. */
    synchronized List<Integer> deleteSubject(String subject) {
        List<SchemaVersion> live = versions(subject, false);
        for (SchemaVersion v : live) {
            writeSchema(new SchemaVersion(v.subject(), v.version(), v.id(), v.schema(), true));
        }
        return live.stream().map(SchemaVersion::version).toList();
    }

    /** Soft-deletes one version ({@code -1}: the latest) and returns its number. */
    synchronized int deleteVersion(String subject, int version) {
        SchemaVersion v = version(subject, version, false);
        writeSchema(new SchemaVersion(v.subject(), v.version(), v.id(), v.schema(), true));
        return v.version();
    }

    /** Sets the global level ({@code subject == null}) or a subject's level. */
    synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        ObjectNode value = JSON.createObjectNode().put("compatibilityLevel", level.name());
        write(configKey(subject), value);
    }

    /** Removes a subject's own level so that it follows the global one again; returns the removed level. */
    synchronized CompatibilityLevel deleteSubjectCompatibility(String subject) {
        CompatibilityLevel previous = subjectCompatibility.get(subject);
        if (previous == null) {
            throw RegistryException.subjectConfigNotFound(subject);
        }
        write(configKey(subject), null);
        return previous;
    }

    private void writeSchema(SchemaVersion v) {
        ObjectNode key = JSON.createObjectNode().put("keytype", "SCHEMA").put("subject", v.subject())
                .put("version", v.version()).put("magic", 1);
        ObjectNode value = JSON.createObjectNode().put("subject", v.subject()).put("version", v.version())
                .put("id", v.id()).put("schema", v.schema()).put("deleted", v.deleted());
        write(key, value);
    }

    private static ObjectNode configKey(String subject) {
        ObjectNode key = JSON.createObjectNode().put("keytype", "CONFIG");
        if (subject == null) {
            key.putNull("subject");
        } else {
            key.put("subject", subject);
        }
        return key.put("magic", 0);
    }

    /** Writes to the topic first and applies only what Kafka acknowledged, so memory never runs ahead of it. */
    private void write(ObjectNode key, ObjectNode value) {
        byte[] keyBytes = bytes(key);
        byte[] valueBytes = value == null ? null : bytes(value);
        try {
            producer.send(new ProducerRecord<>(TOPIC, 0, keyBytes, valueBytes))
                    .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw RegistryException.storeError("Error while writing to the schema store topic " + TOPIC + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw RegistryException.storeError("Timed out writing to the schema store topic " + TOPIC, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.storeError("Interrupted while writing to " + TOPIC, e);
        }
        apply(keyBytes, valueBytes);
    }

    private void apply(byte[] keyBytes, byte[] valueBytes) {
        JsonNode key = tree(keyBytes);
        switch (key.path("keytype").asText()) {
            case "SCHEMA" -> {
                if (valueBytes == null) {
                    return; // never written by this registry (no hard delete); tolerate foreign tombstones
                }
                JsonNode value = tree(valueBytes);
                SchemaVersion v = new SchemaVersion(value.get("subject").asText(), value.get("version").asInt(),
                        value.get("id").asInt(), value.get("schema").asText(), value.path("deleted").asBoolean());
                subjects.computeIfAbsent(v.subject(), s -> new TreeMap<>()).put(v.version(), v);
                schemaById.putIfAbsent(v.id(), v.schema());
                idBySchema.putIfAbsent(v.schema(), v.id());
                maxId = Math.max(maxId, v.id());
            }
            case "CONFIG" -> {
                String subject = key.path("subject").isTextual() ? key.get("subject").asText() : null;
                CompatibilityLevel level = valueBytes == null ? null
                        : CompatibilityLevel.parse(tree(valueBytes).get("compatibilityLevel").asText());
                if (subject == null) {
                    globalCompatibility = level == null ? DEFAULT_COMPATIBILITY : level;
                } else if (level == null) {
                    subjectCompatibility.remove(subject);
                } else {
                    subjectCompatibility.put(subject, level);
                }
            }
            default -> {
                // Other key types (e.g. Confluent's NOOP, MODE) carry no state this registry keeps.
            }
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode tree(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable record in " + TOPIC, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
