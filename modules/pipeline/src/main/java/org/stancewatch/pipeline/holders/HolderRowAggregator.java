package org.stancewatch.pipeline.holders;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.kstream.Aggregator;
import org.stancewatch.pipeline.internal.HolderContribution;
import org.stancewatch.pipeline.internal.HolderRow;

/**
 * Applies a contribution to a row: the row keeps each article's latest contribution by article id, so an
 * addition replaces (never adds to) what the same article gave before, and a retraction removes it. Applying the
 * same change twice gives the same row, which is what makes re-sends safe.
 */
final class HolderRowAggregator implements Aggregator<String, HolderContribution, HolderRow> {

    static HolderRow empty() {
        return new HolderRow(new HashMap<>());
    }

    @Override
    public HolderRow apply(String row, HolderContribution change, HolderRow current) {
        Map<String, HolderContribution> byArticle = new HashMap<>(current.getByArticle());
        if (change.getRetraction()) {
            byArticle.remove(change.getArticleId());
        } else {
            byArticle.put(change.getArticleId(), change);
        }
        return new HolderRow(byArticle);
    }
}
