package org.stancewatch.app.http;

import java.util.List;
import java.util.Optional;
import org.stancewatch.app.http.ApiModel.ActorSummary;
import org.stancewatch.app.http.ApiModel.AlertView;
import org.stancewatch.app.http.ApiModel.ArticleView;
import org.stancewatch.app.http.ApiModel.CandidateCount;
import org.stancewatch.app.http.ApiModel.DayStats;

/**
 * The read side the HTTP API serves. {@link KafkaStreamsQueries} answers from the pipeline's state
 * stores (across all instances); tests use an in-memory implementation.
 */
public interface StancewatchQueries {

    /** Actors with coverage in the range, most mentioned first. */
    List<ActorSummary> actors(DateRange range);

    /** The actor's all-outlet rows for each day in the range that has coverage, oldest first. */
    List<DayStats> days(String actorId, DateRange range);

    /** The actor's per-outlet rows for each day in the range, oldest first. */
    List<DayStats> outlets(String actorId, DateRange range);

    /**
     * Every actor's undated row (all outlets; {@code day == null}): coverage in articles with no known publication
     * date, which no period contains. Most articles first.
     */
    List<DayStats> undated();

    Optional<ArticleView> article(String articleId);

    /** The newest alerts first, at most {@code limit}. */
    List<AlertView> alerts(int limit);

    /**
     * Untracked names in the articles of the range, most frequent first, at most {@code limit}. Names of tracked
     * actors (their names, aliases, demonyms and capitals in the live catalogue) are never candidates.
     */
    List<CandidateCount> candidates(DateRange range, int limit);

    /**
     * Rows of {@code stances.by-holder} whose target is the actor ("who speaks about X"), dated within the range;
     * {@link HolderModel#edges} sums them.
     */
    List<HolderModel.HolderDay> holdersOf(String targetId, DateRange range);

    /** Rows of {@code stances.by-holder} whose holder is the actor ("what X says about others"), within the range. */
    List<HolderModel.HolderDay> targetsOf(String holderId, DateRange range);

    /** Whether the actor is in the live catalogue or has counts on some day (unknown ids answer 404). */
    boolean knowsActor(String actorId);
}
