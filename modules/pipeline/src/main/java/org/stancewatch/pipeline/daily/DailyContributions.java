package org.stancewatch.pipeline.daily;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.stancewatch.pipeline.internal.Contribution;

/**
 * Key layout of the per-article contributions stores ({@code mentions-daily-contributions},
 * {@code mentions-daily-outlet-contributions}): {@code <row key>\0<article id>} -> that article's {@link Contribution}.
 * One entry per (row, article), so an update writes one small value, never the whole row; a prefix scan on
 * {@code <row key>\0} gives the drill-down. NUL cannot occur in actor ids or days, but an outlet or article id could
 * hold one, so a scanned entry only counts if its key is exactly {@code <row key>\0<its article id>}.
 */
public final class DailyContributions {

    static final char SEPARATOR = '\0';
    private static final StringSerializer PREFIX_SERIALIZER = new StringSerializer();

    private DailyContributions() {
    }

    /** The store key of one article's contribution to one row. */
    public static String key(String rowKey, String articleId) {
        return rowKey + SEPARATOR + articleId;
    }

    /** The contributions behind a row, in article-id order (a prefix scan; reads only). */
    static List<Contribution> of(ReadOnlyKeyValueStore<String, Contribution> store, String rowKey) {
        List<Contribution> found = new ArrayList<>();
        String prefix = rowKey + SEPARATOR;
        try (KeyValueIterator<String, Contribution> it = store.prefixScan(prefix, PREFIX_SERIALIZER)) {
            while (it.hasNext()) {
                KeyValue<String, Contribution> kv = it.next();
                if (kv.value != null && kv.key.equals(prefix + kv.value.getArticleId())) {
                    found.add(kv.value);
                }
            }
        }
        // The scan is in UTF-8 byte order; String order is what the drill-down has always promised.
        found.sort((a, b) -> a.getArticleId().compareTo(b.getArticleId()));
        return found;
    }

    /** The drill-down behind a row: ids of the articles it counts, in id order. */
    public static List<String> articleIds(ReadOnlyKeyValueStore<String, Contribution> store, String rowKey) {
        return of(store, rowKey).stream().map(Contribution::getArticleId).toList();
    }
}
