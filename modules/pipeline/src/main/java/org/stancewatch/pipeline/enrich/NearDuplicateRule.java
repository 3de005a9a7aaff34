package org.stancewatch.pipeline.enrich;

import java.util.Comparator;
import org.stancewatch.pipeline.internal.DedupMatch;
import org.stancewatch.pipeline.internal.DedupProbe;

/**
 * The near-duplicate rule shared by every band's partition and by the join-back, so they agree without talking:
 * articles are ranked by (event time, first seen, id), a total order fixed per article, and an article links to
 * the best-ranked stored article that ranks <em>before</em> it and whose SimHash is within
 * {@link SimHash#MAX_DUPLICATE_DISTANCE} bits. Because the rank does not change with arrival, two copies can never
 * point at each other, and the best match over the bands is the best match over all stored articles.
 */
public final class NearDuplicateRule {

    /** Earliest publication first; same event time (date-only days): first arrival; then the smaller id. */
    public static final Comparator<DedupMatch> RANK = Comparator.comparingLong(DedupMatch::getEventTime)
            .thenComparingLong(DedupMatch::getFirstSeen)
            .thenComparing(DedupMatch::getArticleId);

    private NearDuplicateRule() {
    }

    public static DedupMatch rankOf(DedupProbe probe) {
        return new DedupMatch(probe.getArticleId(), probe.getEventTime(), probe.getFirstSeen());
    }

    /** Whether stored article {@code candidate} is an earlier near-duplicate that {@code probe} may link to. */
    public static boolean linksTo(DedupProbe probe, DedupProbe candidate) {
        return linksTo(probe, candidate, SimHash.MAX_DUPLICATE_DISTANCE);
    }

    /** {@link #linksTo(DedupProbe, DedupProbe)} with another distance (for measuring alternatives). */
    public static boolean linksTo(DedupProbe probe, DedupProbe candidate, int maxDistance) {
        return !candidate.getArticleId().equals(probe.getArticleId())
                && SimHash.distance(candidate.getSimhash(), probe.getSimhash()) <= maxDistance
                && RANK.compare(rankOf(candidate), rankOf(probe)) < 0;
    }

    /** The better-ranked of two matches (either may be null). */
    public static DedupMatch best(DedupMatch a, DedupMatch b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return RANK.compare(a, b) <= 0 ? a : b;
    }

    /** Key of one band's bucket, also the repartition key: {@code b<band>|<band value hex>}. */
    public static String bandKey(int band, long simhash) {
        return bandKey(band, simhash, SimHash.BANDS);
    }

    public static String bandKey(int band, long simhash, int bands) {
        return "b" + band + "|" + Integer.toHexString(SimHash.band(simhash, band, bands));
    }
}
