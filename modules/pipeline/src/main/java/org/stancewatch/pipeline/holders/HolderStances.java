package org.stancewatch.pipeline.holders;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.stancewatch.events.HolderSentence;
import org.stancewatch.events.HolderStance;
import org.stancewatch.pipeline.internal.HolderContribution;
import org.stancewatch.pipeline.internal.HolderEvidence;
import org.stancewatch.pipeline.internal.HolderRow;

/** Computes the published {@link HolderStance} row from the per-article contributions behind it. */
public final class HolderStances {

    /** |sentence score| above this is FAVOR / AGAINST: the analyser's own "strong sentence" threshold. */
    public static final double STRONG = 0.3;
    /** Sentences kept on a row; the counts cover all of them. */
    public static final int MAX_EXAMPLES = 20;

    private HolderStances() {
    }

    public static String stanceOf(double score) {
        return score > STRONG ? "FAVOR" : score < -STRONG ? "AGAINST" : "NEUTRAL";
    }

    /** A row whose last article was retracted stays, with zero counts, so subscribers see it drop to zero. */
    static HolderStance of(String rowKey, HolderRow row) {
        String[] parts = HolderKeys.parse(rowKey);
        long favor = 0;
        long against = 0;
        long neutral = 0;
        double scoreSum = 0;
        long newest = Long.MIN_VALUE;
        String holderName = "";
        String holderKind = parts[0].startsWith(Holder.OUTLET_PREFIX) ? Holder.Kind.OUTLET.name()
                : parts[0].startsWith(Holder.SPEAKER_PREFIX) ? Holder.Kind.SPEAKER.name() : Holder.Kind.ACTOR.name();
        String targetName = "";
        List<HolderSentence> sentences = new ArrayList<>();
        for (HolderContribution c : row.getByArticle().values()) {
            for (HolderEvidence e : c.getSentences()) {
                String stance = stanceOf(e.getScore());
                switch (stance) {
                    case "FAVOR" -> favor++;
                    case "AGAINST" -> against++;
                    default -> neutral++;
                }
                scoreSum += e.getScore();
                sentences.add(new HolderSentence(c.getArticleId(), e.getSentence(), e.getStart(), e.getEnd(),
                        e.getScore(), stance));
            }
            // Names from the newest article (ties: the larger article id), so they do not depend on arrival order.
            if (c.getEventTime() > newest || (c.getEventTime() == newest && c.getHolderName().compareTo(holderName) > 0)) {
                newest = c.getEventTime();
                holderName = c.getHolderName();
                holderKind = c.getHolderKind();
                targetName = c.getTargetName();
            }
        }
        sentences.sort(Comparator.comparingDouble((HolderSentence s) -> -Math.abs(s.getScore()))
                .thenComparing(HolderSentence::getArticleId).thenComparingInt(HolderSentence::getStart)
                .thenComparing(HolderSentence::getSentence));
        long total = favor + against + neutral;
        String stance = favor > against ? "FAVOR" : against > favor ? "AGAINST" : favor > 0 ? "MIXED" : "NEUTRAL";
        return HolderStance.newBuilder()
                .setHolder(parts[0])
                .setHolderName(holderName)
                .setHolderKind(holderKind)
                .setTarget(parts[1])
                .setTargetName(targetName)
                .setDay(HolderKeys.day(parts[2]))
                .setFavor(favor)
                .setAgainst(against)
                .setNeutral(neutral)
                .setSentences(total)
                .setArticles(row.getByArticle().size())
                .setMeanScore(total == 0 ? 0.0 : scoreSum / total)
                .setStance(stance)
                .setExamples(new ArrayList<>(sentences.subList(0, Math.min(MAX_EXAMPLES, sentences.size()))))
                .setUpdatedAt(row.getByArticle().isEmpty() ? null : Instant.ofEpochMilli(newest))
                .build();
    }
}
