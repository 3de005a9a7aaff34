package org.stancewatch.pipeline.alerts;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.stancewatch.events.ActorDay;
import org.stancewatch.pipeline.daily.RowKeys;
import org.stancewatch.events.StanceShiftAlert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each series' daily values (latest value per day wins) and, when days close by event time,
 * runs {@link ShiftDetector} over the stored series and forwards alerts not emitted before.
 *
 * <p>Input: the by-actor repartition topic, so this task holds every day of its actors' series, plus the
 * {@link InputWatermark}s of every upstream source: in the pipeline each daily counting task (whose watermark is the
 * minimum over all {@code articles.enriched} partitions, see {@code DailyMentionsTopology}); stand-alone each
 * {@code mentions.daily} partition. A day D is closed once every input
 * partition has sent a row for a day after D + 1 + lateness (the low watermark), never because one series or
 * one partition ran ahead: partitions that drift apart in event time (a bulk backfill) would otherwise get
 * days judged before the lagging partition's rows for them arrive. When the low watermark advances, every
 * series of the task is evaluated; a row that revises an already closed day re-evaluates its series. An
 * evaluation recomputes every closed day still inside the retention horizon, so a late revision is seen, and
 * each alert id is forwarded at most once. An input partition that has never carried a row holds every day
 * open.
 */
final class AlertDetectorProcessor implements Processor<String, ActorDay, String, StanceShiftAlert> {

    private static final Logger LOG = LoggerFactory.getLogger(AlertDetectorProcessor.class);
    /** Separates the parts of store keys; cannot appear in ids or outlet names read from topic keys. */
    private static final char SEP = '\u001f';
    private static final StringSerializer KEYS = new StringSerializer();

    private final AlertConfig config;
    private final String enrichedStoreName;
    private final Supplier<EvidenceLookup> customLookup;
    private ProcessorContext<String, StanceShiftAlert> context;
    private KeyValueStore<String, ActorDay> days;
    private KeyValueStore<String, String> seriesState;
    private KeyValueStore<String, String> emitted;
    private KeyValueStore<String, Long> watermarks;
    private EvidenceLookup lookup = EvidenceLookup.none();
    private final int inputPartitions;

    /**
     * Evidence from the global store {@code enrichedStoreName} if not null, else from {@code customLookup} if not
     * null, else ids only; {@code inputPartitions} = partitions of {@code mentions.daily}.
     */
    AlertDetectorProcessor(AlertConfig config, String enrichedStoreName, Supplier<EvidenceLookup> customLookup,
                           int inputPartitions) {
        this.config = config;
        this.enrichedStoreName = enrichedStoreName;
        this.customLookup = customLookup;
        this.inputPartitions = inputPartitions;
    }

    @Override
    public void init(ProcessorContext<String, StanceShiftAlert> context) {
        this.context = context;
        this.days = context.getStateStore(AlertsTopology.SERIES_STORE);
        this.seriesState = context.getStateStore(AlertsTopology.SERIES_STATE_STORE);
        this.emitted = context.getStateStore(AlertsTopology.EMITTED_STORE);
        this.watermarks = context.getStateStore(AlertsTopology.WATERMARK_STORE);
        if (enrichedStoreName != null) {
            this.lookup = AlertsTopology.lookupFrom(context.getStateStore(enrichedStoreName));
        } else if (customLookup != null) {
            this.lookup = customLookup.get();
        }
    }

    @Override
    public void process(Record<String, ActorDay> record) {
        if (record.value() == null && InputWatermark.isWatermark(record.key())) {
            onWatermark(record.key());
            return;
        }
        ActorDay value = record.value();
        if (isUndated(record.key(), value)) {
            // Undated articles have no place in a day series: they neither raise nor move an alert.
            return;
        }
        String actorId;
        String outlet;
        LocalDate day;
        if (value == null) {
            String[] parts = record.key() == null ? new String[0] : record.key().split("\\|", 3);
            try {
                if (parts.length < 2 || parts[0].isBlank()) {
                    throw new IllegalArgumentException("expected 'actorId|YYYY-MM-DD[|outlet]'");
                }
                actorId = parts[0];
                day = LocalDate.parse(parts[1]);
                outlet = parts.length == 3 ? parts[2] : null;
            } catch (IllegalArgumentException | DateTimeParseException e) {
                LOG.warn("Skipping tombstone on mentions.daily with unusable key '{}': {}", record.key(), e.getMessage());
                return;
            }
        } else {
            actorId = value.getActorId();
            outlet = value.getOutlet();
            day = value.getDay();
            String problem = validate(value);
            if (problem != null) {
                LOG.warn("Skipping mentions.daily record with key '{}': {}", record.key(), problem);
                return;
            }
        }
        if (outlet != null && !config.outletsEnabled()) {
            return;
        }
        DetectorParams params = config.paramsFor(actorId);
        if (!params.enabled()) {
            return;
        }
        String series = seriesPrefix(actorId, outlet);
        long[] state = readState(series);
        long maxDay = state[0];
        long trimmedBefore = state[1];
        if (day.toEpochDay() < trimmedBefore) {
            // A backfill of old articles is normal (their counts are still right on mentions.daily); only the
            // detector's own series is bounded, so this is not worth a warning per record.
            LOG.debug("Ignoring mentions.daily record for {} on {}: older than the {}-day retention of its series",
                    actorId, day, config.retentionDays());
            return;
        }
        if (value == null) {
            days.delete(series + day);
        } else {
            days.put(series + day, value);
        }
        if (day.toEpochDay() > maxDay) {
            trimmedBefore = Math.max(trimmedBefore, day.toEpochDay() - config.retentionDays() + 1);
            trim(series, trimmedBefore);
            seriesState.put(series, day.toEpochDay() + ":" + trimmedBefore);
        }
        long lastClosed = lastClosedDay();
        if (day.toEpochDay() <= lastClosed) {
            // Later than the lateness allows: the day was judged already; judge its series again.
            evaluate(series, actorId, outlet, params, trimmedBefore, lastClosed);
        }
    }

    /** Records an input partition's progress; when the low watermark moves, evaluates every series of this task. */
    private void onWatermark(String key) {
        InputWatermark w;
        try {
            w = InputWatermark.parse(key);
        } catch (IllegalArgumentException e) {
            LOG.warn("Skipping watermark on the alerts repartition topic: {}", e.getMessage());
            return;
        }
        if (w.partition() >= inputPartitions) {
            // mentions.daily grew since this instance started: its new partitions count after a restart.
            LOG.warn("Watermark from mentions.daily partition {} but the alerts were started for {} partitions; "
                    + "restart to include it", w.partition(), inputPartitions);
            return;
        }
        long before = lastClosedDay();
        String partitionKey = Integer.toString(w.partition());
        Long seen = watermarks.get(partitionKey);
        if (seen != null && seen >= w.epochDay()) {
            return;
        }
        watermarks.put(partitionKey, w.epochDay());
        long lastClosed = lastClosedDay();
        if (lastClosed > before) {
            evaluateAll(lastClosed);
        }
    }

    /**
     * The last closed day: every input partition has seen a day after it + 1 + lateness. Before every partition
     * has reported, nothing is closed.
     */
    private long lastClosedDay() {
        long low = Long.MAX_VALUE;
        for (int p = 0; p < inputPartitions; p++) {
            Long day = watermarks.get(Integer.toString(p));
            if (day == null) {
                return Long.MIN_VALUE / 4;
            }
            low = Math.min(low, day);
        }
        return low - 1 - config.latenessDays();
    }

    private void evaluateAll(long lastClosed) {
        List<String> all = new ArrayList<>();
        try (KeyValueIterator<String, String> it = seriesState.all()) {
            it.forEachRemaining(kv -> all.add(kv.key));
        }
        for (String series : all) {
            int first = series.indexOf(SEP);
            String actorId = series.substring(0, first);
            String outletPart = series.substring(first + 1, series.length() - 1);
            String outlet = outletPart.equals(AlertFactory.ALL_OUTLETS) ? null : outletPart.substring(1);
            DetectorParams params = config.paramsFor(actorId);
            if (!params.enabled() || (outlet != null && !config.outletsEnabled())) {
                continue;
            }
            long[] state = readState(series);
            // Retention follows the input's progress too, so a series whose actor is no longer mentioned is dropped.
            long trimmedBefore = Math.max(state[1], lastClosed + 1 + config.latenessDays() - config.retentionDays() + 1);
            if (trimmedBefore > state[1]) {
                trim(series, trimmedBefore);
                if (state[0] < trimmedBefore) {
                    seriesState.delete(series);
                    continue;
                }
                seriesState.put(series, state[0] + ":" + trimmedBefore);
            }
            evaluate(series, actorId, outlet, params, trimmedBefore, lastClosed);
        }
    }

    private void evaluate(String series, String actorId, String outlet, DetectorParams params, long trimmedBefore,
                          long lastClosed) {
        long from = trimmedBefore + params.lookbackDays();
        if (from > lastClosed) {
            return;
        }
        NavigableMap<LocalDate, DaySample> samples = new TreeMap<>();
        String actorName = "";
        try (KeyValueIterator<String, ActorDay> it = days.prefixScan(series, KEYS)) {
            while (it.hasNext()) {
                ActorDay d = it.next().value;
                samples.put(d.getDay(), DaySample.of(d));
                if (!d.getActorName().isBlank()) {
                    actorName = d.getActorName();
                }
            }
        }
        List<Detection> found = ShiftDetector.detect(samples, LocalDate.ofEpochDay(from), LocalDate.ofEpochDay(lastClosed), params);
        for (Detection d : found) {
            String emittedKey = series + d.day() + SEP + d.kind();
            if (emitted.get(emittedKey) != null || emittedNear(series, d, params.cooldownDays())) {
                continue;
            }
            StanceShiftAlert alert = AlertFactory.create(d, actorId, actorName, outlet, samples, lookup,
                    config.maxEvidenceArticles());
            emitted.put(emittedKey, alert.getId());
            // Stamped with the start of the alert's day (event time), never the wall clock. Not the end of the day:
            // Kafka 4 brokers refuse records stamped more than message.timestamp.after.max.ms (1 hour) ahead, and a
            // day closed early by a future-dated article (accepted up to 2 days ahead) could be today.
            long timestamp = d.day().atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
            context.forward(new Record<>(actorId, alert, timestamp));
        }
    }

    /**
     * Whether this series already raised this kind of alert within the cooldown on either side of the detection's
     * day. The detector's own cooldown only looks back; counts that arrive after their day closed (a lagging
     * upstream partition, a late correction) can move the alarm day of a shift already reported, and that is the
     * same shift, not a new one.
     */
    private boolean emittedNear(String series, Detection d, int cooldownDays) {
        for (int k = -cooldownDays; k <= cooldownDays; k++) {
            if (k != 0 && emitted.get(series + d.day().plusDays(k) + SEP + d.kind()) != null) {
                return true;
            }
        }
        return false;
    }

    /** Drops stored days (and emitted-alert markers) before {@code boundary}: they can no longer change a decision. */
    private void trim(String series, long boundary) {
        LocalDate first = LocalDate.ofEpochDay(boundary);
        List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, ActorDay> it = days.range(series, series + first)) {
            while (it.hasNext()) {
                String key = it.next().key;
                if (!key.equals(series + first)) {
                    stale.add(key);
                }
            }
        }
        stale.forEach(days::delete);
        stale.clear();
        try (KeyValueIterator<String, String> it = emitted.prefixScan(series, KEYS)) {
            while (it.hasNext()) {
                KeyValue<String, String> kv = it.next();
                String dayPart = kv.key.substring(series.length(), series.length() + 10);
                if (LocalDate.parse(dayPart).isBefore(first)) {
                    stale.add(kv.key);
                }
            }
        }
        stale.forEach(emitted::delete);
    }

    private long[] readState(String series) {
        String s = seriesState.get(series);
        if (s == null) {
            return new long[] {Long.MIN_VALUE / 4, Long.MIN_VALUE / 4};
        }
        int colon = s.indexOf(':');
        return new long[] {Long.parseLong(s.substring(0, colon)), Long.parseLong(s.substring(colon + 1))};
    }

    static String seriesPrefix(String actorId, String outlet) {
        return actorId + SEP + (outlet == null ? AlertFactory.ALL_OUTLETS : "=" + outlet) + SEP;
    }

    /** The actor's undated row ({@code actorId|undated[|outlet]}, null day), or its tombstone. */
    static boolean isUndated(String key, ActorDay value) {
        if (value != null) {
            return value.getDay() == null && key != null && key.contains("|" + RowKeys.UNDATED);
        }
        String[] parts = key == null ? new String[0] : key.split("\\|", 3);
        return parts.length >= 2 && parts[1].equals(RowKeys.UNDATED);
    }

    /** Null when the record is usable, else the reason it is not. */
    static String validate(ActorDay v) {
        if (v.getActorId() == null || v.getActorId().isBlank()) {
            return "actorId is blank";
        }
        if (v.getActorId().indexOf(SEP) >= 0 || (v.getOutlet() != null && v.getOutlet().indexOf(SEP) >= 0)) {
            return "actorId or outlet contains a control character";
        }
        if (v.getDay() == null) {
            return "day is missing";
        }
        if (v.getArticles() < 0 || v.getFavor() < 0 || v.getAgainst() < 0 || v.getNeutral() < 0 || v.getMixed() < 0) {
            return "negative count";
        }
        if (v.getFavor() + v.getAgainst() > v.getArticles()) {
            return "favor + against (" + (v.getFavor() + v.getAgainst()) + ") exceeds articles (" + v.getArticles() + ")";
        }
        return null;
    }
}
