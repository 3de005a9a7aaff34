package org.stancewatch.pipeline.catalogue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stancewatch.events.Actor;
import org.stancewatch.events.Topics;
import org.stancewatch.events.serde.AvroSerde;

/**
 * Writes the starter catalogue to `actors` on first start only: when the topic has never held a record
 * (every partition's end offset is 0). Once users have edited the catalogue, even down to nothing,
 * it is never re-seeded.
 */
public final class CatalogueSeeder {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogueSeeder.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, ?> clientConfig;
    private final String topic;
    private final Supplier<Producer<String, byte[]>> producers;
    private final Supplier<Consumer<String, byte[]>> consumers;

    public CatalogueSeeder(Map<String, ?> clientConfig) {
        this(clientConfig, () -> new KafkaProducer<>(ActorsAdmin.producerConfig(clientConfig), new StringSerializer(),
                        new ByteArraySerializer()),
                () -> new KafkaConsumer<>(ActorsAdmin.consumerConfig(clientConfig), new StringDeserializer(),
                        new ByteArrayDeserializer()));
    }

    CatalogueSeeder(Map<String, ?> clientConfig, Supplier<Producer<String, byte[]>> producers,
                    Supplier<Consumer<String, byte[]>> consumers) {
        this.clientConfig = clientConfig;
        this.topic = Topics.fromConfig(clientConfig).actors();
        this.producers = producers;
        this.consumers = consumers;
    }

    /** Seeds the starter catalogue shipped with the nlp module. */
    public int seedStarterIfEmpty() {
        return seedIfEmpty(ActorConversions.starterActors());
    }

    /** @return how many actors were written (0 if the topic already had records) */
    public int seedIfEmpty(Collection<Actor> starter) {
        if (!isEmpty()) {
            LOG.info("topic '{}' already has records; not seeding the starter catalogue", topic);
            return 0;
        }
        try (AvroSerde<Actor> serde = new AvroSerde<>(Actor.class);
             Producer<String, byte[]> producer = producers.get()) {
            serde.configure(clientConfig, false);
            Instant now = Instant.now();
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (Actor actor : starter) {
                Actor stamped = Actor.newBuilder(actor).setUpdatedAt(now).build();
                sends.add(producer.send(new ProducerRecord<>(topic, stamped.getId(),
                        serde.serializer().serialize(topic, stamped))));
            }
            for (Future<RecordMetadata> send : sends) {
                send.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted seeding topic '" + topic + "'", e);
        } catch (ExecutionException e) {
            throw new KafkaException("cannot seed topic '" + topic + "': " + e.getCause().getMessage(), e.getCause());
        }
        LOG.info("seeded topic '{}' with {} starter actors", topic, starter.size());
        return starter.size();
    }

    boolean isEmpty() {
        try (Consumer<String, byte[]> consumer = consumers.get()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new KafkaException("topic '" + topic + "' does not exist; create the topics first (TopicSetup)");
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions, TIMEOUT).values().stream().allMatch(offset -> offset == 0L);
        }
    }
}
