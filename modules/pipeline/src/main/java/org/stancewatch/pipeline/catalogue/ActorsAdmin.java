package org.stancewatch.pipeline.catalogue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.stancewatch.events.Actor;
import org.stancewatch.events.ProducerSettings;
import org.stancewatch.events.Topics;
import org.stancewatch.events.serde.AvroSerde;

/**
 * Reads and changes the live actor catalogue on the compacted `actors` topic: what
 * {@code stancewatch actors add|remove|list} calls. A running pipeline picks changes up for its next article.
 *
 * <p>{@code clientConfig} needs {@code bootstrap.servers} and {@code schema.registry.url}; any other
 * client or serde key (security, {@code topic.actors}) passes through.
 */
public final class ActorsAdmin implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final AvroSerde<Actor> serde;
    private final Supplier<Producer<String, byte[]>> producers;
    private final Supplier<Consumer<String, byte[]>> consumers;

    public ActorsAdmin(Map<String, ?> clientConfig) {
        this(clientConfig, () -> new KafkaProducer<>(producerConfig(clientConfig), new StringSerializer(),
                        new ByteArraySerializer()),
                () -> new KafkaConsumer<>(consumerConfig(clientConfig), new StringDeserializer(),
                        new ByteArrayDeserializer()));
    }

    /** With given clients (tests use Kafka's MockProducer / MockConsumer). */
    ActorsAdmin(Map<String, ?> clientConfig, Supplier<Producer<String, byte[]>> producers,
                Supplier<Consumer<String, byte[]>> consumers) {
        this.topic = Topics.fromConfig(clientConfig).actors();
        this.serde = new AvroSerde<>(Actor.class);
        this.serde.configure(clientConfig, false);
        this.producers = producers;
        this.consumers = consumers;
    }

    static Map<String, Object> producerConfig(Map<String, ?> clientConfig) {
        return ProducerSettings.reliable(clientConfig);
    }

    static Map<String, Object> consumerConfig(Map<String, ?> clientConfig) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return config;
    }

    /**
     * Adds a new actor. An actor with the same id is replaced only when {@code replace} is set: otherwise
     * {@link ActorExistsException} says what the catalogue has and which aliases a replacement would drop
     * (`actors add` on a starter id silently threw aliases away before).
     *
     * @return the actor that was replaced, if any
     */
    public Optional<Actor> add(Actor actor, boolean replace) {
        Optional<Actor> existing = get(actor.getId());
        if (existing.isPresent() && !replace) {
            throw new ActorExistsException(existing.get(), droppedAliases(existing.get(), actor));
        }
        put(actor);
        return existing;
    }

    /** The actor with this id in the live catalogue. */
    public Optional<Actor> get(String actorId) {
        return list().stream().filter(a -> a.getId().equals(actorId)).findFirst();
    }

    /**
     * Adds aliases to an existing actor, keeping everything else (demonyms, capitals, rules, role aliases).
     *
     * @param caseSensitive add them as exact-case aliases ("US") rather than case-insensitive ones
     * @return the aliases that were new (already known ones, in any case, are skipped)
     * @throws IllegalArgumentException for an unknown actor or an invalid alias, naming it
     */
    public List<String> addAliases(String actorId, List<String> aliases, boolean caseSensitive) {
        Actor actor = get(actorId).orElseThrow(() -> unknown(actorId));
        Set<String> known = new HashSet<>();
        allAliases(actor).forEach(a -> known.add(a.toLowerCase(Locale.ROOT)));
        List<String> added = new ArrayList<>();
        for (String alias : aliases) {
            if (known.add(alias.toLowerCase(Locale.ROOT))) {
                added.add(alias);
            }
        }
        if (!added.isEmpty()) {
            List<String> target = new ArrayList<>(caseSensitive ? actor.getCaseSensitiveAliases() : actor.getAliases());
            target.addAll(added);
            Actor.Builder b = Actor.newBuilder(actor);
            put((caseSensitive ? b.setCaseSensitiveAliases(target) : b.setAliases(target)).build());
        }
        return added;
    }

    /**
     * Removes aliases (case-insensitive, role aliases included) and their context rules from an existing actor.
     *
     * @throws IllegalArgumentException for an unknown actor, an alias it does not have, or when no alias would be left
     */
    public List<String> removeAliases(String actorId, List<String> aliases) {
        Actor actor = get(actorId).orElseThrow(() -> unknown(actorId));
        Set<String> gone = new HashSet<>();
        aliases.forEach(a -> gone.add(a.toLowerCase(Locale.ROOT)));
        List<String> current = allAliases(actor);
        List<String> missing = aliases.stream().filter(a -> current.stream().noneMatch(c -> c.equalsIgnoreCase(a))).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("actor '" + actorId + "' has no alias " + String.join(", ", quoted(missing))
                    + "; its aliases: " + String.join(", ", quoted(current)));
        }
        if (current.stream().allMatch(c -> gone.contains(c.toLowerCase(Locale.ROOT)))) {
            throw new IllegalArgumentException("removing " + String.join(", ", quoted(aliases)) + " would leave actor '"
                    + actorId + "' with no alias, so it could never be found; use `actors remove " + actorId + "` instead");
        }
        Actor updated = Actor.newBuilder(actor)
                .setAliases(keep(actor.getAliases(), gone))
                .setCaseSensitiveAliases(keep(actor.getCaseSensitiveAliases(), gone))
                .setRoleAliases(actor.getRoleAliases().stream()
                        .filter(r -> !gone.contains(r.getAlias().toLowerCase(Locale.ROOT))).toList())
                .setContextRules(actor.getContextRules().stream()
                        .filter(r -> !gone.contains(r.getAlias().toLowerCase(Locale.ROOT))).toList())
                .build();
        put(updated);
        return current.stream().filter(c -> gone.contains(c.toLowerCase(Locale.ROOT))).toList();
    }

    /** Every form the actor is found by: aliases, exact-case aliases (demonyms and capitals too) and role aliases. */
    public static List<String> allAliases(Actor a) {
        List<String> all = new ArrayList<>(a.getAliases());
        all.addAll(a.getCaseSensitiveAliases());
        a.getRoleAliases().forEach(r -> all.add(r.getAlias()));
        return all;
    }

    /** Aliases of {@code existing} that {@code replacement} lacks (compared case-insensitively). */
    public static List<String> droppedAliases(Actor existing, Actor replacement) {
        Set<String> kept = new HashSet<>();
        allAliases(replacement).forEach(a -> kept.add(a.toLowerCase(Locale.ROOT)));
        return allAliases(existing).stream().filter(a -> !kept.contains(a.toLowerCase(Locale.ROOT))).toList();
    }

    private static List<String> keep(List<String> aliases, Set<String> gone) {
        return aliases.stream().filter(a -> !gone.contains(a.toLowerCase(Locale.ROOT))).toList();
    }

    private static List<String> quoted(List<String> values) {
        return values.stream().map(v -> "'" + v + "'").toList();
    }

    private static IllegalArgumentException unknown(String actorId) {
        return new IllegalArgumentException("no actor with id '" + actorId + "' in the catalogue (see `stancewatch actors list`)");
    }

    /** `add` without replace found the id taken. */
    public static final class ActorExistsException extends IllegalStateException {
        private final transient Actor existing;
        private final List<String> wouldDrop;

        public ActorExistsException(Actor existing, List<String> wouldDrop) {
            super("actor '" + existing.getId() + "' (" + existing.getName() + ") already exists with aliases "
                    + String.join(", ", quoted(allAliases(existing)))
                    + (wouldDrop.isEmpty() ? "" : "; replacing it would drop " + String.join(", ", quoted(wouldDrop))));
            this.existing = existing;
            this.wouldDrop = List.copyOf(wouldDrop);
        }

        public Actor existing() {
            return existing;
        }

        public List<String> wouldDrop() {
            return wouldDrop;
        }
    }

    /** Adds the actor, or replaces the entry with the same id; an invalid actor is refused, naming its problems. */
    public void put(Actor actor) {
        List<String> problems = ActorConversions.problems(actor);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("actor '" + actor.getId() + "' is invalid: " + String.join("; ", problems));
        }
        Actor stamped = Actor.newBuilder(actor).setUpdatedAt(Instant.now()).build();
        send(actor.getId(), serde.serializer().serialize(topic, stamped));
    }

    /** Removes the actor (a tombstone); returns false, writing nothing, if no such actor is in the catalogue. */
    public boolean remove(String actorId) {
        if (list().stream().noneMatch(a -> a.getId().equals(actorId))) {
            return false;
        }
        send(actorId, null);
        return true;
    }

    /** All current actors, sorted by id: the topic read from the beginning to its current end. */
    public List<Actor> list() {
        try (Consumer<String, byte[]> consumer = consumers.get()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new KafkaException("topic '" + topic + "' does not exist; create the topics first (TopicSetup)");
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            Map<String, Actor> latest = new LinkedHashMap<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!reachedEnd(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new KafkaException("timed out reading topic '" + topic + "' to its end");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        latest.remove(r.key());
                    } else {
                        latest.put(r.key(), serde.deserializer().deserialize(topic, r.headers(), r.value()));
                    }
                }
            }
            List<Actor> actors = new ArrayList<>(latest.values());
            actors.sort(Comparator.comparing(Actor::getId));
            return actors;
        }
    }

    private static boolean reachedEnd(Consumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private void send(String id, byte[] value) {
        try (Producer<String, byte[]> producer = producers.get()) {
            producer.send(new ProducerRecord<>(topic, id, value)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted writing actor '" + id + "' to '" + topic + "'", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("cannot write actor '" + id + "' to '" + topic + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        serde.close();
    }
}
