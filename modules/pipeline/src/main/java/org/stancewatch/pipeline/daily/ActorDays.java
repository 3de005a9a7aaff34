package org.stancewatch.pipeline.daily;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.stancewatch.events.ActorDay;
import org.stancewatch.nlp.stance.StanceCalibration;
import org.stancewatch.pipeline.internal.Contribution;
import org.stancewatch.pipeline.internal.DayContributions;

/**
 * Computes the published {@link ActorDay} row from the per-article contributions behind it, with the
 * calibrated expected FAVOR/AGAINST counts and the confusion-corrected shares ({@link StanceCalibration}).
 * Counts only: which articles made the row stays in the contributions store ({@link #articleIds}).
 */
final class ActorDays {

    private ActorDays() {
    }

    /** A row whose last article was retracted stays, with zero counts, so subscribers see it drop to zero. */
    static ActorDay of(String rowKey, DayContributions row) {
        String[] parts = RowKeys.parse(rowKey);
        // In article-id order: floating-point sums must not depend on the map's iteration order (which differs
        // between a freshly built map and one read back from the store), or replays would differ in the last bit.
        List<Contribution> contributions = new ArrayList<>(new TreeMap<>(row.getByArticle()).values());
        long mentions = 0;
        long favor = 0;
        long against = 0;
        long neutral = 0;
        long mixed = 0;
        double scoreSum = 0;
        double expectedFavor = 0;
        double expectedAgainst = 0;
        StanceCalibration calibration = StanceCalibration.shared();
        long newest = Long.MIN_VALUE;
        String name = "";
        Set<String> outlets = new HashSet<>();
        for (Contribution c : contributions) {
            mentions += c.getMentions();
            switch (c.getStance()) {
                case "FAVOR" -> favor++;
                case "AGAINST" -> against++;
                case "MIXED" -> mixed++;
                default -> neutral++;
            }
            scoreSum += c.getScore();
            double[] p = calibration.probabilities(c.getScore());
            expectedAgainst += p[0];
            expectedFavor += p[1];
            if (c.getOutlet() != null) {
                outlets.add(c.getOutlet());
            }
            if (c.getEventTime() >= newest) {
                newest = c.getEventTime();
                name = c.getActorName();
            }
        }
        long articles = contributions.size();
        double[] corrected = calibration.correctedShares(against, favor, articles);
        return ActorDay.newBuilder()
                .setActorId(parts[0])
                .setActorName(name)
                .setDay(RowKeys.day(parts[1]))
                .setOutlet(parts.length > 2 ? parts[2] : null)
                .setMentions(mentions)
                .setArticles(articles)
                .setOutlets(outlets.size())
                .setFavor(favor)
                .setAgainst(against)
                .setNeutral(neutral)
                .setMixed(mixed)
                .setNetStance(articles == 0 ? 0.0 : (double) (favor - against) / articles)
                .setMeanScore(articles == 0 ? 0.0 : scoreSum / articles)
                // Undated articles have no event time, so the undated row has none either.
                .setUpdatedAt(articles == 0 || parts[1].equals(RowKeys.UNDATED) ? null : Instant.ofEpochMilli(newest))
                .setExpectedFavor(expectedFavor)
                .setExpectedAgainst(expectedAgainst)
                .setCorrectedFavorShare(corrected == null ? -1.0 : corrected[1])
                .setCorrectedAgainstShare(corrected == null ? -1.0 : corrected[0])
                .build();
    }

    /** The ids of the articles a row counts, in id order (the drill-down behind its numbers). */
    static List<String> articleIds(DayContributions row) {
        return row == null ? List.of() : List.copyOf(new TreeMap<>(row.getByArticle()).keySet());
    }
}
