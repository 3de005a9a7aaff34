package org.stancewatch.pipeline.alerts;

import java.time.LocalDate;
import java.util.List;
import org.stancewatch.events.ActorDay;

/**
 * One day of one series, as the detector sees it.
 *
 * @param expectedFavor   sum over the day's articles of the calibrated P(FAVOR) (NaN when the row does not carry it)
 * @param expectedAgainst sum over the day's articles of the calibrated P(AGAINST) (NaN when the row does not carry it)
 */
public record DaySample(LocalDate day, long articles, long favor, long against, long neutral, long mixed,
                        double meanScore, List<String> articleIds, double expectedFavor, double expectedAgainst) {

    public DaySample {
        if (articles < 0 || favor < 0 || against < 0 || neutral < 0 || mixed < 0) {
            throw new IllegalArgumentException("counts must be >= 0 on " + day);
        }
        if (favor + against > articles) {
            throw new IllegalArgumentException("favor + against (" + (favor + against) + ") exceeds articles ("
                    + articles + ") on " + day);
        }
        if (!Double.isNaN(expectedFavor) && !(expectedFavor >= 0 && expectedFavor <= articles + 1e-6)
                || !Double.isNaN(expectedAgainst) && !(expectedAgainst >= 0 && expectedAgainst <= articles + 1e-6)) {
            throw new IllegalArgumentException("expected counts (" + expectedFavor + ", " + expectedAgainst
                    + ") outside [0, articles=" + articles + "] on " + day);
        }
        articleIds = articleIds == null ? List.of() : List.copyOf(articleIds);
    }

    /** A day with hard labels only (no calibrated expected counts). */
    public DaySample(LocalDate day, long articles, long favor, long against, long neutral, long mixed,
                     double meanScore, List<String> articleIds) {
        this(day, articles, favor, against, neutral, mixed, meanScore, articleIds, Double.NaN, Double.NaN);
    }

    public boolean hasExpectedCounts() {
        return !Double.isNaN(expectedFavor) && !Double.isNaN(expectedAgainst);
    }

    /**
     * Rows written before the expected counts existed carry the schema default -1 (and rows of days with no
     * articles 0): both mean "not known", so the detector falls back to hard labels for that day.
     */
    public static DaySample of(ActorDay d) {
        boolean known = d.getExpectedFavor() >= 0 && d.getExpectedAgainst() >= 0 && d.getArticles() > 0;
        return new DaySample(d.getDay(), d.getArticles(), d.getFavor(), d.getAgainst(), d.getNeutral(), d.getMixed(),
                // Rows carry counts only (ActorDay v3): the articles behind them come from EvidenceLookup.articleIds.
                d.getMeanScore(), List.of(), known ? Math.min(d.getExpectedFavor(), d.getArticles()) : Double.NaN,
                known ? Math.min(d.getExpectedAgainst(), d.getArticles()) : Double.NaN);
    }
}
