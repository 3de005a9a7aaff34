package org.stancewatch.app.eval;

import java.io.PrintStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.stancewatch.nlp.ActorResult;
import org.stancewatch.nlp.ArticleAnalyzer;
import org.stancewatch.nlp.Stance;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.eval.NewsMtscExample;
import org.stancewatch.nlp.eval.StanceCalibrationBuilder;
import org.stancewatch.pipeline.alerts.DaySample;
import org.stancewatch.pipeline.alerts.Detection;
import org.stancewatch.pipeline.alerts.DetectorParams;
import org.stancewatch.pipeline.daily.ActorDays;
import org.stancewatch.pipeline.daily.RowKeys;
import org.stancewatch.pipeline.internal.DaySums;

/**
 * {@code eval alerts --text FILE --resample N}: the detector half of the real-text evaluation on N plans (seeds
 * {@code seed .. seed + N - 1}) instead of one, without the pipeline. Each distinct article body is analysed once by the
 * same analyser the pipeline runs; its labels and calibrated probabilities are counted into per-actor daily rows as
 * {@code mentions.daily} counts them (every planned actor the article names, as the pipeline does); then the detector
 * settings and the oracle are scored on the rows, pooled over the plans.
 *
 * <p>Why: one pipeline run judges 688 actor-days (23 actor-months), too few to see a rate of one false alarm per
 * 100 actor-months, and its 25 shifted actors move recall in steps of 0.04. The pipeline's alerts equal the detector
 * replayed on its final rows (ALERTS.md), so the rows are what matters; {@link #rows} is checked against a pipeline
 * run's saved rows by {@code ResampledAlertEvalTest}.
 */
public final class ResampledAlertEval {

    private ResampledAlertEval() {
    }

    /** One article's counted result for one actor: its mentions, the article stance and score. */
    record Tag(String actorId, int mentions, Stance stance, double score) {
    }

    /** Pooled score of one detector over all plans. */
    static final class Pooled {
        int hits2;
        int hits5;
        int shifted;
        int falseAlarms;
        double actorDays;

        /** A plan's score: its recalls are hits / shiftedActors, so hits come back exactly by rounding (NaN: no shifted actor). */
        void add(TextAlertEval.Score s, int shiftedActors) {
            hits2 += (int) Math.round(s.recall2() * shiftedActors);
            hits5 += (int) Math.round(s.recall5() * shiftedActors);
            shifted += shiftedActors;
            falseAlarms += s.falseAlarms();
            actorDays += s.actorDays();
        }

        TextAlertEval.Score score() {
            return new TextAlertEval.Score((double) hits2 / shifted, (double) hits5 / shifted, falseAlarms, actorDays);
        }
    }

    public static void run(TextAlertEval.Options o, int plans, PrintStream out, PrintStream progress) throws Exception {
        if (plans < 1) {
            throw new IllegalArgumentException("--resample must be >= 1, got " + plans);
        }
        List<NewsMtscExample> examples = NewsMtscExample.read(o.text());
        ArticleAnalyzer analyzer = new ArticleAnalyzer(ActorCatalogue.starter());
        DetectorParams defaults = DetectorParams.defaults();
        Map<String, DetectorParams> variants = TextAlertEval.variants(defaults, o.variants());
        Map<String, Pooled> pooled = new LinkedHashMap<>();
        variants.keySet().forEach(k -> pooled.put(k, new Pooled()));
        Pooled oracleTrue = new Pooled();
        Pooled oraclePipeline = new Pooled();
        Map<String, List<Tag>> cache = new ConcurrentHashMap<>();
        int monitorFrom = TextAlertScenario.MONITOR_FROM;
        long articles = 0;
        long start = System.nanoTime();
        out.printf(Locale.ROOT, "Resampled real-text alert evaluation: %d plans (seeds %d..%d) of %d person actors, %d days, ~%.0f "
                        + "articles/actor/day, from %d sentences of %s; analyser %s; detector replayed on rows counted as "
                        + "mentions.daily counts them (no pipeline)%n", plans, o.seed(), o.seed() + plans - 1, o.actors(), o.days(),
                o.perDay(), examples.size(), o.text(), analyzer.analyzerVersion());
        for (int k = 0; k < plans; k++) {
            TextAlertScenario.Plan plan = TextAlertScenario.plan(examples, StanceCalibrationBuilder.persons(ActorCatalogue.starter()),
                    o.actors(), o.days(), o.perDay(), o.shiftedFraction(), o.shift(), o.seed() + k);
            articles += plan.articles().size();
            Map<String, NavigableMap<LocalDate, DaySample>> series = rows(plan, analyzer, cache);
            int lastEvaluated = TextAlertEval.lastEvaluated(plan);
            int shifted = (int) plan.actors().stream().filter(TextAlertScenario.Actor::shifted).count();
            for (Map.Entry<String, DetectorParams> v : variants.entrySet()) {
                Map<String, List<Detection>> found = TextAlertEval.replay(plan, series, v.getValue(), monitorFrom, lastEvaluated);
                pooled.get(v.getKey()).add(TextAlertEval.score(plan, found, monitorFrom, lastEvaluated), shifted);
            }
            double[] t = TextAlertEval.oracle(plan, series, true, monitorFrom);
            double[] p = TextAlertEval.oracle(plan, series, false, monitorFrom);
            oracleTrue.add(new TextAlertEval.Score(t[0], t[1], 0, 0), shifted);
            oraclePipeline.add(new TextAlertEval.Score(p[0], p[1], 0, 0), shifted);
            double seconds = (System.nanoTime() - start) / 1e9;
            progress.printf(Locale.ROOT, "eval alerts --resample: plan %d/%d done (%d articles, %d distinct bodies analysed, %.0f s "
                    + "elapsed, ~%.0f s to go)%n", k + 1, plans, articles, cache.size(), seconds, seconds / (k + 1) * (plans - k - 1));
        }
        out.println("detector                                         recall@2d  recall@5d  false_alarms  actor_days  false_per_100am");
        for (Map.Entry<String, Pooled> e : pooled.entrySet()) {
            TextAlertEval.print(out, e.getKey(), e.getValue().score());
        }
        TextAlertEval.Score defaultsScore = pooled.values().iterator().next().score();
        out.println(FalseAlarmRate.describe(defaultsScore, TextAlertEval.TARGET_FALSE_PER_100AM));
        TextAlertEval.Score t = oracleTrue.score();
        TextAlertEval.Score p = oraclePipeline.score();
        out.printf(Locale.ROOT, "%-48s %9.3f  %9.3f%n", "oracle on the true labels", t.recall2(), t.recall5());
        out.printf(Locale.ROOT, "%-48s %9.3f  %9.3f%n", "oracle on the pipeline's labels", p.recall2(), p.recall5());
        out.printf(Locale.ROOT, "plans=%d shifted=%d actor_days=%.0f recall@2d=%.3f recall@5d=%.3f false_per_100am=%.2f "
                        + "oracle_true@2d=%.3f oracle_true@5d=%.3f oracle_pipeline@2d=%.3f oracle_pipeline@5d=%.3f ratio@5d=%.3f%n",
                plans, oracleTrue.shifted, defaultsScore.actorDays(), defaultsScore.recall2(), defaultsScore.recall5(), defaultsScore.falsePer100(), t.recall2(), t.recall5(),
                p.recall2(), p.recall5(), p.recall5() == 0 ? Double.NaN : defaultsScore.recall5() / p.recall5());
    }

    /**
     * The plan's all-outlet daily rows as the count topology builds them ({@link ActorDays}, the same sums and row), as
     * the alerts topology reads them ({@link DaySample#of}): per planned actor named in an article, one article with its
     * stance and the calibrated probabilities of its score. Bodies are analysed once ({@code cache});
     * the headlines are generic and name no actor, so the body decides (checked against a pipeline run's rows: ALERTS.md).
     */
    static Map<String, NavigableMap<LocalDate, DaySample>> rows(TextAlertScenario.Plan plan, ArticleAnalyzer analyzer,
                                                                Map<String, List<Tag>> cache) {
        Set<String> planned = plan.actors().stream().map(TextAlertScenario.Actor::id).collect(Collectors.toSet());
        // The first article with a body (in plan order) is the one analysed, so the result does not depend on thread timing.
        Map<String, TextAlertScenario.PlannedArticle> firstByBody = new LinkedHashMap<>();
        for (TextAlertScenario.PlannedArticle a : plan.articles()) {
            if (!cache.containsKey(a.body())) {
                firstByBody.putIfAbsent(a.body(), a);
            }
        }
        firstByBody.values().parallelStream().forEach(a -> cache.put(a.body(), tags(analyzer, a, planned)));
        // actor -> day index -> the row's running sums
        Map<String, DaySums[]> sums = new HashMap<>();
        for (TextAlertScenario.PlannedArticle a : plan.articles()) {
            for (Tag t : cache.get(a.body())) {
                DaySums[] days = sums.computeIfAbsent(t.actorId(), x -> new DaySums[plan.days()]);
                if (days[a.dayIndex()] == null) {
                    days[a.dayIndex()] = ActorDays.emptySums();
                }
                ActorDays.add(days[a.dayIndex()], t.mentions(), t.stance().name(), t.score(), 1);
            }
        }
        Map<String, NavigableMap<LocalDate, DaySample>> series = new HashMap<>();
        sums.forEach((actor, days) -> {
            NavigableMap<LocalDate, DaySample> s = new TreeMap<>();
            for (int d = 0; d < days.length; d++) {
                if (days[d] != null) {
                    LocalDate day = TextAlertScenario.START.plusDays(d);
                    // The row's time stamp is its newest article's; the detector reads only the counts.
                    days[d].setNewestTime(day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
                    s.put(day, DaySample.of(ActorDays.of(RowKeys.daily(actor, day), days[d])));
                }
            }
            series.put(actor, s);
        });
        return series;
    }

    private static List<Tag> tags(ArticleAnalyzer analyzer, TextAlertScenario.PlannedArticle a, Set<String> planned) {
        List<Tag> out = new ArrayList<>();
        for (ActorResult r : analyzer.analyze(a.title(), a.body(), a.day()).actors()) {
            if (planned.contains(r.actorId())) {
                out.add(new Tag(r.actorId(), r.mentions().size(), r.stance(), r.score()));
            }
        }
        return out;
    }
}
