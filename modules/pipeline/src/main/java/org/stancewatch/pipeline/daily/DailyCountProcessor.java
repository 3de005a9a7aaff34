package org.stancewatch.pipeline.daily;

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
import org.stancewatch.pipeline.internal.DayContributions;

/**
 * The counting step, one task per partition of the by-row repartition: applies each contribution to its row
 * ({@link DayContributionsAggregator}), stores the row's contributions and its {@link ActorDay}, and forwards the
 * row at once (no cache between the store and the forward, so no row is held back while a watermark passes).
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
    private final DayContributionsAggregator aggregator = new DayContributionsAggregator();
    private ProcessorContext<String, ActorDay> context;
    private KeyValueStore<String, DayContributions> contributions;
    private KeyValueStore<String, DayContributions> outletContributions;
    private KeyValueStore<String, ActorDay> rows;
    private KeyValueStore<String, ActorDay> outletRows;
    private KeyValueStore<String, Long> watermarks;

    /** {@code inputPartitions}: partitions of {@code articles.enriched}, each of which sends watermarks. */
    DailyCountProcessor(int inputPartitions) {
        this.inputPartitions = inputPartitions;
    }

    @Override
    public void init(ProcessorContext<String, ActorDay> context) {
        this.context = context;
        this.contributions = context.getStateStore(StoreNames.MENTIONS_DAILY_CONTRIBUTIONS);
        this.outletContributions = context.getStateStore(StoreNames.MENTIONS_DAILY_OUTLET_CONTRIBUTIONS);
        this.rows = context.getStateStore(StoreNames.MENTIONS_DAILY);
        this.outletRows = context.getStateStore(StoreNames.MENTIONS_DAILY_OUTLET);
        this.watermarks = context.getStateStore(StoreNames.DAILY_INPUT_WATERMARKS);
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
        KeyValueStore<String, DayContributions> store = change.getPerOutlet() ? outletContributions : contributions;
        DayContributions current = store.get(record.key());
        DayContributions next = aggregator.apply(record.key(), change,
                current == null ? DayContributionsAggregator.empty() : current);
        store.put(record.key(), next);
        ActorDay row = ActorDays.of(record.key(), next);
        KeyValueStore<String, ActorDay> rowStore = change.getPerOutlet() ? outletRows : rows;
        if (row.equals(rowStore.get(record.key()))) {
            // Nothing a subscriber sees has changed (e.g. a corrected article whose numbers for this row are the
            // same): no update, so an unchanged re-send is a no-op downstream.
            return;
        }
        rowStore.put(record.key(), row);
        context.forward(record.withValue(row));
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
        int partition = context.recordMetadata()
                .orElseThrow(() -> new IllegalStateException("no record metadata for a by-row repartition record"))
                .partition();
        context.forward(new Record<String, ActorDay>(new InputWatermark(partition, low).key(), null,
                record.timestamp()));
    }
}
