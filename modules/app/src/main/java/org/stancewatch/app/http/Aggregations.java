package org.stancewatch.app.http;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stancewatch.app.http.ApiModel.ActorSummary;
import org.stancewatch.app.http.ApiModel.CandidateCount;
import org.stancewatch.app.http.ApiModel.DayStats;
import org.stancewatch.app.http.ApiModel.OutletStats;
import org.stancewatch.app.http.ApiModel.ArticleView;
import org.stancewatch.events.Actor;
import org.stancewatch.pipeline.EventTime;

/** Sums shared by every {@link StancewatchQueries} implementation and by the cross-instance merge. */
public final class Aggregations {
    private Aggregations() {}

    static final Comparator<ActorSummary> MOST_MENTIONED = Comparator
            .comparingLong(ActorSummary::mentions).reversed()
            .thenComparing(Comparator.comparingLong(ActorSummary::articles).reversed())
            .thenComparing(ActorSummary::actorId);

    static final Comparator<CandidateCount> MOST_FREQUENT = Comparator
            .comparingLong(CandidateCount::mentions).reversed()
            .thenComparing(Comparator.comparingLong(CandidateCount::articles).reversed())
            .thenComparing(CandidateCount::name);

    /** Per-actor totals of all-outlet day rows, most mentioned first. */
    public static List<ActorSummary> summarize(Collection<DayStats> days) {
        Map<String, ActorSummary> byActor = new LinkedHashMap<>();
        for (DayStats d : days) {
            byActor.merge(d.actorId(), ActorSummary.of(d), ActorSummary::merge);
        }
        return sortedSummaries(byActor.values());
    }

    /** Merges partial summaries (e.g. from several instances) of possibly the same actors. */
    public static List<ActorSummary> mergeSummaries(Collection<ActorSummary> partials) {
        Map<String, ActorSummary> byActor = new LinkedHashMap<>();
        for (ActorSummary s : partials) {
            byActor.merge(s.actorId(), s, ActorSummary::merge);
        }
        return sortedSummaries(byActor.values());
    }

    private static List<ActorSummary> sortedSummaries(Collection<ActorSummary> summaries) {
        List<ActorSummary> out = new ArrayList<>(summaries);
        out.sort(MOST_MENTIONED);
        return out;
    }

    /** Undated rows, most articles first (then most mentions, then actor id). */
    public static List<DayStats> sortedUndated(Collection<DayStats> rows) {
        List<DayStats> out = new ArrayList<>(rows);
        out.sort(Comparator.comparingLong(DayStats::articles).reversed()
                .thenComparing(Comparator.comparingLong(DayStats::mentions).reversed())
                .thenComparing(DayStats::actorId));
        return out;
    }

    /** Per-outlet totals of per-outlet day rows, most covering outlet first. */
    public static List<OutletStats> byOutlet(Collection<DayStats> outletDays) {
        Map<String, long[]> sums = new LinkedHashMap<>();
        for (DayStats d : outletDays) {
            long[] s = sums.computeIfAbsent(d.outlet() == null ? "(unknown)" : d.outlet(), k -> new long[6]);
            s[0] += d.mentions();
            s[1] += d.articles();
            s[2] += d.favor();
            s[3] += d.against();
            s[4] += d.neutral();
            s[5] += d.mixed();
        }
        List<OutletStats> out = new ArrayList<>();
        sums.forEach((outlet, s) -> out.add(new OutletStats(outlet, s[0], s[1], s[2], s[3], s[4], s[5],
                s[1] == 0 ? 0 : (double) (s[2] - s[3]) / s[1])));
        out.sort(Comparator.comparingLong(OutletStats::articles).reversed()
                .thenComparing(Comparator.comparingLong(OutletStats::mentions).reversed())
                .thenComparing(OutletStats::outlet));
        return out;
    }

    /**
     * Candidate-name counts over the enriched articles of {@code range} (duplicates of other articles skipped),
     * leaving out {@code trackedNames} (lower case, see {@link #trackedNames}): articles enriched before an actor
     * was added, or by an analyser that did not know the catalogue, still carry its names as candidates.
     */
    public static List<CandidateCount> candidates(Iterable<ArticleView> articles, DateRange range, Set<String> trackedNames) {
        boolean allTime = range.equals(DateRange.all());
        Map<String, CandidateCount> byName = new LinkedHashMap<>();
        for (ArticleView a : articles) {
            if (a.duplicateOf() != null || (!allTime && !range.contains(day(a)))) {
                continue;
            }
            for (ApiModel.CandidateView c : a.candidates()) {
                if (!trackedNames.contains(c.name().toLowerCase(Locale.ROOT))) {
                    byName.merge(c.name(), new CandidateCount(c.name(), c.count(), 1), CandidateCount::merge);
                }
            }
        }
        return sortedCandidates(byName.values(), Integer.MAX_VALUE);
    }

    /**
     * The day an article counts on, as the daily counts see it (publishedAt, else publishedDate; instants in UTC);
     * null for an undated article, which the daily counts keep in the undated bucket, never on its feed day.
     */
    static LocalDate day(ArticleView a) {
        return EventTime.day(a.publishedAt(), a.publishedDate(), ZoneOffset.UTC);
    }

    /** Every name the catalogue tracks, lower case: display names, aliases (demonyms and capitals among them), role aliases. */
    public static Set<String> trackedNames(Collection<Actor> actors) {
        Set<String> names = new HashSet<>();
        for (Actor a : actors) {
            names.add(a.getName().toLowerCase(Locale.ROOT));
            a.getAliases().forEach(n -> names.add(n.toLowerCase(Locale.ROOT)));
            a.getCaseSensitiveAliases().forEach(n -> names.add(n.toLowerCase(Locale.ROOT)));
            a.getRoleAliases().forEach(r -> names.add(r.getAlias().toLowerCase(Locale.ROOT)));
        }
        return names;
    }

    public static List<CandidateCount> mergeCandidates(Collection<CandidateCount> partials, int limit) {
        Map<String, CandidateCount> byName = new LinkedHashMap<>();
        for (CandidateCount c : partials) {
            byName.merge(c.name(), c, CandidateCount::merge);
        }
        return sortedCandidates(byName.values(), limit);
    }

    private static List<CandidateCount> sortedCandidates(Collection<CandidateCount> counts, int limit) {
        return counts.stream().sorted(MOST_FREQUENT).limit(limit).toList();
    }
}
