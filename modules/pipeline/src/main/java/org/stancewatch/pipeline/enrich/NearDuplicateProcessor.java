package org.stancewatch.pipeline.enrich;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.pipeline.StoreNames;
import org.stancewatch.pipeline.internal.DedupMatch;
import org.stancewatch.pipeline.internal.DedupPending;
import org.stancewatch.pipeline.internal.DedupVerdict;

/**
 * Last step (join-back), on the article's partition (both inputs repartitioned by article id): waits for the
 * enriched article and the verdict of every band for the same version, sets {@code duplicateOf} = the best-ranked
 * match over the bands ({@link NearDuplicateRule}), and emits the article once. An article without near-duplicates
 * waits for nothing else: its verdicts are answered as soon as each band's partition reads its probe.
 *
 * <p>Versions: if a newer version (article or verdict) arrives while an older one is still incomplete, the older
 * one is emitted at once with the verdicts it has (it is superseded; emitting keeps one output per version, in
 * order). Verdicts of a version older than the pending one are dropped. A tombstone is passed on at once.
 *
 * <p>Order: complete articles are released in the order their articles arrived here, never in the order their
 * last verdict happened to come back (the band tasks run at their own pace). {@code articles.enriched} thus keeps
 * each input partition's order, which the daily counts' watermarks rely on ("newest event day this partition has
 * carried", see {@code DailyMentionsTopology}): released by verdict, articles ran up to 12 days of event time behind
 * later ones, so the alerts closed days before their counts were in (#17). An article waits at most until the ones
 * before it have their verdicts; every probe gets one. Tombstones and superseded versions still go on at once.
 *
 * <p>State: {@link StoreNames#DEDUP_PENDING} (article id -> verdicts so far),
 * {@link StoreNames#DEDUP_PENDING_ARTICLES} (article id -> the enriched article waiting for them); both are empty
 * for an article once it is emitted; {@link StoreNames#DEDUP_RELEASE_ORDER} (arrival sequence -> version and id of
 * the articles not yet released, plus the head and next sequence numbers).
 */
final class NearDuplicateProcessor implements Processor<String, NearDuplicateProcessor.In, String, EnrichedArticle> {

    private static final Duration PURGE_INTERVAL = Duration.ofHours(1);
    private static final int ALL_BANDS = (1 << SimHash.BANDS) - 1;
    private static final String HEAD = "head";
    private static final String NEXT = "next";

    /** The article (null value = tombstone; its version in a header) or one band's verdict. */
    record In(EnrichedArticle article, DedupVerdict verdict) {
        static In article(EnrichedArticle article) {
            return new In(article, null);
        }

        static In verdict(DedupVerdict verdict) {
            return new In(null, verdict);
        }
    }

    private final Duration retention;
    private ProcessorContext<String, EnrichedArticle> context;
    private KeyValueStore<String, DedupPending> pending;
    private KeyValueStore<String, EnrichedArticle> articles;
    private KeyValueStore<String, String> order;

    NearDuplicateProcessor(Duration retention) {
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<String, EnrichedArticle> context) {
        this.context = context;
        this.pending = context.getStateStore(StoreNames.DEDUP_PENDING);
        this.articles = context.getStateStore(StoreNames.DEDUP_PENDING_ARTICLES);
        this.order = context.getStateStore(StoreNames.DEDUP_RELEASE_ORDER);
        if (order.get(NEXT) == null) {
            // First start with the release order (or an upgrade): queue the articles already waiting, in id order.
            try (KeyValueIterator<String, DedupPending> it = pending.all()) {
                while (it.hasNext()) {
                    KeyValue<String, DedupPending> kv = it.next();
                    if (kv.value.getHasArticle()) {
                        enqueue(kv.key, kv.value.getVersion());
                    }
                }
            }
            order.putIfAbsent(NEXT, "0");
        }
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::purgeOrphans);
    }

    @Override
    public void process(Record<String, In> record) {
        String id = record.key();
        if (record.value().verdict() == null) {
            onArticle(record, id, NearDuplicateFanOutProcessor.version(record.headers()), record.value().article());
        } else {
            onVerdict(record, id, record.value().verdict());
        }
    }

    private void onArticle(Record<String, In> record, String id, long version, EnrichedArticle article) {
        DedupPending state = pending.get(id);
        if (state != null && state.getVersion() > version) {
            // Verdicts of a newer version came first: this one is superseded, emit it unlinked.
            emit(record, id, article, null);
            return;
        }
        if (state != null && state.getVersion() < version) {
            flushSuperseded(record, id, state);
            state = null;
        }
        if (article == null) {
            pending.delete(id);
            articles.delete(id);
            emit(record, id, null, null);
            release(record);
            return;
        }
        if (state == null) {
            state = new DedupPending(version, 0, null, false, context.currentSystemTimeMs());
        }
        state.setHasArticle(true);
        pending.put(id, state);
        articles.put(id, article);
        enqueue(id, version);
        release(record);
    }

    private void onVerdict(Record<String, In> record, String id, DedupVerdict verdict) {
        DedupPending state = pending.get(id);
        if (state != null && state.getVersion() > verdict.getVersion()) {
            return; // a superseded version's late verdict
        }
        if (state != null && state.getVersion() < verdict.getVersion()) {
            flushSuperseded(record, id, state);
            state = null;
        }
        if (state == null) {
            state = new DedupPending(verdict.getVersion(), 0, null, false, context.currentSystemTimeMs());
        }
        state.setAnswered(state.getAnswered() | (1 << verdict.getBand()));
        state.setMatch(NearDuplicateRule.best(state.getMatch(), verdict.getMatch()));
        pending.put(id, state);
        if (state.getAnswered() == ALL_BANDS && state.getHasArticle()) {
            release(record);
        }
    }

    /** An older version still waiting is emitted with what it has, before the newer one. */
    private void flushSuperseded(Record<String, In> record, String id, DedupPending state) {
        pending.delete(id);
        if (state.getHasArticle()) {
            emit(record, id, articles.delete(id), state.getMatch());
        }
    }

    private void enqueue(String id, long version) {
        long next = Long.parseLong(order.get(NEXT) == null ? "0" : order.get(NEXT));
        order.put(slot(next), version + ":" + id);
        order.put(NEXT, Long.toString(next + 1));
    }

    /**
     * Emits complete articles from the head of the arrival order until the first one still waiting for a verdict.
     * An entry whose version is no longer pending (emitted as superseded, deleted) is skipped.
     */
    private void release(Record<String, In> record) {
        long head = Long.parseLong(order.get(HEAD) == null ? "0" : order.get(HEAD));
        long next = Long.parseLong(order.get(NEXT) == null ? "0" : order.get(NEXT));
        long start = head;
        while (head < next) {
            String entry = order.get(slot(head));
            int colon = entry == null ? -1 : entry.indexOf(':');
            if (colon > 0) {
                long version = Long.parseLong(entry.substring(0, colon));
                String id = entry.substring(colon + 1);
                DedupPending state = pending.get(id);
                if (state != null && state.getVersion() == version && state.getHasArticle()) {
                    if (state.getAnswered() != ALL_BANDS) {
                        break;
                    }
                    pending.delete(id);
                    emit(record, id, articles.delete(id), state.getMatch());
                }
            }
            order.delete(slot(head));
            head++;
        }
        if (head != start) {
            order.put(HEAD, Long.toString(head));
        }
    }

    private static String slot(long sequence) {
        return String.format(java.util.Locale.ROOT, "q%019d", sequence);
    }

    private void emit(Record<String, In> record, String id, EnrichedArticle article, DedupMatch match) {
        if (article != null) {
            article.setDuplicateOf(match == null ? null : match.getArticleId());
        }
        Record<String, EnrichedArticle> out = record.withKey(id).withValue(article);
        out.headers().remove(NearDuplicateFanOutProcessor.VERSION_HEADER);
        context.forward(out);
    }

    /** Verdicts whose article never came (a late verdict of a deleted article) must not stay forever. */
    private void purgeOrphans(long now) {
        long cutoff = now - retention.toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, DedupPending> it = pending.all()) {
            while (it.hasNext()) {
                KeyValue<String, DedupPending> kv = it.next();
                if (!kv.value.getHasArticle() && kv.value.getSince() < cutoff) {
                    expired.add(kv.key);
                }
            }
        }
        expired.forEach(pending::delete);
    }
}
