package org.stancewatch.pipeline.enrich;

import java.time.Duration;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.stancewatch.pipeline.StoreNames;
import org.stancewatch.pipeline.internal.DedupMatch;
import org.stancewatch.pipeline.internal.DedupProbe;
import org.stancewatch.pipeline.internal.DedupVerdict;

/**
 * Second step, on the partition of one band key ({@code b<band>|<value>}): the articles stored under this key are
 * the only ones that can be near-duplicates sharing this band, so the probe is checked against them on the full
 * SimHash ({@link NearDuplicateRule#linksTo}), stored, and a verdict (best earlier match, or none) goes back to the
 * article's partition keyed by its id. Every probe gets a verdict, so the join-back knows when all bands answered.
 *
 * <p>State ({@link StoreNames#DEDUP_BAND_INDEX}): {@code <band key>|<article id>} -> probe; a band key's articles
 * are one prefix scan.
 */
final class NearDuplicateBandProcessor implements Processor<String, DedupProbe, String, DedupVerdict> {

    private static final Duration PURGE_INTERVAL = Duration.ofHours(1);
    private static final StringSerializer KEYS = new StringSerializer();

    private final Duration retention;
    private ProcessorContext<String, DedupVerdict> context;
    private KeyValueStore<String, DedupProbe> store;

    NearDuplicateBandProcessor(Duration retention) {
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<String, DedupVerdict> context) {
        this.context = context;
        this.store = context.getStateStore(StoreNames.DEDUP_BAND_INDEX);
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::purgeOlderThanRetention);
    }

    @Override
    public void process(Record<String, DedupProbe> record) {
        DedupProbe probe = record.value();
        if (probe == null) {
            return;
        }
        String entryKey = record.key() + "|" + probe.getArticleId();
        if (probe.getRetraction()) {
            DedupProbe stored = store.get(entryKey);
            if (stored != null && stored.getVersion() < probe.getVersion()) {
                store.delete(entryKey);
            }
            return;
        }
        DedupMatch best = null;
        try (KeyValueIterator<String, DedupProbe> it = store.prefixScan(record.key() + "|", KEYS)) {
            while (it.hasNext()) {
                DedupProbe candidate = it.next().value;
                if (NearDuplicateRule.linksTo(probe, candidate)) {
                    best = NearDuplicateRule.best(best, NearDuplicateRule.rankOf(candidate));
                }
            }
        }
        store.put(entryKey, probe);
        context.forward(record.withKey(probe.getArticleId())
                .withValue(new DedupVerdict(probe.getArticleId(), probe.getVersion(), probe.getBand(), best)));
    }

    private void purgeOlderThanRetention(long now) {
        DedupRetention.purgeSeenBefore(store, now - retention.toMillis());
    }
}
