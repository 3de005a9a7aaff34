package org.stancewatch.pipeline.catalogue;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
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

    private final Map<String, Object> clientConfig;
    private final String topic;

    public CatalogueSeeder(Map<String, ?> clientConfig) {
        this.clientConfig = new HashMap<>(clientConfig);
        this.topic = Topics.fromConfig(clientConfig).actors();
    }

    /** @return how many actors were written (0 if the topic already had records) */
    public int seedIfEmpty(Collection<Actor> starter) {
        if (!isEmpty()) {
            LOG.info("topic '{}' already has records; not seeding the starter catalogue", topic);
            return 0;
        }
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (AvroSerde<Actor> serde = new AvroSerde<>(Actor.class);
             KafkaProducer<String, Actor> producer = new KafkaProducer<>(config, new StringSerializer(),
                     serde.serializer())) {
            serde.configure(clientConfig, false);
            Instant now = Instant.now();
            for (Actor actor : starter) {
                Actor copy = Actor.newBuilder(actor).setUpdatedAt(actor.getUpdatedAt() == null ? now : actor.getUpdatedAt())
                        .build();
                producer.send(new ProducerRecord<>(topic, copy.getId(), copy));
            }
            producer.flush();
        }
        LOG.info("seeded topic '{}' with {} starter actors", topic, starter.size());
        return starter.size();
    }

    boolean isEmpty() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(new HashMap<>(clientConfig),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new KafkaException("topic '" + topic + "' does not exist; create the topics first (TopicSetup)");
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions, TIMEOUT).values().stream().allMatch(offset -> offset == 0L);
        }
    }
}
