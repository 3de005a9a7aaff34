package org.stancewatch.app.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.stancewatch.events.ActorDay;
import org.stancewatch.pipeline.daily.RowKeys;

/**
 * The pipeline's final all-outlet {@code mentions.daily} rows of one {@code eval alerts --text} run, saved so the
 * detector can be replayed offline against other settings ({@code --replay-series}) without running the pipeline
 * again (minutes instead of a second). The first line names the plan (seed, size, text file, article count); a
 * replay recomputes the plan from the same options and refuses a file saved for another one, so a parameter search
 * can only read the series of the half it was asked for.
 *
 * <p>Format: tab-separated, one row per line after a {@code # plan ...} header:
 * {@code actorId day articles favor against neutral mixed meanScore expectedFavor expectedAgainst}.
 */
public final class SavedSeries {

    static final String HEADER = "# stancewatch eval alerts series v1 plan ";

    private SavedSeries() {
    }

    /** The plan's identity as written in the header: what a replay must match. */
    static String planKey(TextAlertEval.Options o, TextAlertScenario.Plan plan) {
        return String.format(Locale.ROOT, "seed=%d actors=%d days=%d per-day=%s shifted=%s shift=%s text=%s articles=%d",
                o.seed(), o.actors(), o.days(), o.perDay(), o.shiftedFraction(), o.shift(), o.text().getFileName(),
                plan.articles().size());
    }

    static void write(Path file, String planKey, Map<String, ActorDay> rows) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER + planKey);
        // Sorted by key so the same run always writes the same file.
        for (ActorDay d : new TreeMap<>(rows).values()) {
            if (d.getOutlet() != null || d.getDay() == null) {
                continue;
            }
            lines.add(String.join("\t", d.getActorId(), d.getDay().toString(), Long.toString(d.getArticles()),
                    Long.toString(d.getFavor()), Long.toString(d.getAgainst()), Long.toString(d.getNeutral()),
                    Long.toString(d.getMixed()), Double.toString(d.getMeanScore()), Double.toString(d.getExpectedFavor()),
                    Double.toString(d.getExpectedAgainst())));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** The rows keyed {@code actorId|day}, as the eval reads them from {@code mentions.daily}. */
    static Map<String, ActorDay> read(Path file, String expectedPlanKey) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).startsWith(HEADER)) {
            throw new IllegalArgumentException("series file " + file + " does not start with '" + HEADER.trim()
                    + "': not written by eval alerts --save-series");
        }
        String saved = lines.get(0).substring(HEADER.length()).trim();
        if (!saved.equals(expectedPlanKey)) {
            throw new IllegalArgumentException("series file " + file + " was saved for plan [" + saved
                    + "] but these options give [" + expectedPlanKey + "]: use the same --text, --half, --seed and size");
        }
        Map<String, ActorDay> rows = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 10) {
                throw new IllegalArgumentException("series file " + file + " line " + (i + 1) + ": expected 10 tab-separated "
                        + "fields, got " + f.length);
            }
            try {
                ActorDay d = ActorDay.newBuilder().setActorId(f[0]).setDay(LocalDate.parse(f[1])).setOutlet(null)
                        .setArticles(Long.parseLong(f[2])).setFavor(Long.parseLong(f[3])).setAgainst(Long.parseLong(f[4]))
                        .setNeutral(Long.parseLong(f[5])).setMixed(Long.parseLong(f[6])).setMeanScore(Double.parseDouble(f[7]))
                        .setExpectedFavor(Double.parseDouble(f[8])).setExpectedAgainst(Double.parseDouble(f[9])).build();
                rows.put(RowKeys.daily(d.getActorId(), d.getDay()), d);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("series file " + file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return rows;
    }
}
