package org.stancewatch.pipeline.catalogue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.stancewatch.events.Actor;
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
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return config;
    }

    static Map<String, Object> consumerConfig(Map<String, ?> clientConfig) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return config;
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
