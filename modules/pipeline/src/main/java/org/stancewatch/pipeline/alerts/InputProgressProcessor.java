package org.stancewatch.pipeline.alerts;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.stancewatch.events.ActorDay;

/**
 * First step of the alerts, one task per {@code mentions.daily} partition: passes every row on unchanged (the
 * by-actor repartition after it routes rows by actor, see {@link ByActorPartitioner}) and, whenever the newest
 * day seen on its input partition advances, sends an {@link InputWatermark} after the row. The repartitioner
 * copies watermarks to every partition, behind the rows sent before them, so a detector task that has a
 * watermark of day W from input partition p has also received every row p sent before it.
 *
 * <p>The newest day per input partition is kept in {@value AlertsTopology#INPUT_PROGRESS_STORE} (changelogged,
 * written in the same transaction as the forwarded records), so a restart neither loses nor repeats progress.
 */
final class InputProgressProcessor implements Processor<String, ActorDay, String, ActorDay> {

    private ProcessorContext<String, ActorDay> context;
    private KeyValueStore<String, Long> progress;

    @Override
    public void init(ProcessorContext<String, ActorDay> context) {
        this.context = context;
        this.progress = context.getStateStore(AlertsTopology.INPUT_PROGRESS_STORE);
    }

    @Override
    public void process(Record<String, ActorDay> record) {
        // Unusable rows are passed on too: the detector logs why it skips them.
        context.forward(record);
        LocalDate day = dayOf(record);
        if (day == null) {
            return;
        }
        int partition = context.recordMetadata()
                .orElseThrow(() -> new IllegalStateException("no record metadata for a mentions.daily record"))
                .partition();
        String key = Integer.toString(partition);
        Long seen = progress.get(key);
        if (seen == null || day.toEpochDay() > seen) {
            progress.put(key, day.toEpochDay());
            context.forward(new Record<String, ActorDay>(new InputWatermark(partition, day.toEpochDay()).key(), null,
                    record.timestamp()));
        }
    }

    private static LocalDate dayOf(Record<String, ActorDay> record) {
        if (record.value() != null) {
            return record.value().getDay();
        }
        String[] parts = record.key() == null ? new String[0] : record.key().split("\\|", 3);
        if (parts.length < 2) {
            return null;
        }
        try {
            return LocalDate.parse(parts[1]);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
