package org.stancewatch.pipeline.catalogue;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stancewatch.events.Actor;
import org.stancewatch.pipeline.StoreNames;

/**
 * Keeps the global actors store and the {@link LiveCatalogue} in step with the `actors` topic.
 * The store holds the topic's raw bytes, so it reads the same whether Kafka Streams restores it
 * by copying the topic or by replaying it through this processor; decoding happens here, and a
 * record that cannot be decoded is logged and skipped (a global processor has no dead-letter sink).
 */
public final class CatalogueUpdateProcessor implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogueUpdateProcessor.class);

    private final LiveCatalogue catalogue;
    private final Deserializer<Actor> deserializer;
    private final String topic;
    private KeyValueStore<String, byte[]> store;

    public CatalogueUpdateProcessor(LiveCatalogue catalogue, Deserializer<Actor> deserializer, String topic) {
        this.catalogue = catalogue;
        this.deserializer = deserializer;
        this.topic = topic;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(StoreNames.ACTORS);
        Map<String, Actor> all = new HashMap<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                Actor actor = decode(kv.key, kv.value);
                if (actor != null) {
                    all.put(actor.getId(), actor);
                }
            }
        }
        catalogue.replaceAll(all);
        LOG.info("actor catalogue loaded from store: {} actors", all.size());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String id = record.key();
        if (id == null) {
            LOG.warn("ignoring a record without key on topic '{}': actor records are keyed by actor id", topic);
            return;
        }
        if (record.value() == null) {
            store.delete(id);
            catalogue.remove(id);
            LOG.debug("actor '{}' removed from the catalogue", id);
            return;
        }
        Actor actor = decode(id, record.value());
        if (actor == null) {
            return;
        }
        store.put(id, record.value());
        catalogue.put(actor);
        LOG.debug("actor '{}' ({}) added or updated in the catalogue", id, actor.getName());
    }

    private Actor decode(String key, byte[] value) {
        try {
            Actor actor = deserializer.deserialize(topic, value);
            if (actor == null || !key.equals(actor.getId())) {
                LOG.warn("ignoring actor record with key '{}' on topic '{}': its id is '{}'; key and id must match",
                        key, topic, actor == null ? null : actor.getId());
                return null;
            }
            return actor;
        } catch (SerializationException e) {
            LOG.warn("ignoring actor record with key '{}' on topic '{}': cannot decode it: {}", key, topic,
                    e.getMessage());
            return null;
        }
    }
}
