package org.stancewatch.app.http;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stancewatch.app.http.ApiModel.ActorSummary;
import org.stancewatch.app.http.ApiModel.AlertView;
import org.stancewatch.app.http.ApiModel.ArticleView;
import org.stancewatch.app.http.ApiModel.CandidateCount;
import org.stancewatch.app.http.ApiModel.DayStats;
import org.stancewatch.events.Actor;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.StanceShiftAlert;

/** Test-only read side over fixed records: lets the HTTP and browser tests run without Kafka or NLP. */
class InMemoryQueries implements StancewatchQueries {
    private final List<DayStats> days;
    private final List<DayStats> outletDays;
    private final Map<String, ArticleView> articles = new LinkedHashMap<>();
    final AlertRing alerts = new AlertRing(100);
    private final List<HolderModel.HolderDay> holderRows =
            HolderFixtures.rows().stream().map(HolderModel.HolderDay::from).toList();
    /** The live catalogue, as the pipeline's LiveCatalogue would give it. */
    volatile List<Actor> catalogue = List.of();

    InMemoryQueries(List<EnrichedArticle> articles, List<StanceShiftAlert> alerts) {
        this.days = Fixtures.dayStats(articles, false);
        this.outletDays = Fixtures.dayStats(articles, true);
        articles.forEach(a -> this.articles.put(a.getId(), ArticleView.from(a)));
        alerts.forEach(a -> this.alerts.add(AlertView.from(a)));
    }

    static InMemoryQueries withFixtures() {
        List<EnrichedArticle> articles = Fixtures.articles();
        return new InMemoryQueries(articles, List.of(
                Fixtures.alert("shift-iraqi-army-2017-07-11", "iraqi-army", "Iraqi army", "TOWARD_AGAINST", articles.get(4))));
    }

    List<ActorDay> rawDays() {
        return Fixtures.actorDays(Fixtures.articles(), false);
    }

    @Override
    public List<ActorSummary> actors(DateRange range) {
        return Aggregations.summarize(days.stream().filter(d -> range.contains(d.day())).toList());
    }

    @Override
    public List<DayStats> days(String actorId, DateRange range) {
        return select(days, actorId, range);
    }

    @Override
    public List<DayStats> outlets(String actorId, DateRange range) {
        return select(outletDays, actorId, range);
    }

    private static List<DayStats> select(List<DayStats> rows, String actorId, DateRange range) {
        return rows.stream().filter(d -> d.actorId().equals(actorId) && range.contains(d.day()))
                .sorted(Comparator.comparing(DayStats::day)).toList();
    }

    @Override
    public List<DayStats> undated() {
        return Aggregations.sortedUndated(days.stream().filter(d -> d.day() == null).toList());
    }

    @Override
    public Optional<ArticleView> article(String articleId) {
        return Optional.ofNullable(articles.get(articleId));
    }

    @Override
    public List<AlertView> alerts(int limit) {
        return alerts.latest(limit);
    }

    @Override
    public List<CandidateCount> candidates(DateRange range, int limit) {
        return Aggregations.candidates(articles.values(), range, Aggregations.trackedNames(catalogue)).stream()
                .limit(limit).toList();
    }

    @Override
    public List<HolderModel.HolderDay> holdersOf(String targetId, DateRange range) {
        return holderRows.stream().filter(r -> r.target().equals(targetId) && range.contains(r.day())).toList();
    }

    @Override
    public List<HolderModel.HolderDay> targetsOf(String holderId, DateRange range) {
        return holderRows.stream().filter(r -> r.holder().equals(holderId) && range.contains(r.day())).toList();
    }

    @Override
    public boolean knowsActor(String actorId) {
        return catalogue.stream().anyMatch(a -> a.getId().equals(actorId)) || days.stream().anyMatch(d -> d.actorId().equals(actorId));
    }
}
