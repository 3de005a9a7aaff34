package org.stancewatch.pipeline.daily;

import java.time.Instant;
import org.stancewatch.events.ActorDay;
import org.stancewatch.nlp.stance.StanceCalibration;
import org.stancewatch.pipeline.internal.Contribution;
import org.stancewatch.pipeline.internal.DaySums;

/**
 * The published {@link ActorDay} row from the running sums behind it ({@link DaySums}), with the calibrated
 * expected FAVOR/AGAINST counts and the confusion-corrected shares ({@link StanceCalibration}). Counts only: which
 * articles made the row stays in the contributions store ({@link DailyContributions}).
 *
 * <p>Bit-identical replays: the fractional sums (score, expected FAVOR/AGAINST) are kept in fixed point, units of
 * 2^-32 ({@link #fixed}), so adding and subtracting contributions is exact integer arithmetic and the row does not
 * depend on the order in which articles arrived, were corrected or retracted. Each contribution is rounded once
 * (an error below 2^-33 per article, far under what the rows show); a score sum overflows only past 2^31 articles.
 *
 * <p>Public so that the resampled real-text alert evaluation (app) counts its rows with this same arithmetic.
 */
public final class ActorDays {

    private static final double SCALE = 0x1p32;

    private ActorDays() {
    }

    public static DaySums emptySums() {
        return DaySums.newBuilder().setArticles(0).setMentions(0).setFavor(0).setAgainst(0).setNeutral(0).setMixed(0)
                .setOutlets(0).setScoreSum(0).setExpectedFavorSum(0).setExpectedAgainstSum(0)
                .setNewestTime(Long.MIN_VALUE).setNewestArticleId(null).setActorName("").build();
    }

    /** A fraction as a fixed-point long, units of 2^-32. */
    static long fixed(double x) {
        return Math.round(x * SCALE);
    }

    /** Adds ({@code sign} 1) or removes ({@code sign} -1) one article's contribution; outlets and newest aside. */
    static void add(DaySums s, Contribution c, int sign) {
        add(s, c.getMentions(), c.getStance(), c.getScore(), sign);
    }

    /** Adds or removes one article's counts for the row's actor: its mentions, stance (as named) and score. */
    public static void add(DaySums s, int mentions, String stance, double score, int sign) {
        s.setArticles(s.getArticles() + sign);
        s.setMentions(s.getMentions() + (long) sign * mentions);
        switch (stance) {
            case "FAVOR" -> s.setFavor(s.getFavor() + sign);
            case "AGAINST" -> s.setAgainst(s.getAgainst() + sign);
            case "MIXED" -> s.setMixed(s.getMixed() + sign);
            default -> s.setNeutral(s.getNeutral() + sign);
        }
        s.setScoreSum(s.getScoreSum() + sign * fixed(score));
        double[] p = StanceCalibration.shared().probabilities(score);
        s.setExpectedAgainstSum(s.getExpectedAgainstSum() + sign * fixed(p[0]));
        s.setExpectedFavorSum(s.getExpectedFavorSum() + sign * fixed(p[1]));
    }

    /** Whether {@code c} is newer than the row's newest article: later event time, ties to the greater id. */
    static boolean newer(Contribution c, DaySums s) {
        return s.getNewestArticleId() == null || c.getEventTime() > s.getNewestTime()
                || (c.getEventTime() == s.getNewestTime() && c.getArticleId().compareTo(s.getNewestArticleId()) > 0);
    }

    static void setNewest(DaySums s, Contribution c) {
        if (c == null) {
            s.setNewestTime(Long.MIN_VALUE);
            s.setNewestArticleId(null);
            s.setActorName("");
        } else {
            s.setNewestTime(c.getEventTime());
            s.setNewestArticleId(c.getArticleId());
            s.setActorName(c.getActorName());
        }
    }

    /** A row whose last article was retracted stays, with zero counts, so subscribers see it drop to zero. */
    public static ActorDay of(String rowKey, DaySums s) {
        String[] parts = RowKeys.parse(rowKey);
        boolean perOutlet = parts.length > 2;
        long articles = s.getArticles();
        StanceCalibration calibration = StanceCalibration.shared();
        double[] corrected = calibration.correctedShares(s.getAgainst(), s.getFavor(), articles);
        return ActorDay.newBuilder()
                .setActorId(parts[0])
                .setActorName(s.getActorName())
                .setDay(RowKeys.day(parts[1]))
                .setOutlet(perOutlet ? parts[2] : null)
                .setMentions(s.getMentions())
                .setArticles(articles)
                // A per-outlet row has one outlet while it counts anything.
                .setOutlets(perOutlet ? (articles > 0 ? 1 : 0) : (int) s.getOutlets())
                .setFavor(s.getFavor())
                .setAgainst(s.getAgainst())
                .setNeutral(s.getNeutral())
                .setMixed(s.getMixed())
                .setNetStance(articles == 0 ? 0.0 : (double) (s.getFavor() - s.getAgainst()) / articles)
                .setMeanScore(articles == 0 ? 0.0 : s.getScoreSum() / SCALE / articles)
                // Undated articles have no event time, so the undated row has none either.
                .setUpdatedAt(articles == 0 || parts[1].equals(RowKeys.UNDATED) ? null
                        : Instant.ofEpochMilli(s.getNewestTime()))
                .setExpectedFavor(s.getExpectedFavorSum() / SCALE)
                .setExpectedAgainst(s.getExpectedAgainstSum() / SCALE)
                .setCorrectedFavorShare(corrected == null ? -1.0 : corrected[1])
                .setCorrectedAgainstShare(corrected == null ? -1.0 : corrected[0])
                .build();
    }
}
