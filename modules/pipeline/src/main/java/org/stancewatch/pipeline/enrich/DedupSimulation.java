package org.stancewatch.pipeline.enrich;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stancewatch.pipeline.internal.DedupMatch;
import org.stancewatch.pipeline.internal.DedupProbe;

/**
 * In-memory replays of near-duplicate linking over a sequence of arrivals, each article fully processed before
 * the next (what one task sees, and what TopologyTestDriver does), for measuring the rule on generated sets:
 * <ul>
 *   <li>{@link #banded}: today's partition-parallel rule, through {@link NearDuplicateRule} and
 *       {@link SimHash#band} exactly as the band and join-back processors apply them (a test holds the
 *       topology to this replay);</li>
 *   <li>{@link #funnel}: the single-partition rule it replaced (stancewatch before #11.2: the earliest stored
 *       near-duplicate with event time no later, ties by arrival, following that article's own link).</li>
 * </ul>
 */
public final class DedupSimulation {

    /** One arrival: article id, its SimHash and event time (epoch millis). */
    public record Arrival(String id, long simhash, long eventTime) {
    }

    private DedupSimulation() {
    }

    /** article id -> duplicateOf (null: none) of each arrival's output, in arrival order (last version wins). */
    public static Map<String, String> banded(List<Arrival> arrivals, int bands, int maxDistance) {
        if (bands <= maxDistance) {
            throw new IllegalArgumentException(bands + " bands cannot guarantee a shared band within distance "
                    + maxDistance);
        }
        Map<String, DedupProbe> byId = new HashMap<>();
        Map<String, Map<String, DedupProbe>> buckets = new HashMap<>();
        Map<String, String> links = new LinkedHashMap<>();
        long clock = 0;
        for (Arrival a : arrivals) {
            clock++;
            DedupProbe previous = byId.get(a.id());
            long firstSeen = previous == null ? clock : previous.getFirstSeen();
            DedupProbe probe = new DedupProbe(a.id(), previous == null ? 1 : previous.getVersion() + 1, -1, a.simhash(),
                    a.eventTime(), firstSeen, clock, false);
            if (previous != null) {
                for (int band = 0; band < bands; band++) {
                    Map<String, DedupProbe> bucket = buckets.get(NearDuplicateRule.bandKey(band, previous.getSimhash(), bands));
                    if (bucket != null) {
                        bucket.remove(a.id());
                    }
                }
            }
            DedupMatch best = null;
            for (int band = 0; band < bands; band++) {
                Map<String, DedupProbe> bucket = buckets.computeIfAbsent(
                        NearDuplicateRule.bandKey(band, a.simhash(), bands), k -> new HashMap<>());
                for (DedupProbe candidate : bucket.values()) {
                    if (NearDuplicateRule.linksTo(probe, candidate, maxDistance)) {
                        best = NearDuplicateRule.best(best, NearDuplicateRule.rankOf(candidate));
                    }
                }
                bucket.put(a.id(), probe);
            }
            byId.put(a.id(), probe);
            links.put(a.id(), best == null ? null : best.getArticleId());
        }
        return links;
    }

    /** The replaced single-partition rule (a full scan here; the processor used band prefix scans, same result). */
    public static Map<String, String> funnel(List<Arrival> arrivals, int maxDistance) {
        record Entry(String id, long simhash, long eventTime, String duplicateOf, long seenAt) {
        }
        Map<String, Entry> store = new LinkedHashMap<>();
        Map<String, String> links = new LinkedHashMap<>();
        long clock = 0;
        for (Arrival a : arrivals) {
            clock++;
            store.remove(a.id());
            List<Entry> matches = new ArrayList<>();
            for (Entry c : store.values()) {
                if (!a.id().equals(c.duplicateOf()) && c.eventTime() <= a.eventTime()
                        && SimHash.distance(c.simhash(), a.simhash()) <= maxDistance) {
                    matches.add(c);
                }
            }
            Entry original = matches.stream().min(Comparator.comparingLong(Entry::eventTime)
                    .thenComparingLong(Entry::seenAt).thenComparing(Entry::id)).orElse(null);
            String duplicateOf = original == null ? null
                    : original.duplicateOf() != null ? original.duplicateOf() : original.id();
            store.put(a.id(), new Entry(a.id(), a.simhash(), a.eventTime(), duplicateOf, clock));
            links.put(a.id(), duplicateOf);
        }
        return links;
    }
}
