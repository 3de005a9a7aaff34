package org.stancewatch.nlp.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.stancewatch.nlp.ActorResult;
import org.stancewatch.nlp.ArticleAnalysis;
import org.stancewatch.nlp.ArticleAnalyzer;
import org.stancewatch.nlp.Evidence;
import org.stancewatch.nlp.Stance;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.catalogue.OutletSides;
import org.stancewatch.nlp.stance.ArticleEmbeddingDecision;
import org.stancewatch.nlp.stance.FusedArticleStance;
import org.stancewatch.nlp.stance.SoftmaxRegression;
import org.stancewatch.nlp.stance.StanceSource;

/**
 * An experiment for issue 13 (not the product's decision): does a small learned article decision over the same
 * sentence evidence generalise better than {@link FusedArticleStance#DEFAULT}'s hand-set thresholds? The labelled
 * articles (the seed gold and the held-out splits named in TRAIN) are pooled; a multinomial logistic regression over
 * ten aggregate features of an actor's evidence (mean and diluted score, strongest sentences, negative and positive
 * mass, salience, title, speaker share) and how evaluative the whole article is (alone and times the two scores)
 * predicts FAVOR, AGAINST or NEUTRAL ({@link LearnedArticleDecision}). It is judged by nested leave-one-split-out
 * cross-validation on TRAIN only ({@link #nestedCv}: each held split's setting, L2 strength and class weighting, is
 * chosen on the others by their own CV); the setting chosen the same way on all of TRAIN, refitted on it, is then
 * scored once on REPORT (a split never used to choose), beside DEFAULT on the same pairs. The same cross-validation
 * also re-chooses DEFAULT's own dilution (and, separately, its model-only threshold and the weight of attributed
 * speech) by macro-F1 ({@link #thresholdCv}, {@link #attributedCv}). REPORT {@code -}: none. Articles are read
 * untitled ({@link GoldEval#PLAIN}), so the title feature is 0 throughout.
 * <pre>java -cp ... org.stancewatch.nlp.eval.ArticleDecisionCv SEED_GOLD.json SEED_DIR HELDOUT_GOLD.json HELDOUT_DIR TRAIN_SPLITS REPORT_SPLIT</pre>
 * The last line: {@code report=<split> pairs=N default_agree=A default_f1m=F learned_agree=A learned_f1m=F}.
 */
public final class ArticleDecisionCv {
  private ArticleDecisionCv() {}

  /** FAVOR, AGAINST, NEUTRAL: the classes the regression predicts (gold MIXED always counts as a miss). */
  static final Stance[] CLASSES = LearnedArticleDecision.CLASSES;
  static final int FEATURES = LearnedArticleDecision.FEATURES;
  private static final int NONE = 4;

  /**
   * One labelled (article, actor) pair: its split, its evidence (null: actor not found) and the gold stance, whether
   * the actor is one of the publishing outlet's sides ({@link OutletSides}), and whether the outlet has any side.
   */
  record Pair(String split, FusedArticleStance.ActorEvidence evidence, double evaluative, Stance truth,
              List<FusedArticleStance.ActorEvidence> others, boolean outletSide, boolean partisanOutlet) {
    Pair(String split, FusedArticleStance.ActorEvidence evidence, double evaluative, Stance truth, List<FusedArticleStance.ActorEvidence> others) {
      this(split, evidence, evaluative, truth, others, false, false);
    }

    /** The same pair counted in another split (a fold of several). */
    Pair inSplit(String other) {
      return new Pair(other, evidence, evaluative, truth, others, outletSide, partisanOutlet);
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 6) {
      System.err.println("usage: ArticleDecisionCv SEED_GOLD.json SEED_DIR HELDOUT_GOLD.json HELDOUT_DIR TRAIN_SPLITS REPORT_SPLIT");
      System.exit(2);
    }
    Set<String> train = new TreeSet<>(List.of(args[4].split(",")));
    String report = args[5];
    if (train.contains(report)) throw new IllegalArgumentException("the report split " + report + " is also in TRAIN");
    Set<String> wanted = new TreeSet<>(train);
    wanted.add(report);
    List<Pair> pairs = readLabelled(args, wanted, null);
    List<Pair> trainPairs = pairs.stream().filter(p -> train.contains(p.split())).toList();
    List<Pair> reportPairs = pairs.stream().filter(p -> p.split().equals(report)).toList();
    PrintStream out = System.out;
    out.printf(Locale.ROOT, "train %s: %d pairs; report %s: %d pairs%n", train, trainPairs.size(), report, reportPairs.size());

    ClassScores base = decideAll(trainPairs, ArticleDecisionCv::defaultDecision);
    Learned setting = nestedCv(out, trainPairs, train, base);
    attributedCv(out, trainPairs, train, base);
    Thresholds thresholds = thresholdCv(out, trainPairs, train, base);
    LearnedArticleDecision shipped = setting == null ? null : fit(trainPairs, setting.lambda(), setting.balanced());
    if (report.equals("-")) return;
    ClassScores reportBase = decideAll(reportPairs, ArticleDecisionCv::defaultDecision);
    ClassScores learned = shipped == null ? reportBase : decideAll(reportPairs, p -> shipped(shipped, p));
    print(out, "DEFAULT on " + report, reportBase);
    print(out, "thresholds chosen on TRAIN, on " + report, decideAll(reportPairs, thresholds::decide));
    print(out, "learned on " + report, learned);
    out.printf(Locale.ROOT, "report=%s pairs=%d default_agree=%d default_f1m=%.3f learned_agree=%d learned_f1m=%.3f%n", report,
        reportPairs.size(), reportBase.correct(), FusedArticleTuning.goldF1m(reportBase), learned.correct(), FusedArticleTuning.goldF1m(learned));
  }

  /** One setting of the learned decision: class weighting and L2 strength. */
  record Learned(boolean balanced, double lambda) {}

  static final List<Learned> LEARNED_GRID = List.of(
      new Learned(false, 0.01), new Learned(false, 0.1), new Learned(false, 1), new Learned(false, 10),
      new Learned(true, 0.01), new Learned(true, 0.1), new Learned(true, 1), new Learned(true, 10));

  /**
   * The adoption check of the learned decision (eval/heldout/README.md, test6's section): nested leave-one-split-out,
   * so the setting each held split is decided with was chosen without it, by {@link #chooseNested} on the others.
   * The decision scored is the one that would ship ({@link #shipped}). Prints the pooled result beside DEFAULT's and
   * the setting chosen on all of {@code pairs}, which is what would be fitted for the product.
   */
  static Learned nestedCv(PrintStream out, List<Pair> pairs, Set<String> splits, ClassScores base) {
    List<String> chosenPerSplit = new ArrayList<>();
    ClassScores cv = nested(pairs, splits, LEARNED_GRID, LEARNED, Choice.F1M_KEEPING_AGREEMENT, chosenPerSplit);
    Learned all = chooseNested(out, pairs, splits, LEARNED_GRID, LEARNED, Choice.F1M_KEEPING_AGREEMENT);
    long shortPairs = pairs.stream().filter(p -> p.evidence() != null && !LearnedArticleDecision.decidesArticleOf(p.evidence())).count();
    out.printf(Locale.ROOT, "pairs in articles shorter than %d sentences (DEFAULT decides): %d of %d%n",
        LearnedArticleDecision.MIN_ARTICLE_SENTENCES, shortPairs, pairs.size());
    print(out, "nested cv, DEFAULT", base);
    print(out, "nested cv, learned as shipped", cv);
    out.printf(Locale.ROOT, "nested cv: chosen per held split %s; chosen on all: %s%n", chosenPerSplit, all);
    out.printf(Locale.ROOT, "nested pairs=%d default_agree=%d default_f1m=%.3f learned_agree=%d learned_f1m=%.3f beats_both=%s%n",
        cv.total(), base.correct(), FusedArticleTuning.goldF1m(base), cv.correct(), FusedArticleTuning.goldF1m(cv),
        cv.correct() > base.correct() && FusedArticleTuning.goldF1m(cv) > FusedArticleTuning.goldF1m(base));
    return all;
  }

  /** How a learned decision is fitted with one setting: the decision it makes for each pair, fitted on {@code pairs}. */
  interface Fitter<S> {
    java.util.function.ToIntFunction<Pair> fit(List<Pair> pairs, S setting);
  }

  /**
   * {@code fitter} with each fit kept, by setting and the splits it was fitted on: nested cross-validation fits the
   * same inner folds again for every outer split and for every {@link Choice}.
   */
  static <S> Fitter<S> memoised(Fitter<S> fitter) {
    java.util.function.BiFunction<List<Pair>, S, java.util.function.ToIntFunction<Pair>> kept = keptBySplits(fitter::fit);
    return kept::apply;
  }

  /** {@code fit} with each result kept, by setting and the splits it was fitted on (what {@link #memoised} keeps of a decision). */
  static <S, R> java.util.function.BiFunction<List<Pair>, S, R> keptBySplits(java.util.function.BiFunction<List<Pair>, S, R> fit) {
    Map<List<Object>, R> fits = new java.util.concurrent.ConcurrentHashMap<>();
    return (pairs, setting) -> fits.computeIfAbsent(List.of(setting, new TreeSet<>(pairs.stream().map(Pair::split).toList())),
        key -> fit.apply(pairs, setting));
  }

  /** The 13-feature decision, as it would ship. */
  static final Fitter<Learned> LEARNED = (pairs, setting) -> {
    LearnedArticleDecision m = fit(pairs, setting.lambda(), setting.balanced());
    return p -> shipped(m, p);
  };

  /** How a learned setting is chosen from its leave-one-split-out scores. */
  enum Choice {
    /** The highest macro-F1 among settings that get at least as many pairs right as DEFAULT (none: DEFAULT). */
    F1M_KEEPING_AGREEMENT,
    /** The highest agreement (as a share of pairs) plus macro-F1: both count, neither is a floor (eval/heldout README, session 32). */
    AGREEMENT_PLUS_F1M;

    <S> S choose(List<S> grid, List<ClassScores> scores, ClassScores base) {
      if (this == F1M_KEEPING_AGREEMENT) return bestByF1m(grid, setting -> scores.get(grid.indexOf(setting)), base.correct());
      S best = null;
      double bestSum = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < grid.size(); i++) {
        ClassScores s = scores.get(i);
        double sum = (double) s.correct() / s.total() + FusedArticleTuning.goldF1m(s);
        if (sum > bestSum) {
          bestSum = sum;
          best = grid.get(i);
        }
      }
      return best;
    }
  }

  /**
   * Nested leave-one-split-out: each held split is decided by the grid's setting chosen on the other splits
   * ({@link #chooseNested}; DEFAULT where none is chosen), fitted on them. {@code chosenPerSplit} gets, per split, the
   * setting and the split's agreement and macro-F1 beside DEFAULT's.
   */
  static <S> ClassScores nested(List<Pair> pairs, Set<String> splits, List<S> grid, Fitter<S> fitter, Choice choice,
                                List<String> chosenPerSplit) {
    ClassScores cv = FusedArticleTuning.goldScores();
    for (String held : splits) {
      List<Pair> inner = pairs.stream().filter(p -> !p.split().equals(held)).toList();
      Set<String> innerSplits = new TreeSet<>(splits);
      innerSplits.remove(held);
      S chosen = chooseNested(null, inner, innerSplits, grid, fitter, choice);
      java.util.function.ToIntFunction<Pair> decision = chosen == null ? ArticleDecisionCv::defaultDecision : fitter.fit(inner, chosen);
      List<Pair> heldPairs = pairs.stream().filter(p -> p.split().equals(held)).toList();
      ClassScores heldScores = FusedArticleTuning.goldScores();
      for (Pair p : heldPairs) {
        int decided = decision.applyAsInt(p);
        cv.add(p.truth().ordinal(), decided);
        heldScores.add(p.truth().ordinal(), decided);
      }
      ClassScores heldDefault = decideAll(heldPairs, ArticleDecisionCv::defaultDecision);
      chosenPerSplit.add(String.format(Locale.ROOT, "%s:%s agree %d/%d f1m %.3f (DEFAULT %d f1m %.3f)", held, chosen == null ? "DEFAULT" : chosen,
          heldScores.correct(), heldScores.total(), FusedArticleTuning.goldF1m(heldScores), heldDefault.correct(), FusedArticleTuning.goldF1m(heldDefault)));
    }
    return cv;
  }

  /**
   * The grid's setting {@code choice} makes from each setting's leave-one-split-out scores on {@code pairs} (with
   * F1M_KEEPING_AGREEMENT: a decision that gets fewer pairs right than DEFAULT is not better for users); null when none
   * is chosen. Each setting's CV is printed to {@code out} unless it is null.
   */
  static <S> S chooseNested(PrintStream out, List<Pair> pairs, Set<String> splits, List<S> grid, Fitter<S> fitter, Choice choice) {
    ClassScores base = decideAll(pairs, ArticleDecisionCv::defaultDecision);
    // The settings are independent fits: scored in parallel, then chosen (and printed) in grid order.
    List<ClassScores> scores = grid.parallelStream().map(setting -> {
      ClassScores cv = FusedArticleTuning.goldScores();
      for (String held : splits) {
        java.util.function.ToIntFunction<Pair> decision = fitter.fit(pairs.stream().filter(p -> !p.split().equals(held)).toList(), setting);
        for (Pair p : pairs) if (p.split().equals(held)) cv.add(p.truth().ordinal(), decision.applyAsInt(p));
      }
      return cv;
    }).toList();
    if (out != null) {
      for (int i = 0; i < grid.size(); i++) {
        ClassScores cv = scores.get(i);
        out.printf(Locale.ROOT, "cv %s: agree %d/%d f1m=%.3f (DEFAULT %d/%d f1m=%.3f)%n", grid.get(i), cv.correct(), cv.total(),
            FusedArticleTuning.goldF1m(cv), base.correct(), base.total(), FusedArticleTuning.goldF1m(base));
      }
    }
    return choice.choose(grid, scores, base);
  }

  /**
   * A learned decision scored as it would ship ({@link ArticleEmbeddingDecision#shipped}): DEFAULT decides MIXED, what
   * {@link ArticleEmbeddingDecision#decidesArticleOf} leaves to it and where {@code learned} would reverse its
   * direction, {@code learned} the rest.
   */
  static int asShipped(Pair p, java.util.function.Function<Pair, Stance> learned) {
    return asShipped(p, learned, false);
  }

  /** As above; {@code pastGuard}: without the reversal guard ({@link ArticleEmbeddingDecision#shipped(FusedArticleStance.ActorEvidence, java.util.function.Supplier, boolean)}). */
  static int asShipped(Pair p, java.util.function.Function<Pair, Stance> learned, boolean pastGuard) {
    return p.evidence() == null ? NONE : ArticleEmbeddingDecision.shipped(p.evidence(), () -> learned.apply(p), pastGuard).stance().ordinal();
  }

  /** The decision as the product makes it ({@link LearnedArticleDecision#decide}: DEFAULT's MIXED kept, else the learned class). */
  static int shipped(LearnedArticleDecision m, Pair p) {
    return p.evidence() == null ? NONE : m.decide(p.evidence(), p.evaluative()).stance().ordinal();
  }

  /** The dilution and model-only thresholds searched by {@link #thresholdCv}: DEFAULT's are 0.75 and 0.25. */
  static final double[] DILUTIONS = {0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1};
  static final double[] MODEL_ONLY = {0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4};

  /** One setting of a decision grid: how it decides a pair (an index of {@link FusedArticleTuning#goldScores()}) and how a report names it. */
  interface Setting {
    int decide(Pair p);

    String describe();
  }

  /** DEFAULT with another dilution and model-only threshold. */
  record Thresholds(FusedArticleStance f) implements Setting {
    public int decide(Pair p) {
      return p.evidence() == null ? NONE : f.decide(p.evidence()).stance().ordinal();
    }

    public String describe() {
      return String.format(Locale.ROOT, "%.2f/%.2f/%.2f", f.dilution(), f.decideModelOnly(), f.attributedWeight());
    }
  }

  /** A centred decision: dilution, how much of the other actors' mean score is subtracted, and the threshold. */
  record Centred(double dilution, double lambda, double threshold) implements Setting {
    public int decide(Pair p) {
      if (p.evidence() == null) return NONE;
      FusedArticleStance f = withDilution(dilution, FusedArticleStance.DEFAULT.decideModelOnly());
      FusedArticleStance.Decision own = f.decide(p.evidence());
      if (own.stance() == Stance.MIXED) return Stance.MIXED.ordinal();
      double others = 0;
      for (FusedArticleStance.ActorEvidence e : p.others()) others += f.decide(e).score() / p.others().size();
      double c = own.score() - lambda * others;
      return (c > threshold ? Stance.FAVOR : c < -threshold ? Stance.AGAINST : Stance.NEUTRAL).ordinal();
    }

    public String describe() {
      return String.format(Locale.ROOT, "%.2f/%.1f/%.2f", dilution, lambda, threshold);
    }
  }

  /**
   * DEFAULT's own decision with its dilution and model-only threshold re-chosen by macro-F1 on labelled articles:
   * leave-one-split-out (each split decided by the setting best on the others), then the setting best on all of
   * {@code pairs}, which is returned. Dilution does not touch the one-sentence articles alerts are calibrated on;
   * the model-only threshold does, so a setting that moves it needs the calibration and alert checks redone.
   * Also the centred decision: war reporting reads negative for every actor, so the stance toward one actor may be
   * how far its score stands from the article's other actors' ({@link Centred}). {@code base}: DEFAULT on {@code pairs}.
   */
  static Thresholds thresholdCv(PrintStream out, List<Pair> pairs, Set<String> splits, ClassScores base) {
    for (boolean dilutionOnly : new boolean[] {true, false}) {
      List<String> chosen = new ArrayList<>();
      ClassScores cv = leaveOneSplitOut(pairs, splits, thresholdGrid(dilutionOnly), chosen);
      out.printf(Locale.ROOT, "threshold cv (%s): agree %d/%d f1m=%.3f (DEFAULT %d/%d f1m=%.3f); dilution/model-only per held split %s%n",
          dilutionOnly ? "dilution only" : "dilution and model-only threshold", cv.correct(), cv.total(), FusedArticleTuning.goldF1m(cv),
          base.correct(), base.total(), FusedArticleTuning.goldF1m(base), chosen);
    }
    List<String> chosen = new ArrayList<>();
    ClassScores cv = leaveOneSplitOut(pairs, splits, centredGrid(), chosen);
    out.printf(Locale.ROOT, "centred cv: agree %d/%d f1m=%.3f; dilution/lambda/threshold per held split %s%n", cv.correct(), cv.total(),
        FusedArticleTuning.goldF1m(cv), chosen);
    Thresholds all = best(pairs, thresholdGrid(true));
    out.printf(Locale.ROOT, "thresholds best on all of TRAIN (dilution only): dilution=%.2f model-only=%.2f%n", all.f().dilution(),
        all.f().decideModelOnly());
    return all;
  }

  /** Every dilution, with DEFAULT's model-only threshold or ({@code dilutionOnly} false) with each of {@link #MODEL_ONLY}. */
  static List<Thresholds> thresholdGrid(boolean dilutionOnly) {
    List<Thresholds> grid = new ArrayList<>();
    for (double dilution : DILUTIONS) {
      for (double modelOnly : dilutionOnly ? new double[] {FusedArticleStance.DEFAULT.decideModelOnly()} : MODEL_ONLY) {
        grid.add(new Thresholds(withDilution(dilution, modelOnly)));
      }
    }
    return grid;
  }

  static List<Centred> centredGrid() {
    List<Centred> grid = new ArrayList<>();
    for (double dilution : DILUTIONS) for (double lambda : new double[] {0, 0.5, 1}) for (double t : MODEL_ONLY) grid.add(new Centred(dilution, lambda, t));
    return grid;
  }

  /**
   * Leave one split out: each split of {@code splits} is decided by the grid's setting best on the others; the
   * pooled scores are returned and {@code chosen} gets "split:setting" per split.
   */
  static <S extends Setting> ClassScores leaveOneSplitOut(List<Pair> pairs, Set<String> splits, List<S> grid, List<String> chosen) {
    return leaveOneSplitOut(pairs, splits, grid, false, chosen);
  }

  /** As above; {@code keepAgreement}: each split's setting chosen by {@link #best(List, List, boolean)} keeping DEFAULT's agreement. */
  static <S extends Setting> ClassScores leaveOneSplitOut(List<Pair> pairs, Set<String> splits, List<S> grid, boolean keepAgreement,
                                                          List<String> chosen) {
    ClassScores cv = FusedArticleTuning.goldScores();
    for (String held : splits) {
      S best = best(pairs.stream().filter(p -> !p.split().equals(held)).toList(), grid, keepAgreement);
      chosen.add(held + ":" + best.describe());
      for (Pair p : pairs) if (p.split().equals(held)) cv.add(p.truth().ordinal(), best.decide(p));
    }
    return cv;
  }

  /** The grid's setting with the highest macro-F1 on {@code pairs} (the first of equals). */
  static <S extends Setting> S best(List<Pair> pairs, List<S> grid) {
    return best(pairs, grid, false);
  }

  /**
   * The grid's setting with the highest macro-F1 on {@code pairs} (the first of equals); {@code keepAgreement}: only
   * among settings that get at least as many pairs right as DEFAULT (null when none does).
   */
  static <S extends Setting> S best(List<Pair> pairs, List<S> grid, boolean keepAgreement) {
    int floor = keepAgreement ? decideAll(pairs, ArticleDecisionCv::defaultDecision).correct() : 0;
    return bestByF1m(grid, setting -> decideAll(pairs, setting::decide), floor);
  }

  /**
   * The setting whose {@code scores} have the highest macro-F1 among those with at least {@code floor} pairs right (the
   * first of equals); null when none has. The one chooser of the threshold grids and the learned settings.
   */
  static <S> S bestByF1m(List<S> grid, java.util.function.Function<S, ClassScores> scores, int floor) {
    S best = null;
    double bestF1m = -1;
    for (S setting : grid) {
      ClassScores s = scores.apply(setting);
      double f1m = FusedArticleTuning.goldF1m(s);
      if (s.correct() >= floor && f1m > bestF1m) {
        bestF1m = f1m;
        best = setting;
      }
    }
    return best;
  }

  /** The weights tried for attributed sentences (eval/heldout README, "Rule for attributed speech"); DEFAULT's is 1. */
  static final double[] ATTRIBUTED_WEIGHTS = {1, 0.75, 0.5, 0.25, 0};

  /**
   * The attributed-speech check: DEFAULT with each of {@link #ATTRIBUTED_WEIGHTS}, chosen per held split on the others
   * (highest macro-F1 keeping DEFAULT's agreement), pooled; then the weight chosen the same way on all of {@code pairs}.
   */
  static void attributedCv(PrintStream out, List<Pair> pairs, Set<String> splits, ClassScores base) {
    FusedArticleStance d = FusedArticleStance.DEFAULT;
    List<Thresholds> grid = new ArrayList<>();
    for (double w : ATTRIBUTED_WEIGHTS) {
      grid.add(new Thresholds(new FusedArticleStance(d.ruleWeight(), d.speakerWeight(), d.strong(), d.mixedMinMass(), d.mixedBalance(),
          d.decide(), d.decideModelOnly(), d.shrink(), d.dilution(), w)));
    }
    for (Thresholds t : grid) print(out, "attributed weight " + t.f().attributedWeight() + " on all (for information)", decideAll(pairs, t::decide));
    List<String> chosen = new ArrayList<>();
    ClassScores cv = leaveOneSplitOut(pairs, splits, grid, true, chosen);
    Thresholds all = best(pairs, grid, true);
    print(out, "attributed cv", cv);
    out.printf(Locale.ROOT, "attributed cv: weight per held split %s; chosen on all: %.2f%n", chosen, all.f().attributedWeight());
    out.printf(Locale.ROOT, "attributed pairs=%d default_agree=%d default_f1m=%.3f cv_agree=%d cv_f1m=%.3f beats_both=%s%n", cv.total(),
        base.correct(), FusedArticleTuning.goldF1m(base), cv.correct(), FusedArticleTuning.goldF1m(cv),
        cv.correct() > base.correct() && FusedArticleTuning.goldF1m(cv) > FusedArticleTuning.goldF1m(base));
  }

  private static FusedArticleStance withDilution(double dilution, double modelOnly) {
    FusedArticleStance d = FusedArticleStance.DEFAULT;
    return new FusedArticleStance(d.ruleWeight(), d.speakerWeight(), d.strong(), d.mixedMinMass(), d.mixedBalance(), d.decide(),
        modelOnly, d.shrink(), dilution);
  }

  /** Every pair decided by {@code decision}, scored against its gold stance. */
  static ClassScores decideAll(List<Pair> pairs, java.util.function.ToIntFunction<Pair> decision) {
    ClassScores s = FusedArticleTuning.goldScores();
    for (Pair p : pairs) s.add(p.truth().ordinal(), decision.applyAsInt(p));
    return s;
  }

  static void print(PrintStream out, String label, ClassScores s) {
    out.printf(Locale.ROOT, "%s: agree %d/%d f1m=%.3f | FAVOR P %.2f R %.2f | AGAINST P %.2f R %.2f | NEUTRAL P %.2f R %.2f%n", label,
        s.correct(), s.total(), FusedArticleTuning.goldF1m(s), s.precision(0), s.recall(0), s.precision(1), s.recall(1),
        s.precision(2), s.recall(2));
  }

  static int defaultDecision(Pair p) {
    return p.evidence() == null ? NONE : FusedArticleStance.DEFAULT.decide(p.evidence()).stance().ordinal();
  }

  static double[] features(Pair p) {
    return ArticleEmbeddingDecision.evidenceFeatures(p.evidence(), p.evaluative());
  }

  /** The regression fitted on {@code pairs} ({@link SoftmaxRegression#fit}) over the 13 evidence features. */
  static LearnedArticleDecision fit(List<Pair> pairs, double lambda, boolean balanced) {
    return new LearnedArticleDecision(fitRegression(pairs, lambda, balanced, ArticleDecisionCv::features),
        String.format(Locale.ROOT, "%d pairs, balanced=%s lambda=%s", learnable(pairs).size(), balanced, lambda));
  }

  /** A regression over {@code features} of the pairs it can learn from ({@link #learnable}), classes as {@link #CLASSES}. */
  static SoftmaxRegression fitRegression(List<Pair> pairs, double lambda, boolean balanced, java.util.function.Function<Pair, double[]> features) {
    List<Pair> learnable = learnable(pairs);
    return SoftmaxRegression.fit(learnable.stream().map(features).toList(), learnable.stream().map(p -> classIndex(p.truth())).toList(),
        CLASSES.length, lambda, balanced);
  }

  /** The pairs a regression learns from: the actor found and the gold not MIXED (one labelled MIXED pair in 782). */
  static List<Pair> learnable(List<Pair> pairs) {
    return pairs.stream().filter(p -> p.evidence() != null && classIndex(p.truth()) >= 0).toList();
  }

  private static int classIndex(Stance s) {
    for (int c = 0; c < CLASSES.length; c++) if (CLASSES[c] == s) return c;
    return -1;
  }

  /**
   * Every labelled pair of {@code splits}, as the experiments read them (args as {@link #main}'s): the seed gold
   * (SEED_GOLD, SEED_DIR) if {@code splits} has "seeds", then the held-out gold (HELDOUT_GOLD, HELDOUT_DIR), by the
   * default analyser with the thresholds decision (the evidence is what is read, and a decision being fitted or
   * screened must not need itself). {@code sources} (unless null) gets each pair's {@link Source}.
   */
  static List<Pair> readLabelled(String[] args, Set<String> splits, Map<Pair, Source> sources) throws IOException {
    System.setProperty(ArticleAnalyzer.ARTICLE_DECISION_PROPERTY, "thresholds");
    ArticleAnalyzer analyzer = new ArticleAnalyzer(ActorCatalogue.starter(), StanceSource.NOPARSE, FusedArticleStance.DEFAULT);
    List<Pair> pairs = new ArrayList<>();
    if (splits.contains("seeds")) pairs.addAll(read(analyzer, Path.of(args[0]), Path.of(args[1]), null, sources));
    pairs.addAll(read(analyzer, Path.of(args[2]), Path.of(args[3]), splits, sources));
    return pairs;
  }

  /** Every labelled pair of the articles in {@code splits} (null: every article, as split "seeds"). */
  static List<Pair> read(ArticleAnalyzer analyzer, Path goldJson, Path dir, Set<String> splits) throws IOException {
    return read(analyzer, goldJson, dir, splits, null);
  }

  /**
   * Where a pair comes from: the actor it is labelled for, its article's whole analysis (the sentences' text) and what
   * the stance pass made of each sentence ({@link ArticleAnalyzer#stancePassStates}).
   */
  record Source(String actor, ArticleAnalysis analysis, ArticleAnalyzer.StancePassStates stancePassStates) {
    /** The distinct evidence sentences of the pair's actor ({@code own}) and of every actor ({@code article}), in analysis order. */
    EvidenceSentences evidenceSentences() {
      List<String> own = new ArrayList<>(), article = new ArrayList<>();
      for (ActorResult r : analysis.actors()) {
        for (Evidence e : r.evidence()) {
          if (!article.contains(e.sentence())) article.add(e.sentence());
          if (r.actorId().equals(actor) && !own.contains(e.sentence())) own.add(e.sentence());
        }
      }
      return new EvidenceSentences(own, article);
    }
  }

  record EvidenceSentences(List<String> own, List<String> article) {}

  /** As above; {@code sources} (unless null) gets each pair's {@link Source}. */
  static List<Pair> read(ArticleAnalyzer analyzer, Path goldJson, Path dir, Set<String> splits, Map<Pair, Source> sources)
      throws IOException {
    List<Pair> out = new ArrayList<>();
    FusedArticleTuning.forEachGoldArticle(goldJson, dir, splits, (file, split, in, labels) -> {
      Map<String, FusedArticleStance.ActorEvidence> evidence = analyzer.fusedEvidence(in.title(), in.body(), in.day());
      ArticleAnalysis analysis = sources == null ? null : analyzer.analyze(in.title(), in.body(), in.day());
      ArticleAnalyzer.StancePassStates states = sources == null ? null : analyzer.stancePassStates(in.title(), in.body(), in.day());
      double evaluative = ArticleEmbeddingDecision.evaluative(evidence.values());
      Set<String> outletSides = OutletSides.starter().sidesOf(in.outlet(), in.url());
      labels.forEach((actor, truth) -> {
        List<FusedArticleStance.ActorEvidence> others = new ArrayList<>();
        evidence.forEach((id, e) -> { if (!id.equals(actor)) others.add(e); });
        Pair pair = new Pair(splits == null ? "seeds" : split, evidence.get(actor), evaluative, truth, others, outletSides.contains(actor),
            !outletSides.isEmpty());
        out.add(pair);
        if (sources != null) sources.put(pair, new Source(actor, analysis, states));
      });
    });
    return out;
  }
}
