package org.stancewatch.pipeline.daily;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.kstream.Aggregator;
import org.stancewatch.pipeline.internal.Contribution;
import org.stancewatch.pipeline.internal.DayContributions;

/**
 * Applies a contribution to a row: the row keeps each article's latest contribution by article id,
 * so an addition replaces (never adds to) what the same article gave before, and a retraction removes it.
 * Applying the same change twice gives the same row, which is what makes re-sends safe.
 */
final class DayContributionsAggregator implements Aggregator<String, Contribution, DayContributions> {

    static DayContributions empty() {
        return new DayContributions(new HashMap<>());
    }

    @Override
    public DayContributions apply(String row, Contribution change, DayContributions current) {
        Map<String, Contribution> byArticle = new HashMap<>(current.getByArticle());
        if (change.getRetraction()) {
            byArticle.remove(change.getArticleId());
        } else {
            byArticle.put(change.getArticleId(), change);
        }
        return new DayContributions(byArticle);
    }
}
