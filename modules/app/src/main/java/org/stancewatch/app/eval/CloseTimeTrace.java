package org.stancewatch.app.eval;

import java.io.PrintStream;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.stancewatch.events.ActorDay;
import org.stancewatch.pipeline.alerts.DaySample;
import org.stancewatch.pipeline.alerts.Detection;
import org.stancewatch.pipeline.alerts.DetectorParams;
import org.stancewatch.pipeline.alerts.InputWatermark;
import org.stancewatch.pipeline.alerts.ShiftDetector;

/**
 * Diagnostics for {@code eval alerts --text FILE --dump OUT}: what the pipeline's detector saw when each day closed.
 * Reads back the detector's own input, the {@code alerts-by-actor} repartition topic (rows and the counting tasks'
 * watermarks, kept for the run by disabling the repartition purge), and folds it partition by partition in offset
 * order as the detector does: a day is closed once every counting task's watermark has passed it + 1 + lateness.
 * For each all-outlet series it records the row of every day as it was when the day closed, and the alert days a
 * detector evaluating at each close would emit; the dump puts them beside the pipeline's alerts, the offline replay
 * on the final rows and the final rows themselves.
 */
final class CloseTimeTrace {

    /** Per actor: day -> row as it stood when the day closed (null: no row yet at close time). */
    final Map<String, Map<LocalDate, ActorDay>> atClose = new HashMap<>();
    /** Per actor: rows that arrived for a day already closed (revisions after close), in arrival order. */
    final Map<String, List<ActorDay>> afterClose = new HashMap<>();
    /** Per actor: the alerts a detector judging each day at close time (and again on each revision) emits. */
    final Map<String, List<Detection>> simulated = new HashMap<>();
    long rows;
    long watermarks;

    /**
     * @param records   the by-actor repartition topic, read to its end (read-committed)
     * @param sources   counting tasks (partitions of {@code articles.enriched})
     * @param monitorFrom first day index the detector is scored on
     */
    static CloseTimeTrace fold(List<ConsumerRecord<String, ActorDay>> records, int sources, int latenessDays,
                               DetectorParams params, LocalDate start, int monitorFrom) {
        CloseTimeTrace t = new CloseTimeTrace();
        Map<Integer, List<ConsumerRecord<String, ActorDay>>> byPartition = records.stream()
                .collect(Collectors.groupingBy(ConsumerRecord::partition, TreeMap::new, Collectors.toList()));
        LocalDate from = start.plusDays(monitorFrom);
        for (List<ConsumerRecord<String, ActorDay>> partition : byPartition.values()) {
            Map<Integer, Long> wm = new HashMap<>();
            Map<String, NavigableMap<LocalDate, ActorDay>> series = new HashMap<>();
            Map<String, List<Detection>> emitted = new HashMap<>();
            long lastClosed = Long.MIN_VALUE / 4;
            for (ConsumerRecord<String, ActorDay> r : partition) {
                if (r.value() == null && InputWatermark.isWatermark(r.key())) {
                    t.watermarks++;
                    InputWatermark w = InputWatermark.parse(r.key());
                    wm.merge(w.partition(), w.epochDay(), Math::max);
                    long closed = wm.size() < sources ? Long.MIN_VALUE / 4
                            : wm.values().stream().mapToLong(Long::longValue).min().getAsLong() - 1 - latenessDays;
                    if (closed > lastClosed) {
                        for (Map.Entry<String, NavigableMap<LocalDate, ActorDay>> s : series.entrySet()) {
                            Map<LocalDate, ActorDay> snap = t.atClose.computeIfAbsent(s.getKey(), k -> new TreeMap<>());
                            for (long d = Math.max(lastClosed + 1, closed - 200); d <= closed; d++) {
                                snap.put(LocalDate.ofEpochDay(d), s.getValue().get(LocalDate.ofEpochDay(d)));
                            }
                        }
                        lastClosed = closed;
                        for (String actor : series.keySet()) {
                            judge(series.get(actor), emitted.computeIfAbsent(actor, k -> new ArrayList<>()), from,
                                    lastClosed, params);
                        }
                    }
                    continue;
                }
                ActorDay row = r.value();
                if (row == null || row.getOutlet() != null || row.getDay() == null) {
                    continue;
                }
                t.rows++;
                series.computeIfAbsent(row.getActorId(), k -> new TreeMap<>()).put(row.getDay(), row);
                if (row.getDay().toEpochDay() <= lastClosed) {
                    t.afterClose.computeIfAbsent(row.getActorId(), k -> new ArrayList<>()).add(row);
                    judge(series.get(row.getActorId()), emitted.computeIfAbsent(row.getActorId(), k -> new ArrayList<>()),
                            from, lastClosed, params);
                }
            }
            t.simulated.putAll(emitted);
        }
        return t;
    }

    /** As the detector processor: every closed day is judged again; a kind is not re-sent within the cooldown. */
    private static void judge(NavigableMap<LocalDate, ActorDay> rows, List<Detection> emitted, LocalDate from,
                              long lastClosed, DetectorParams params) {
        LocalDate to = LocalDate.ofEpochDay(lastClosed);
        if (from.isAfter(to)) {
            return;
        }
        NavigableMap<LocalDate, DaySample> samples = new TreeMap<>();
        rows.forEach((d, row) -> samples.put(d, DaySample.of(row)));
        for (Detection d : ShiftDetector.detect(samples, from, to, params)) {
            boolean near = emitted.stream().anyMatch(e -> e.kind() == d.kind()
                    && Math.abs(ChronoUnit.DAYS.between(e.day(), d.day())) <= params.cooldownDays());
            if (!near) {
                emitted.add(d);
            }
        }
    }

    /** Writes the per-actor alert days and, for every actor where pipeline and replay differ, the rows day by day. */
    void write(TextAlertScenario.Plan plan, Map<String, List<Detection>> pipeline, Map<String, List<Detection>> replay,
               Map<String, NavigableMap<LocalDate, DaySample>> finalRows, int monitorFrom, PrintStream out) {
        out.printf(Locale.ROOT, "alerts-by-actor read back: %d all-outlet rows, %d watermarks%n", rows, watermarks);
        out.println("actor  shifted  tau  pipeline_alert_days  replay_alert_days  simulated_close_time_days  revisions_after_close");
        List<String> differing = new ArrayList<>();
        for (TextAlertScenario.Actor a : plan.actors()) {
            String p = days(pipeline.get(a.id()));
            String r = days(replay.get(a.id()));
            String s = days(simulated.get(a.id()));
            int revisions = afterClose.getOrDefault(a.id(), List.of()).size();
            out.printf(Locale.ROOT, "%s  %s  %d  [%s]  [%s]  [%s]  %d%s%n", a.id(), a.shifted(), a.tau(), p, r, s, revisions,
                    p.equals(r) ? "" : "  <- differs");
            if (!p.equals(r)) {
                differing.add(a.id());
            }
        }
        for (String actor : differing) {
            out.printf(Locale.ROOT, "%nactor %s: day index, final row (articles against expectedAgainst) | at close | changed%n", actor);
            NavigableMap<LocalDate, DaySample> fin = finalRows.getOrDefault(actor, new TreeMap<>());
            Map<LocalDate, ActorDay> close = atClose.getOrDefault(actor, Map.of());
            for (int i = Math.max(0, monitorFrom - 35); i < plan.days(); i++) {
                LocalDate day = TextAlertScenario.START.plusDays(i);
                DaySample f = fin.get(day);
                boolean closed = close.containsKey(day);
                ActorDay c = close.get(day);
                String fs = f == null ? "-" : String.format(Locale.ROOT, "%d %d %.2f", f.articles(), f.against(), f.expectedAgainst());
                String cs = !closed ? "(never closed)" : c == null ? "-" : String.format(Locale.ROOT, "%d %d %.2f",
                        c.getArticles(), c.getAgainst(), c.getExpectedAgainst());
                boolean changed = closed && !Objects.equals(fs, cs);
                out.printf(Locale.ROOT, "%3d %s  %-16s | %-16s %s%n", i, day, fs, cs, changed ? "CHANGED" : "");
            }
        }
    }

    private static String days(List<Detection> ds) {
        if (ds == null) {
            return "";
        }
        return ds.stream().sorted(java.util.Comparator.comparing(Detection::day))
                .map(d -> d.day() + ":" + d.kind() + (d.direction() == null ? "" : "/" + d.direction()))
                .collect(Collectors.joining(" "));
    }
}
