package org.stancewatch.app.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.stancewatch.app.http.ApiModel.ArticleRef;
import org.stancewatch.app.http.ApiModel.ArticleView;
import org.stancewatch.app.http.ApiModel.DayStats;
import org.stancewatch.app.http.ApiModel.StanceView;

/**
 * The articles behind a number on the dashboard ({@code GET /api/actors/{id}/articles}): the ids the counted rows
 * carry (from {@link StancewatchQueries#days}, {@link StancewatchQueries#outlets} or {@link StancewatchQueries#undated},
 * so exactly the articles the row counts), newest day first, each looked up for its title and the actor's stance.
 */
final class ArticleDrill {
    /** The outlet name {@link Aggregations#byOutlet} shows for rows without an outlet. */
    static final String UNKNOWN_OUTLET = "(unknown)";

    private ArticleDrill() {}

    /**
     * @param range   publication days (ignored when {@code undated})
     * @param undated the actor's undated articles instead of a period
     * @param outlet  only the rows of this outlet (as {@code /outlets} names it), or null for all outlets
     * @param stance  only articles where the actor got this label, or null
     */
    static List<ArticleRef> articles(StancewatchQueries queries, String actorId, DateRange range, boolean undated,
                                     String outlet, String stance, int limit) {
        List<DayStats> rows;
        if (undated) {
            // The undated row exists for all outlets only: its articles are filtered by their own outlet below.
            rows = queries.undated().stream().filter(r -> r.actorId().equals(actorId)).toList();
        } else if (outlet != null) {
            rows = queries.outlets(actorId, range).stream().filter(r -> sameOutlet(r.outlet(), outlet)).toList();
        } else {
            rows = queries.days(actorId, range);
        }
        List<DayStats> newestFirst = new ArrayList<>(rows);
        newestFirst.sort(Comparator.comparing(DayStats::day, Comparator.nullsFirst(Comparator.<java.time.LocalDate>naturalOrder()))
                .reversed());
        Set<String> ids = new LinkedHashSet<>();
        for (DayStats row : newestFirst) {
            ids.addAll(row.articleIds());
        }
        List<ArticleRef> out = new ArrayList<>();
        for (String id : ids) {
            if (out.size() >= limit) {
                break;
            }
            Optional<ArticleView> found = queries.article(id);
            if (found.isEmpty()) {
                continue; // counted but gone from the store (retracted since): nothing to open
            }
            ArticleView a = found.get();
            if (undated && outlet != null && !sameOutlet(a.outlet(), outlet)) {
                continue;
            }
            ArticleRef ref = ArticleRef.of(a, actorId);
            if (stance == null || stance.equals(ref.stance())) {
                out.add(ref);
            }
        }
        return out;
    }

    private static boolean sameOutlet(String rowOutlet, String wanted) {
        return rowOutlet == null ? UNKNOWN_OUTLET.equals(wanted) : rowOutlet.equals(wanted);
    }

    /** The actor's stance entry in the article; an article that mentions it without one counts as NEUTRAL. */
    static Optional<StanceView> stanceOf(ArticleView a, String actorId) {
        return a.stances().stream().filter(s -> Objects.equals(s.actorId(), actorId)).findFirst();
    }
}
