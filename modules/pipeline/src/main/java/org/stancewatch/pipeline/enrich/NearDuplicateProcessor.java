package org.stancewatch.pipeline.enrich;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.pipeline.EventTime;
import org.stancewatch.pipeline.StoreNames;
import org.stancewatch.pipeline.internal.SimhashEntry;

/**
 * Links syndicated copies: an article whose SimHash is within {@value SimHash#MAX_DUPLICATE_DISTANCE}
 * bits of a recently seen one published no later gets {@code duplicateOf} = the earliest such article (by
 * event time, then arrival; following that article's own link, so chains point at the original).
 *
 * <p>Store layout ({@link StoreNames#SIMHASHES}): {@code id|<articleId>} -> entry, plus one index key
 * {@code b<band>|<16-bit band hex>|<articleId>} per band, so candidates come from four prefix scans
 * instead of a scan of every stored hash. Runs on a single partition (see EnrichTopology) so copies
 * published under different ids, hence on different partitions, still meet.
 */
final class NearDuplicateProcessor implements Processor<String, EnrichedArticle, String, EnrichedArticle> {

    private static final Duration PURGE_INTERVAL = Duration.ofHours(1);
    private static final StringSerializer KEYS = new StringSerializer();

    private final ZoneId zone;
    private final Duration retention;
    private ProcessorContext<String, EnrichedArticle> context;
    private KeyValueStore<String, SimhashEntry> store;

    NearDuplicateProcessor(ZoneId zone, Duration retention) {
        this.zone = zone;
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<String, EnrichedArticle> context) {
        this.context = context;
        this.store = context.getStateStore(StoreNames.SIMHASHES);
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::purgeOlderThanRetention);
    }

    @Override
    public void process(Record<String, EnrichedArticle> record) {
        String id = record.key();
        forget(id);
        EnrichedArticle article = record.value();
        if (article == null) {
            context.forward(record);
            return;
        }
        long simhash = article.getSimhash();
        long eventTime = EventTime.instant(article, zone).toEpochMilli();
        SimhashEntry original = earliestNearDuplicate(id, simhash, eventTime);
        String duplicateOf = original == null ? null
                : original.getDuplicateOf() != null ? original.getDuplicateOf() : original.getArticleId();
        article.setDuplicateOf(duplicateOf);
        SimhashEntry entry = new SimhashEntry(id, simhash, eventTime, duplicateOf, context.currentSystemTimeMs());
        store.put(idKey(id), entry);
        for (int band = 0; band < SimHash.BANDS; band++) {
            store.put(bandKey(band, simhash, id), entry);
        }
        context.forward(record);
    }

    /**
     * The earliest stored near-duplicate published no later than this article (an older copy arriving
     * late is the original, not a copy), ignoring entries that are this article or copies of it.
     */
    private SimhashEntry earliestNearDuplicate(String id, long simhash, long eventTime) {
        List<SimhashEntry> matches = new ArrayList<>();
        for (int band = 0; band < SimHash.BANDS; band++) {
            try (KeyValueIterator<String, SimhashEntry> it = store.prefixScan(bandPrefix(band, simhash), KEYS)) {
                while (it.hasNext()) {
                    SimhashEntry candidate = it.next().value;
                    if (!candidate.getArticleId().equals(id) && !id.equals(candidate.getDuplicateOf())
                            && candidate.getEventTime() <= eventTime
                            && SimHash.distance(candidate.getSimhash(), simhash) <= SimHash.MAX_DUPLICATE_DISTANCE) {
                        matches.add(candidate);
                    }
                }
            }
        }
        return matches.stream()
                .min(Comparator.comparingLong(SimhashEntry::getEventTime)
                        .thenComparingLong(SimhashEntry::getSeenAt)
                        .thenComparing(SimhashEntry::getArticleId))
                .orElse(null);
    }

    /** A re-sent or deleted article must not match its own earlier version. */
    private void forget(String id) {
        SimhashEntry previous = store.delete(idKey(id));
        if (previous != null) {
            for (int band = 0; band < SimHash.BANDS; band++) {
                store.delete(bandKey(band, previous.getSimhash(), id));
            }
        }
    }

    private void purgeOlderThanRetention(long now) {
        long cutoff = now - retention.toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, SimhashEntry> it = store.prefixScan("id|", KEYS)) {
            while (it.hasNext()) {
                KeyValue<String, SimhashEntry> kv = it.next();
                if (kv.value.getSeenAt() < cutoff) {
                    expired.add(kv.value.getArticleId());
                }
            }
        }
        expired.forEach(this::forget);
    }

    static String idKey(String id) {
        return "id|" + id;
    }

    static String bandPrefix(int band, long simhash) {
        return "b" + band + "|" + String.format("%04x", SimHash.band(simhash, band)) + "|";
    }

    static String bandKey(int band, long simhash, String id) {
        return bandPrefix(band, simhash) + id;
    }

}
