package org.stancewatch.nlp.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.stancewatch.nlp.ArticleAnalyzer;
import org.stancewatch.nlp.Stance;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.stance.FusedArticleStance;
import org.stancewatch.nlp.stance.StanceSource;

/**
 * An experiment for issue 13 (not the product's decision): does a small learned article decision over the same
 * sentence evidence generalise better than {@link FusedArticleStance#DEFAULT}'s hand-set thresholds? The labelled
 * articles (the seed gold and the held-out splits named in TRAIN) are pooled; a multinomial logistic regression over
 * ten aggregate features of an actor's evidence (mean and diluted score, strongest sentences, negative and positive
 * mass, salience, title, speaker share) and how evaluative the whole article is (alone and times the two scores)
 * predicts FAVOR, AGAINST or NEUTRAL. Its settings (L2 strength, class weighting) are chosen by leave-one-split-out
 * cross-validation on TRAIN only; the chosen model, refitted on all of TRAIN, is then scored once on REPORT (a split
 * never used to choose), beside DEFAULT on the same pairs. The same cross-validation also re-chooses DEFAULT's own
 * dilution (and, separately, its model-only threshold) by macro-F1 ({@link #thresholdCv}). REPORT {@code -}: none.
 * <pre>java -cp ... org.stancewatch.nlp.eval.ArticleDecisionCv SEED_GOLD.json SEED_DIR HELDOUT_GOLD.json HELDOUT_DIR TRAIN_SPLITS REPORT_SPLIT</pre>
 * The last line: {@code report=<split> pairs=N default_agree=A default_f1m=F learned_agree=A learned_f1m=F}.
 */
public final class ArticleDecisionCv {
  private ArticleDecisionCv() {}

  /** FAVOR, AGAINST, NEUTRAL: the classes the regression predicts (gold MIXED always counts as a miss). */
  static final Stance[] CLASSES = {Stance.FAVOR, Stance.AGAINST, Stance.NEUTRAL};
  static final int FEATURES = 13;
  private static final int NONE = 4;

  /** One labelled (article, actor) pair: its split, its evidence (null: actor not found) and the gold stance. */
  record Pair(String split, FusedArticleStance.ActorEvidence evidence, double evaluative, Stance truth,
              List<FusedArticleStance.ActorEvidence> others) {}

  /** A fitted model: per class, FEATURES weights and a bias; features standardised with {@code mean}/{@code scale}. */
  record Model(double[][] weights, double[] mean, double[] scale) {
    Stance predict(double[] raw) {
      double[] x = standardise(raw, mean, scale);
      int best = 0;
      double bestLogit = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < CLASSES.length; c++) {
        double z = logit(weights[c], x);
        if (z > bestLogit) {
          bestLogit = z;
          best = c;
        }
      }
      return CLASSES[best];
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
    ArticleAnalyzer analyzer = new ArticleAnalyzer(ActorCatalogue.starter(), StanceSource.NOPARSE);
    List<Pair> pairs = new ArrayList<>();
    if (train.contains("seeds")) pairs.addAll(read(analyzer, Path.of(args[0]), Path.of(args[1]), null));
    Set<String> wanted = new TreeSet<>(train);
    wanted.add(report);
    pairs.addAll(read(analyzer, Path.of(args[2]), Path.of(args[3]), wanted));
    List<Pair> trainPairs = pairs.stream().filter(p -> train.contains(p.split())).toList();
    List<Pair> reportPairs = pairs.stream().filter(p -> p.split().equals(report)).toList();
    PrintStream out = System.out;
    out.printf(Locale.ROOT, "train %s: %d pairs; report %s: %d pairs%n", train, trainPairs.size(), report, reportPairs.size());

    // Leave one split out: each split is predicted by a model fitted on the others.
    ClassScores base = decideAll(trainPairs, ArticleDecisionCv::defaultDecision);
    double bestF1m = -1;
    double bestLambda = 0;
    boolean bestBalanced = false;
    for (boolean balanced : new boolean[] {false, true}) {
      for (double lambda : new double[] {0.01, 0.1, 1, 10}) {
        ClassScores cv = FusedArticleTuning.goldScores();
        for (String held : train) {
          Model m = fit(trainPairs.stream().filter(p -> !p.split().equals(held)).toList(), lambda, balanced);
          for (Pair p : trainPairs) if (p.split().equals(held)) cv.add(p.truth().ordinal(), predicted(m, p));
        }
        double f1m = FusedArticleTuning.goldF1m(cv);
        out.printf(Locale.ROOT, "cv balanced=%s lambda=%.2f: agree %d/%d f1m=%.3f (DEFAULT %d/%d f1m=%.3f)%n", balanced, lambda,
            cv.correct(), cv.total(), f1m, base.correct(), base.total(), FusedArticleTuning.goldF1m(base));
        if (f1m > bestF1m) {
          bestF1m = f1m;
          bestLambda = lambda;
          bestBalanced = balanced;
        }
      }
    }
    out.printf(Locale.ROOT, "chosen by cross-validation: balanced=%s lambda=%.2f%n", bestBalanced, bestLambda);
    Thresholds thresholds = thresholdCv(out, trainPairs, train, base);
    if (report.equals("-")) return;
    Model chosen = fit(trainPairs, bestLambda, bestBalanced);
    ClassScores learned = decideAll(reportPairs, p -> predicted(chosen, p));
    ClassScores reportBase = decideAll(reportPairs, ArticleDecisionCv::defaultDecision);
    print(out, "DEFAULT on " + report, reportBase);
    print(out, "thresholds chosen on TRAIN, on " + report, decideAll(reportPairs, thresholds::decide));
    print(out, "learned on " + report, learned);
    out.printf(Locale.ROOT, "report=%s pairs=%d default_agree=%d default_f1m=%.3f learned_agree=%d learned_f1m=%.3f%n", report,
        reportPairs.size(), reportBase.correct(), FusedArticleTuning.goldF1m(reportBase), learned.correct(), FusedArticleTuning.goldF1m(learned));
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
      return String.format(Locale.ROOT, "%.2f/%.2f", f.dilution(), f.decideModelOnly());
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
    ClassScores cv = FusedArticleTuning.goldScores();
    for (String held : splits) {
      S best = best(pairs.stream().filter(p -> !p.split().equals(held)).toList(), grid);
      chosen.add(held + ":" + best.describe());
      for (Pair p : pairs) if (p.split().equals(held)) cv.add(p.truth().ordinal(), best.decide(p));
    }
    return cv;
  }

  /** The grid's setting with the highest macro-F1 on {@code pairs} (the first of equals). */
  static <S extends Setting> S best(List<Pair> pairs, List<S> grid) {
    S best = null;
    double bestF1m = -1;
    for (S setting : grid) {
      double f1m = FusedArticleTuning.goldF1m(decideAll(pairs, setting::decide));
      if (f1m > bestF1m) {
        bestF1m = f1m;
        best = setting;
      }
    }
    return best;
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

  /** Index 4 of {@link FusedArticleTuning#goldScores()} (NONE) when the actor was not found, as {@link GoldEval}; else the model's class. */
  private static int predicted(Model m, Pair p) {
    return p.evidence() == null ? NONE : m.predict(features(p)).ordinal();
  }

  private static int defaultDecision(Pair p) {
    return p.evidence() == null ? NONE : FusedArticleStance.DEFAULT.decide(p.evidence()).stance().ordinal();
  }

  /**
   * Ten aggregate features of an actor's sentence evidence, each sentence scored and weighted as DEFAULT does, then
   * the article's {@link #evaluative} alone and times the mean and the diluted score (opinion pieces take sides).
   */
  static double[] features(Pair p) {
    FusedArticleStance.ActorEvidence e = p.evidence();
    FusedArticleStance f = FusedArticleStance.DEFAULT;
    double weighted = 0, weights = 0, min = 0, max = 0, neg = 0, pos = 0, speaker = 0;
    boolean title = false;
    for (FusedArticleStance.Sentence s : e.sentences()) {
      double v = f.score(s), w = f.weight(s);
      weighted += w * v;
      weights += w;
      min = Math.min(min, v);
      max = Math.max(max, v);
      neg += w * Math.max(0, -v);
      pos += w * Math.max(0, v);
      if (s.speaker()) speaker++;
      if (s.weight() > 1) title = true;
    }
    int n = e.sentences().size();
    double meanScore = weights == 0 ? 0 : weighted / weights;
    double diluted = f.decide(e).score();
    return new double[] {
        meanScore,
        diluted,
        min,
        max,
        weights == 0 ? 0 : neg / weights,
        weights == 0 ? 0 : pos / weights,
        Math.log1p(n),
        n + e.otherSentences() == 0 ? 0 : (double) n / (n + e.otherSentences()),
        title ? 1 : 0,
        n == 0 ? 0 : speaker / n,
        p.evaluative(),
        p.evaluative() * meanScore,
        p.evaluative() * diluted};
  }

  /**
   * Multinomial logistic regression by full-batch gradient descent with L2 ({@code lambda} per pair). Written here,
   * not taken from a library: ten features and a few hundred pairs, and the product's dependencies have no small
   * linear-model trainer (DJL would need the PyTorch engine for this).
   */
  static Model fit(List<Pair> pairs, double lambda, boolean balanced) {
    List<double[]> xs = new ArrayList<>();
    List<Integer> ys = new ArrayList<>();
    for (Pair p : pairs) {
      int y = classIndex(p.truth());
      if (p.evidence() == null || y < 0) continue;  // not found, or MIXED: nothing to learn from
      xs.add(features(p));
      ys.add(y);
    }
    double[] mean = new double[FEATURES], scale = new double[FEATURES];
    for (double[] x : xs) for (int j = 0; j < FEATURES; j++) mean[j] += x[j] / xs.size();
    for (double[] x : xs) for (int j = 0; j < FEATURES; j++) scale[j] += (x[j] - mean[j]) * (x[j] - mean[j]) / xs.size();
    for (int j = 0; j < FEATURES; j++) scale[j] = scale[j] < 1e-12 ? 1 : Math.sqrt(scale[j]);
    double[] classWeight = {1, 1, 1};
    if (balanced) {
      int[] count = new int[CLASSES.length];
      ys.forEach(y -> count[y]++);
      // Square root of the inverse frequency: the rare stances count more, without letting 10 FAVOR pairs dominate.
      for (int c = 0; c < CLASSES.length; c++) classWeight[c] = count[c] == 0 ? 0 : Math.sqrt((double) xs.size() / (CLASSES.length * count[c]));
    }
    double[][] w = new double[CLASSES.length][FEATURES + 1];
    double rate = 0.1;
    for (int epoch = 0; epoch < 2000; epoch++) {
      double[][] grad = new double[CLASSES.length][FEATURES + 1];
      for (int i = 0; i < xs.size(); i++) {
        double[] x = standardise(xs.get(i), mean, scale);
        double[] p = softmax(w, x);
        double cw = classWeight[ys.get(i)];
        for (int c = 0; c < CLASSES.length; c++) {
          double err = cw * (p[c] - (ys.get(i) == c ? 1 : 0));
          for (int j = 0; j < FEATURES; j++) grad[c][j] += err * x[j];
          grad[c][FEATURES] += err;
        }
      }
      for (int c = 0; c < CLASSES.length; c++) {
        for (int j = 0; j <= FEATURES; j++) {
          double reg = j < FEATURES ? lambda * w[c][j] : 0;
          w[c][j] -= rate * (grad[c][j] / xs.size() + reg / xs.size());
        }
      }
    }
    return new Model(w, mean, scale);
  }

  private static int classIndex(Stance s) {
    for (int c = 0; c < CLASSES.length; c++) if (CLASSES[c] == s) return c;
    return -1;
  }

  private static double[] standardise(double[] raw, double[] mean, double[] scale) {
    double[] x = new double[FEATURES];
    for (int j = 0; j < FEATURES; j++) x[j] = (raw[j] - mean[j]) / scale[j];
    return x;
  }

  private static double logit(double[] w, double[] x) {
    double z = w[FEATURES];
    for (int j = 0; j < FEATURES; j++) z += w[j] * x[j];
    return z;
  }

  private static double[] softmax(double[][] w, double[] x) {
    double[] z = new double[CLASSES.length];
    double max = Double.NEGATIVE_INFINITY, sum = 0;
    for (int c = 0; c < CLASSES.length; c++) max = Math.max(max, z[c] = logit(w[c], x));
    for (int c = 0; c < CLASSES.length; c++) sum += z[c] = Math.exp(z[c] - max);
    for (int c = 0; c < CLASSES.length; c++) z[c] /= sum;
    return z;
  }

  /** How evaluative the whole article is: the mean |score| of every actor's sentences (wire reports score low). */
  static double evaluative(Collection<FusedArticleStance.ActorEvidence> all) {
    double sum = 0;
    int n = 0;
    for (FusedArticleStance.ActorEvidence e : all) {
      for (FusedArticleStance.Sentence s : e.sentences()) {
        sum += Math.abs(FusedArticleStance.DEFAULT.score(s));
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  /** Every labelled pair of the articles in {@code splits} (null: every article, as split "seeds"). */
  private static List<Pair> read(ArticleAnalyzer analyzer, Path goldJson, Path dir, Set<String> splits) throws IOException {
    List<Pair> out = new ArrayList<>();
    FusedArticleTuning.forEachLabelledArticle(analyzer, goldJson, dir, splits, (split, evidence, labels) -> {
      double evaluative = evaluative(evidence.values());
      labels.forEach((actor, truth) -> {
        List<FusedArticleStance.ActorEvidence> others = new ArrayList<>();
        evidence.forEach((id, e) -> { if (!id.equals(actor)) others.add(e); });
        out.add(new Pair(splits == null ? "seeds" : split, evidence.get(actor), evaluative, truth, others));
      });
    });
    return out;
  }
}
