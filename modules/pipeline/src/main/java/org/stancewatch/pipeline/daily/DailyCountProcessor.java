package org.stancewatch.pipeline.daily;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stancewatch.events.ActorDay;
import org.stancewatch.pipeline.StoreNames;
import org.stancewatch.pipeline.alerts.InputWatermark;
import org.stancewatch.pipeline.internal.Contribution;
import org.stancewatch.pipeline.internal.DaySums;

/**
 * The counting step, one task per partition of the by-row repartition: stores each contribution under its own
 * {@code row\0articleId} key ({@link DailyContributions}), keeps the row's running sums ({@link DaySums}) and its
 * {@link ActorDay}. Each update writes O(1) bytes to the stores and their changelogs, whatever the row's size: the
 * contribution, the sums, the row, a pending mark and, for all-outlet rows, one per-outlet article count.
 *
 * <p>Rows are coalesced: a changed row is marked in {@link StoreNames#MENTIONS_DAILY_PENDING} and sent once, in
 * its latest state, by a wall-clock punctuator every {@link DailyMentionsTopology#FLUSH_INTERVAL_MS} (default 200 ms),
 * and always before this task forwards a watermark (so no marker overtakes the rows it follows).
 * Nothing pending lives only in memory: the mark is written to the changelogged pending store in the transaction of
 * the contribution that caused it, and the punctuator's sends and deletes of marks go out in a later transaction
 * (a punctuation is committed like a processed record). So a crash at any point either keeps the mark or has sent
 * the row, and a row whose change was committed but not yet sent is sent after the restart, also when the state is
 * rebuilt from the changelogs ({@code PendingRowsRestartEndToEndTest}). What this costs: for up to one flush
 * interval, input offsets are committed ahead of the rows they caused, so a reader that treats "input consumed" as
 * "output complete" must also wait one flush interval.
 *
 * <p>Watermarks: every {@code articles.enriched} partition's {@link InputWatermark} reaches every counting task
 * behind the contributions that partition sent before it. This task keeps the newest day of each input partition
 * ({@link StoreNames#DAILY_INPUT_WATERMARKS}) and, when their minimum advances, forwards its own
 * {@code InputWatermark(<this task's partition>, minimum)} after the rows: every article of a day up to the
 * minimum that this task will ever count from an in-order input has been counted and sent before it.
 */
final class DailyCountProcessor implements Processor<String, Contribution, String, ActorDay> {

    private static final Logger LOG = LoggerFactory.getLogger(DailyCountProcessor.class);
    /** Key in the watermark store of the minimum this task last forwarded. */
    private static final String SENT = "sent";

    private final int inputPartitions;
    private final long flushIntervalMs;
    private ProcessorContext<String, ActorDay> context;
    private KeyValueStore<String, Contribution> contributions;
    private KeyValueStore<String, Contribution> outletContributions;
    private KeyValueStore<String, DaySums> sums;
    private KeyValueStore<String, DaySums> outletSums;
    private KeyValueStore<String, Long> outletArticles;
    private KeyValueStore<String, ActorDay> rows;
    private KeyValueStore<String, ActorDay> outletRows;
    private KeyValueStore<String, Long> watermarks;
    private KeyValueStore<String, Long> pending;

    /**
     * {@code inputPartitions}: partitions of {@code articles.enriched}, each of which sends watermarks;
     * {@code flushIntervalMs}: see {@link #flushIntervalMs(Map)}.
     */
    DailyCountProcessor(int inputPartitions, long flushIntervalMs) {
        this.inputPartitions = inputPartitions;
        this.flushIntervalMs = flushIntervalMs;
    }

    @Override
    public void init(ProcessorContext<String, ActorDay> context) {
        this.context = context;
        this.contributions = context.getStateStore(StoreNames.MENTIONS_DAILY_CONTRIBUTIONS);
        this.outletContributions = context.getStateStore(StoreNames.MENTIONS_DAILY_OUTLET_CONTRIBUTIONS);
        this.sums = context.getStateStore(StoreNames.MENTIONS_DAILY_SUMS);
        this.outletSums = context.getStateStore(StoreNames.MENTIONS_DAILY_OUTLET_SUMS);
        this.outletArticles = context.getStateStore(StoreNames.MENTIONS_DAILY_OUTLET_ARTICLES);
        this.rows = context.getStateStore(StoreNames.MENTIONS_DAILY);
        this.outletRows = context.getStateStore(StoreNames.MENTIONS_DAILY_OUTLET);
        this.watermarks = context.getStateStore(StoreNames.DAILY_INPUT_WATERMARKS);
        this.pending = context.getStateStore(StoreNames.MENTIONS_DAILY_PENDING);
        context.schedule(Duration.ofMillis(flushIntervalMs), PunctuationType.WALL_CLOCK_TIME, now -> flush());
    }

    /**
     * {@link DailyMentionsTopology#FLUSH_INTERVAL_MS} in {@code config}, {@link DailyMentionsTopology#DEFAULT_FLUSH_INTERVAL_MS}
     * when not set; read when the topology is built, so a bad value fails there and not in a stream thread.
     */
    static long flushIntervalMs(Map<String, ?> config) {
        Object v = config.get(DailyMentionsTopology.FLUSH_INTERVAL_MS);
        if (v == null) {
            return DailyMentionsTopology.DEFAULT_FLUSH_INTERVAL_MS;
        }
        try {
            long ms = Long.parseLong(v.toString().trim());
            if (ms < 1) {
                throw new NumberFormatException("below 1");
            }
            return ms;
        } catch (NumberFormatException e) {
            throw new ConfigException(DailyMentionsTopology.FLUSH_INTERVAL_MS, v, "must be a positive number of ms");
        }
    }

    @Override
    public void process(Record<String, Contribution> record) {
        if (record.value() == null) {
            if (InputWatermark.isWatermark(record.key())) {
                onWatermark(record);
            } else {
                LOG.warn("Skipping a contribution without value on the by-row repartition, key '{}'", record.key());
            }
            return;
        }
        Contribution change = record.value();
        String rowKey = record.key();
        boolean perOutlet = change.getPerOutlet();
        KeyValueStore<String, Contribution> store = perOutlet ? outletContributions : contributions;
        KeyValueStore<String, DaySums> sumsStore = perOutlet ? outletSums : sums;
        String key = DailyContributions.key(rowKey, change.getArticleId());
        Contribution old = store.get(key);
        // The article's entry is replaced (never added to) and a retraction removes it: applying a change twice
        // gives the same row, which is what makes re-sends safe.
        Contribution now = change.getRetraction() ? null : change;
        if (Objects.equals(old, now)) {
            return;
        }
        if (now == null) {
            store.delete(key);
        } else {
            store.put(key, now);
        }
        DaySums s = sumsStore.get(rowKey);
        if (s == null) {
            s = ActorDays.emptySums();
        }
        if (old != null) {
            ActorDays.add(s, old, -1);
        }
        if (now != null) {
            ActorDays.add(s, now, 1);
        }
        if (!perOutlet && (old == null || now == null || !Objects.equals(old.getOutlet(), now.getOutlet()))) {
            countOutlet(s, rowKey, old == null ? null : old.getOutlet(), -1);
            countOutlet(s, rowKey, now == null ? null : now.getOutlet(), 1);
        }
        if (now != null && ActorDays.newer(now, s)) {
            ActorDays.setNewest(s, now);
        } else if (old != null && old.getArticleId().equals(s.getNewestArticleId())) {
            // The newest article left the row or became older: the only case that reads the row's entries
            // (a prefix scan, reads only; the writes stay O(1)).
            Contribution newest = null;
            for (Contribution c : DailyContributions.of(store, rowKey)) {
                if (newest == null || c.getEventTime() >= newest.getEventTime()) {
                    newest = c;     // id order: ties go to the greatest id, as ActorDays.newer has it
                }
            }
            ActorDays.setNewest(s, newest);
        }
        sumsStore.put(rowKey, s);
        ActorDay row = ActorDays.of(rowKey, s);
        KeyValueStore<String, ActorDay> rowStore = perOutlet ? outletRows : rows;
        if (row.equals(rowStore.get(rowKey))) {
            // Nothing a subscriber sees has changed (e.g. a corrected article whose numbers for this row are the
            // same): no update, so an unchanged re-send is a no-op downstream.
            return;
        }
        rowStore.put(rowKey, row);
        // Sent at the next flush, however often it changes until then.
        pending.put(rowKey, record.timestamp());
    }

    /**
     * Sends every row changed since the last flush, once, in its current state. Runs every flush interval and
     * before any watermark is forwarded, so a marker never overtakes the rows it follows.
     */
    private void flush() {
        List<KeyValue<String, Long>> due = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = pending.all()) {
            it.forEachRemaining(due::add);
        }
        for (KeyValue<String, Long> kv : due) {
            ActorDay row = (RowKeys.parse(kv.key).length > 2 ? outletRows : rows).get(kv.key);
            if (row != null) {
                context.forward(new Record<>(kv.key, row, kv.value));
            }
            pending.delete(kv.key);
        }
    }

    /** Articles of one outlet in an all-outlet row ({@code row\0outlet}), for its distinct-outlet count. */
    private void countOutlet(DaySums s, String rowKey, String outlet, int delta) {
        if (outlet == null) {
            return;
        }
        String key = DailyContributions.key(rowKey, outlet);
        Long before = outletArticles.get(key);
        long n = (before == null ? 0 : before) + delta;
        if (n <= 0) {
            outletArticles.delete(key);
            if (before != null && before > 0) {
                s.setOutlets(s.getOutlets() - 1);
            }
        } else {
            outletArticles.put(key, n);
            if (before == null || before <= 0) {
                s.setOutlets(s.getOutlets() + 1);
            }
        }
    }

    private void onWatermark(Record<String, Contribution> record) {
        InputWatermark w;
        try {
            w = InputWatermark.parse(record.key());
        } catch (IllegalArgumentException e) {
            LOG.warn("Skipping watermark on the by-row repartition: {}", e.getMessage());
            return;
        }
        if (w.partition() >= inputPartitions) {
            LOG.warn("Watermark from articles.enriched partition {} but the counts were started for {} partitions; "
                    + "restart to include it", w.partition(), inputPartitions);
            return;
        }
        String partitionKey = Integer.toString(w.partition());
        Long seen = watermarks.get(partitionKey);
        if (seen != null && seen >= w.epochDay()) {
            return;
        }
        watermarks.put(partitionKey, w.epochDay());
        long low = Long.MAX_VALUE;
        for (int p = 0; p < inputPartitions; p++) {
            Long day = watermarks.get(Integer.toString(p));
            if (day == null) {
                return;     // an input partition that has not reported yet holds every day open
            }
            low = Math.min(low, day);
        }
        Long sent = watermarks.get(SENT);
        if (sent != null && sent >= low) {
            return;
        }
        watermarks.put(SENT, low);
        flush();
        int partition = context.recordMetadata()
                .orElseThrow(() -> new IllegalStateException("no record metadata for a by-row repartition record"))
                .partition();
        context.forward(new Record<String, ActorDay>(new InputWatermark(partition, low).key(), null,
                record.timestamp()));
    }
}
