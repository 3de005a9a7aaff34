package org.stancewatch.pipeline.alerts;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.NavigableMap;
import java.util.Optional;
import org.stancewatch.events.ActorStance;
import org.stancewatch.events.AlertEvidence;
import org.stancewatch.events.AlertKind;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.StanceEvidence;
import org.stancewatch.events.StanceShiftAlert;
import org.stancewatch.nlp.stance.StanceCalibration;

/** Turns a {@link Detection} into a {@link StanceShiftAlert}: id, numbers, evidence and a one-line explanation. */
public final class AlertFactory {

    /** Outlet part of the alert id for all-outlet series. */
    public static final String ALL_OUTLETS = "*";
    /** Stance reported for evidence articles missing from the article store. */
    public static final String UNKNOWN_STANCE = "UNKNOWN";
    private static final int MAX_SENTENCES = 3;

    private AlertFactory() {
    }

    /** Deterministic id: {@code kind|actor|outlet|day}, outlet {@code *} for all outlets. */
    public static String alertId(AlertKind kind, String actorId, String outlet, LocalDate day) {
        return kind + "|" + actorId + "|" + (outlet == null ? ALL_OUTLETS : outlet) + "|" + day;
    }

    public static StanceShiftAlert create(Detection d, String actorId, String actorName, String outlet,
                                          NavigableMap<LocalDate, DaySample> series, EvidenceLookup lookup,
                                          int maxEvidence) {
        return StanceShiftAlert.newBuilder()
                .setId(alertId(d.kind(), actorId, outlet, d.day()))
                .setKind(d.kind())
                .setActorId(actorId)
                .setActorName(actorName == null ? "" : actorName)
                .setOutlet(outlet)
                .setDay(d.day())
                .setDirection(d.direction())
                .setMetric(d.metric())
                .setBefore(d.before())
                .setAfter(d.after())
                .setBeforeN(d.beforeN())
                .setAfterN(d.afterN())
                .setStatistic(d.statistic())
                .setStatisticValue(d.statisticValue())
                .setThreshold(d.threshold())
                .setEvidence(evidence(d, actorId, outlet, series, lookup, maxEvidence))
                .setExplanation(explain(d, actorName == null || actorName.isBlank() ? actorId : actorName, outlet)
                        + correctedShares(d, series))
                .build();
    }

    static String explain(Detection d, String name, String outlet) {
        String where = outlet == null ? "" : " in " + outlet;
        int recentDays = (int) java.time.temporal.ChronoUnit.DAYS.between(d.windowStart(), d.day()) + 1;
        if (d.kind() == AlertKind.MENTION_BURST) {
            return String.format(Locale.ROOT,
                    "%s was covered in %d articles%s on %s (%s), %.1f times the %.1f expected from the previous %d days; "
                            + "negative-binomial tail p=%.2g < %.2g.",
                    name, d.afterN(), where, d.day(), ShiftDetector.weekday(d.day()), d.after() / d.before(), d.before(),
                    d.baselineDays(), d.statisticValue(), d.threshold());
        }
        String stance = d.metric().startsWith("against") ? "AGAINST" : "FAVOR";
        return String.format(Locale.ROOT,
                "Coverage of %s%s turned %s: %s share %.0f%% over %d day%s to %s (%d articles) vs %.0f%% in the %d days before "
                        + "(%d articles); CUSUM=%.1f >= %.1f.",
                name, where, d.direction().equals(Detection.TOWARD_AGAINST) ? "more hostile" : "more favourable", stance,
                100 * d.after(), recentDays, recentDays == 1 ? "" : "s", d.day(), d.afterN(), 100 * d.before(),
                d.baselineDays(), d.beforeN(), d.statisticValue(), d.threshold());
    }

    /**
     * For a stance shift: the raw (tagger's labels) share of the window and of the baseline-days before it,
     * each beside the share corrected for the tagger's confusion measured on NewsMTSC dev.
     */
    static String correctedShares(Detection d, NavigableMap<LocalDate, DaySample> series) {
        if (d.kind() != AlertKind.STANCE_SHIFT) {
            return "";
        }
        boolean against = d.metric().startsWith("against");
        long[] recent = pooled(series, d.windowStart(), d.day());
        long[] before = pooled(series, d.windowStart().minusDays(d.baselineDays()), d.windowStart().minusDays(1));
        StanceCalibration c = StanceCalibration.shared();
        double[] cr = c.correctedShares(recent[1], recent[2], recent[0]);
        double[] cb = c.correctedShares(before[1], before[2], before[0]);
        if (recent[0] == 0 || before[0] == 0) {
            return "";
        }
        if (cr == null || cb == null) {
            // The tagged mix is outside what the dev confusion can produce: say so rather than print a clipped 100 %.
            return String.format(Locale.ROOT,
                    " Tagged %s share %.0f%% vs %.0f%% before; a share corrected for the tagger's known confusion is not computable"
                            + " for this mix.",
                    against ? "AGAINST" : "FAVOR", 100.0 * (against ? recent[1] : recent[2]) / recent[0],
                    100.0 * (against ? before[1] : before[2]) / before[0]);
        }
        int k = against ? 0 : 1;
        return String.format(Locale.ROOT,
                " Tagged %s share %.0f%% vs %.0f%% before; corrected for the tagger's known confusion: %.0f%% vs %.0f%%.",
                against ? "AGAINST" : "FAVOR", 100.0 * (against ? recent[1] : recent[2]) / recent[0],
                100.0 * (against ? before[1] : before[2]) / before[0], 100 * cr[k], 100 * cb[k]);
    }

    /** {articles, against, favor} summed over [from, to]. */
    private static long[] pooled(NavigableMap<LocalDate, DaySample> series, LocalDate from, LocalDate to) {
        long[] sum = new long[3];
        for (DaySample s : series.subMap(from, true, to, true).values()) {
            sum[0] += s.articles();
            sum[1] += s.against();
            sum[2] += s.favor();
        }
        return sum;
    }

    /**
     * Articles of the recent window; for a shift, those whose stance toward the actor matches the
     * direction come first, strongest score first; ties by id so the choice is reproducible.
     */
    static List<AlertEvidence> evidence(Detection d, String actorId, String outlet,
                                        NavigableMap<LocalDate, DaySample> series, EvidenceLookup lookup, int max) {
        List<Candidate> candidates = new ArrayList<>();
        for (DaySample day : series.subMap(d.windowStart(), true, d.day(), true).values()) {
            // Synthetic series carry their ids; pipeline rows do not (counts only), the lookup knows them.
            List<String> ids = day.articleIds().isEmpty() ? lookup.articleIds(actorId, day.day(), outlet) : day.articleIds();
            for (String id : ids) {
                candidates.add(candidate(id, actorId, lookup.find(id)));
            }
        }
        String wanted = switch (d.direction()) {
            case Detection.TOWARD_AGAINST -> "AGAINST";
            case Detection.TOWARD_FAVOR -> "FAVOR";
            default -> null;
        };
        Comparator<Candidate> order = Comparator
                .comparing((Candidate c) -> wanted != null && !wanted.equals(c.stance))
                .thenComparing(c -> c.stance.equals(UNKNOWN_STANCE))
                .thenComparing(c -> -Math.abs(c.score))
                .thenComparing(c -> c.articleId);
        candidates.sort(order);
        List<AlertEvidence> out = new ArrayList<>();
        for (Candidate c : candidates.subList(0, Math.min(max, candidates.size()))) {
            out.add(c.toEvidence());
        }
        return out;
    }

    private static Candidate candidate(String id, String actorId, Optional<EnrichedArticle> article) {
        if (article.isEmpty()) {
            return new Candidate(id, "", null, UNKNOWN_STANCE, 0, List.of());
        }
        EnrichedArticle a = article.get();
        for (ActorStance s : a.getStances()) {
            if (s.getActorId().equals(actorId)) {
                List<String> sentences = new ArrayList<>();
                for (StanceEvidence e : s.getEvidence()) {
                    if (sentences.size() < MAX_SENTENCES) {
                        sentences.add(e.getSentence());
                    }
                }
                return new Candidate(id, a.getTitle(), a.getOutlet(), s.getStance().name(), s.getScore(), sentences);
            }
        }
        return new Candidate(id, a.getTitle(), a.getOutlet(), "NEUTRAL", 0, List.of());
    }

    private record Candidate(String articleId, String title, String outlet, String stance, double score,
                             List<String> sentences) {
        AlertEvidence toEvidence() {
            return AlertEvidence.newBuilder().setArticleId(articleId).setTitle(title == null ? "" : title)
                    .setOutlet(outlet).setStance(stance).setSentences(sentences).build();
        }
    }
}
