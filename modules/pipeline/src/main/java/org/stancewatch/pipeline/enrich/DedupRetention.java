package org.stancewatch.pipeline.enrich;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.stancewatch.pipeline.internal.DedupProbe;

/** The retention rule both near-duplicate stores share: a probe first seen before the cutoff is forgotten. */
final class DedupRetention {

    private DedupRetention() {
    }

    static void purgeSeenBefore(KeyValueStore<String, DedupProbe> store, long cutoff) {
        List<String> expired = new ArrayList<>();
        // Collected first: deleting while a RocksDB iterator is open is not safe.
        try (KeyValueIterator<String, DedupProbe> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, DedupProbe> kv = it.next();
                if (kv.value.getSeenAt() < cutoff) {
                    expired.add(kv.key);
                }
            }
        }
        expired.forEach(store::delete);
    }
}
