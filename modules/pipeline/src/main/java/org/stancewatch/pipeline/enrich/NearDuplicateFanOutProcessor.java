package org.stancewatch.pipeline.enrich;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.ZoneId;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.pipeline.EventTime;
import org.stancewatch.pipeline.StoreNames;
import org.stancewatch.pipeline.internal.DedupProbe;

/**
 * First step of near-duplicate linking, on the article's own partition: numbers each version of an article,
 * remembers when its id was first seen (the rank's tie-break, kept across re-sends), and fans it out to one probe
 * per SimHash band, keyed {@code b<band>|<value>}, so copies meet on the partition of a band they share. A re-send
 * whose band value changed, and a deletion, also retract the article from its old band keys, so it cannot be
 * matched on text it no longer has. The article itself goes on (with its version in a header) to the join-back.
 *
 * <p>State ({@link StoreNames#DEDUP_ARTICLES}): article id -> its last probe (band -1).
 */
final class NearDuplicateFanOutProcessor implements Processor<String, EnrichedArticle, String, NearDuplicateFanOutProcessor.Out> {

    /** Header carrying the article version (8-byte big-endian long) from here to the join-back. */
    static final String VERSION_HEADER = "stancewatch.dedup.version";
    private static final Duration PURGE_INTERVAL = Duration.ofHours(1);

    /** Either the article (to the join-back, keyed by id) or a probe (to a band, keyed by band key). */
    record Out(EnrichedArticle article, DedupProbe probe) {
        boolean isProbe() {
            return probe != null;
        }
    }

    private final ZoneId zone;
    private final Duration retention;
    private ProcessorContext<String, Out> context;
    private KeyValueStore<String, DedupProbe> store;
    private long lastStamp = Long.MIN_VALUE;

    NearDuplicateFanOutProcessor(ZoneId zone, Duration retention) {
        this.zone = zone;
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<String, Out> context) {
        this.context = context;
        this.store = context.getStateStore(StoreNames.DEDUP_ARTICLES);
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::purgeOlderThanRetention);
    }

    @Override
    public void process(Record<String, EnrichedArticle> record) {
        String id = record.key();
        EnrichedArticle article = record.value();
        DedupProbe previous = store.get(id);
        long now = stamp();
        long version = previous == null ? 1 : previous.getVersion() + 1;
        if (article == null) {
            store.delete(id);
            if (previous != null) {
                retract(record, previous, version, null);
            }
            forwardArticle(record, version);
            return;
        }
        long firstSeen = previous == null ? now : previous.getFirstSeen();
        DedupProbe current = new DedupProbe(id, version, -1, article.getSimhash(),
                EventTime.instant(article, zone).toEpochMilli(), firstSeen, now, false);
        store.put(id, current);
        if (previous != null) {
            retract(record, previous, version, current);
        }
        // The article first: its band verdicts can only follow it (same task, same transaction either way).
        forwardArticle(record, version);
        for (int band = 0; band < SimHash.BANDS; band++) {
            DedupProbe probe = DedupProbe.newBuilder(current).setBand(band).build();
            context.forward(record.withKey(NearDuplicateRule.bandKey(band, current.getSimhash()))
                    .withValue(new Out(null, probe)));
        }
    }

    /** Removes the old version from each band key the new one does not reuse. */
    private void retract(Record<String, EnrichedArticle> record, DedupProbe previous, long version, DedupProbe current) {
        for (int band = 0; band < SimHash.BANDS; band++) {
            String oldKey = NearDuplicateRule.bandKey(band, previous.getSimhash());
            if (current == null || !oldKey.equals(NearDuplicateRule.bandKey(band, current.getSimhash()))) {
                DedupProbe retraction = DedupProbe.newBuilder(previous).setVersion(version).setBand(band)
                        .setRetraction(true).build();
                context.forward(record.withKey(oldKey).withValue(new Out(null, retraction)));
            }
        }
    }

    private void forwardArticle(Record<String, EnrichedArticle> record, long version) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.remove(VERSION_HEADER);
        headers.add(VERSION_HEADER, ByteBuffer.allocate(Long.BYTES).putLong(version).array());
        context.forward(record.withValue(new Out(record.value(), null)).withHeaders(headers));
    }

    static long version(Headers headers) {
        var header = headers.lastHeader(VERSION_HEADER);
        if (header == null || header.value() == null || header.value().length != Long.BYTES) {
            throw new IllegalStateException("record has no " + VERSION_HEADER + " header");
        }
        return ByteBuffer.wrap(header.value()).getLong();
    }

    /** Wall clock, strictly increasing within this task, so first-seen ties only happen across tasks. */
    private long stamp() {
        lastStamp = Math.max(context.currentSystemTimeMs(), lastStamp + 1);
        return lastStamp;
    }

    private void purgeOlderThanRetention(long now) {
        DedupRetention.purgeSeenBefore(store, now - retention.toMillis());
    }
}
