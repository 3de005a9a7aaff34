package org.stancewatch.app;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.ActorStance;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.app.http.ApiModel.AlertView;
import org.stancewatch.events.StanceShiftAlert;

/** The terminal renderings shared by demo, watch and alerts, so they all look alike. */
public final class Tables {
    private Tables() {
    }

    /**
     * Per actor per day, newest day first, then most mentioned. Only all-outlet rows (outlet == null). Undated rows
     * (articles with no publication date) come last, as day "undated", and only without {@code lastDays}: they are
     * in no period, so "the last N days" never shows them, and they never decide which day is the newest.
     */
    public static TextTable mentions(Collection<ActorDay> rows, String actorFilter, int lastDays) {
        List<ActorDay> totals = rows.stream()
                .filter(d -> d.getOutlet() == null)
                .filter(d -> actorFilter == null || actorFilter.equals(d.getActorId()))
                .toList();
        LocalDate newest = totals.stream().map(ActorDay::getDay).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        TextTable t = new TextTable(40, "day", "actor", "mentions>", "articles>", "favor>", "against>", "neutral>",
                "mixed>", "net>");
        Comparator<ActorDay> mostMentioned = Comparator.comparingLong(ActorDay::getMentions).reversed()
                .thenComparing(ActorDay::getActorId);
        totals.stream()
                .filter(d -> d.getDay() != null)
                .filter(d -> lastDays <= 0 || newest == null || !d.getDay().isBefore(newest.minusDays(lastDays - 1L)))
                .sorted(Comparator.comparing(ActorDay::getDay).reversed().thenComparing(mostMentioned))
                .forEach(d -> row(t, d.getDay().toString(), d));
        if (lastDays <= 0) {
            totals.stream().filter(d -> d.getDay() == null && d.getArticles() > 0).sorted(mostMentioned)
                    .forEach(d -> row(t, "undated", d));
        }
        return t;
    }

    private static void row(TextTable t, String day, ActorDay d) {
        t.row(day, d.getActorName().isEmpty() ? d.getActorId() : d.getActorName(),
                d.getMentions(), d.getArticles(), d.getFavor(), d.getAgainst(), d.getNeutral(), d.getMixed(),
                String.format(Locale.ROOT, "%+.2f", d.getNetStance()));
    }

    /** One line per enriched article: day, outlet, title and each actor's stance. */
    public static String articleLine(EnrichedArticle a) {
        String day = a.getPublishedDate() != null ? a.getPublishedDate().toString()
                : a.getPublishedAt() != null ? a.getPublishedAt().toString().substring(0, 10) : "undated";
        String stances = a.getStances().stream()
                .sorted(Comparator.comparing(ActorStance::getActorId))
                .map(s -> s.getActorId() + "=" + s.getStance())
                .collect(Collectors.joining(" "));
        String title = a.getTitle().length() > 70 ? a.getTitle().substring(0, 69) + "…" : a.getTitle();
        return String.format(Locale.ROOT, "%-10s  %-14s  %-70s  %s%s", day,
                a.getOutlet() == null ? "-" : cut(a.getOutlet(), 14), title.replaceAll("\\s+", " "), stances,
                a.getDuplicateOf() == null ? "" : "  (copy of " + a.getDuplicateOf() + ")");
    }

    /** An alert as a few lines: a plain sentence, then the numbers, the detector's explanation and the evidence. */
    public static String alert(StanceShiftAlert a) {
        StringBuilder sb = new StringBuilder();
        sb.append(AlertView.from(a).headline()).append('\n');
        sb.append(String.format(Locale.ROOT, "    %s  %s  %s%s  %s: %s %.3f (n=%d) -> %.3f (n=%d); %s=%.2f > %.2f%n",
                a.getDay(), a.getKind(), a.getActorName().isEmpty() ? a.getActorId() : a.getActorName(),
                a.getOutlet() == null ? "" : " @ " + a.getOutlet(), a.getDirection(), a.getMetric(), a.getBefore(),
                a.getBeforeN(), a.getAfter(), a.getAfterN(), a.getStatistic(), a.getStatisticValue(), a.getThreshold()));
        if (!a.getExplanation().isEmpty()) {
            sb.append("    ").append(a.getExplanation()).append('\n');
        }
        a.getEvidence().stream().limit(5).forEach(e -> {
            sb.append("    ").append(e.getStance()).append("  ").append(cut(e.getTitle(), 90)).append("  [")
                    .append(e.getArticleId()).append("]\n");
            e.getSentences().stream().limit(2).forEach(s -> sb.append("        \"").append(cut(s, 140)).append("\"\n"));
        });
        return sb.toString();
    }

    private static String cut(String s, int max) {
        String flat = s.replaceAll("\\s+", " ").strip();
        return flat.length() > max ? flat.substring(0, max - 1) + "…" : flat;
    }
}
