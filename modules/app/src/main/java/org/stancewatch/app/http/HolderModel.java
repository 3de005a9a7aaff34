package org.stancewatch.app.http;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stancewatch.events.HolderSentence;
import org.stancewatch.events.HolderStance;

/**
 * JSON shapes of "who says what about whom" ({@code stances.by-holder}): the day rows the stores hold and the
 * edges the API answers with (one per holder and target, summed over the period).
 */
public final class HolderModel {
    /** Sentences an edge lists; the counts cover all. */
    static final int MAX_EXAMPLES = 20;

    private HolderModel() {}

    /** One evidence sentence behind an edge. Untrusted article text. */
    public record SentenceView(String articleId, LocalDate day, String sentence, int start, int end, double score,
                               String stance) {
    }

    /** One row of {@code stances.by-holder}: a holder on a target on a day ({@code day == null}: undated). */
    public record HolderDay(String holder, String holderName, String holderKind, String target, String targetName,
                            LocalDate day, long favor, long against, long neutral, long sentences, long articles,
                            double meanScore, List<SentenceView> examples) {

        public static HolderDay from(HolderStance s) {
            List<SentenceView> examples = new ArrayList<>();
            for (HolderSentence e : s.getExamples()) {
                examples.add(new SentenceView(e.getArticleId(), s.getDay(), e.getSentence(), e.getStart(), e.getEnd(),
                        e.getScore(), e.getStance()));
            }
            return new HolderDay(s.getHolder(), s.getHolderName(), s.getHolderKind(), s.getTarget(), s.getTargetName(),
                    s.getDay(), s.getFavor(), s.getAgainst(), s.getNeutral(), s.getSentences(), s.getArticles(),
                    s.getMeanScore(), examples);
        }
    }

    /**
     * A holder's stance toward a target over a period: sentence counts, the stance they add up to (FAVOR when
     * favor > against, AGAINST when against > favor, MIXED when equal and above 0, else NEUTRAL) and the
     * strongest sentences.
     */
    public record HolderEdge(String holder, String holderName, String holderKind, String target, String targetName,
                             long favor, long against, long neutral, long sentences, long articles, double meanScore,
                             String stance, int days, LocalDate firstDay, LocalDate latestDay,
                             List<SentenceView> examples) {
    }

    /** Sums day rows (from any instance) per holder and target; most sentences first, then by holder and target. */
    public static List<HolderEdge> edges(List<HolderDay> rows) {
        Map<String, List<HolderDay>> byEdge = new LinkedHashMap<>();
        for (HolderDay row : rows) {
            if (row.sentences() > 0) {
                byEdge.computeIfAbsent(row.holder() + "|" + row.target(), k -> new ArrayList<>()).add(row);
            }
        }
        List<HolderEdge> edges = new ArrayList<>();
        for (List<HolderDay> days : byEdge.values()) {
            days.sort(Comparator.comparing(HolderDay::day, Comparator.nullsFirst(Comparator.naturalOrder())));
            long favor = 0, against = 0, neutral = 0, sentences = 0, articles = 0;
            double scoreSum = 0;
            List<SentenceView> examples = new ArrayList<>();
            for (HolderDay d : days) {
                favor += d.favor();
                against += d.against();
                neutral += d.neutral();
                sentences += d.sentences();
                articles += d.articles();
                scoreSum += d.meanScore() * d.sentences();
                examples.addAll(d.examples());
            }
            examples.sort(Comparator.comparingDouble((SentenceView s) -> -Math.abs(s.score()))
                    .thenComparing(SentenceView::articleId).thenComparingInt(SentenceView::start)
                    .thenComparing(SentenceView::sentence));
            HolderDay latest = days.get(days.size() - 1);
            String stance = favor > against ? "FAVOR" : against > favor ? "AGAINST" : favor > 0 ? "MIXED" : "NEUTRAL";
            edges.add(new HolderEdge(latest.holder(), latest.holderName(), latest.holderKind(), latest.target(),
                    latest.targetName(), favor, against, neutral, sentences, articles,
                    sentences == 0 ? 0 : scoreSum / sentences, stance, days.size(), days.get(0).day(), latest.day(),
                    List.copyOf(examples.subList(0, Math.min(MAX_EXAMPLES, examples.size())))));
        }
        edges.sort(Comparator.comparingLong(HolderEdge::sentences).reversed()
                .thenComparing(HolderEdge::holder).thenComparing(HolderEdge::target));
        return edges;
    }
}
