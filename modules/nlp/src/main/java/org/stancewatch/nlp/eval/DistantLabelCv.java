package org.stancewatch.nlp.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.stancewatch.nlp.ArticleAnalyzer;
import org.stancewatch.nlp.Stance;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.neural.NeuralStanceModel;
import org.stancewatch.nlp.neural.StanceTrainer;
import org.stancewatch.nlp.stance.FusedArticleStance;
import org.stancewatch.nlp.stance.StanceSource;

/**
 * An experiment for issue 13: does teaching the sentence model the stance of labelled ARTICLES (distant labels) move
 * held-out article stance? Every (sentence, actor) pair the default analyser scores in a labelled article becomes a
 * training example labelled with the article's gold stance toward that actor (AGAINST -1, NEUTRAL 0, FAVOR +1; MIXED
 * and unlabelled actors are skipped). Leave one split out: for each split, a model is fine-tuned from the committed
 * one on the other splits' distant examples (times {@code copies}) plus {@code replay} NewsMTSC training sentences (a
 * seeded sample, so it keeps the sentence task), then the default analyser (NOPARSE, {@link FusedArticleStance#DEFAULT})
 * with that model decides the held split's articles. The committed model, loaded the same way, is the baseline.
 * <pre>java -cp ... org.stancewatch.nlp.eval.DistantLabelCv SEED_GOLD SEED_DIR HELDOUT_GOLD HELDOUT_DIR SPLITS NEWSMTSC_TRAIN NEWSMTSC_DEV WORKDIR [COPIES [REPLAY [EPOCHS [distant|mil|mil-balanced [FOLDS]]]]]</pre>
 * SPLITS: comma-separated, {@code seeds} for the seed gold. Writes WORKDIR/fold-F-train.jsonl and fold-F.bin.
 * Mode {@code mil} (screen M1, eval/heldout README "Session 42"): one example per labelled pair instead, the sentence
 * the committed model finds most telling for the gold class ({@link #milExamples}); {@code mil-balanced} (screen M2)
 * keeps a NEUTRAL example only for a strong portrayal and counts FAVOR twice. FOLDS &gt; 0 groups the splits
 * into that many folds ({@link ComponentsScreen#folds}); 0, the default, holds out one split at a time.
 * Last line: {@code cv pairs=N baseline_agree=A baseline_f1m=F distant_agree=A distant_f1m=F splits_better=K/S}.
 */
public final class DistantLabelCv {
  private DistantLabelCv() {}

  /** One labelled article: its split, text, day and gold stance by actor. */
  record LabelledArticle(String split, String file, String body, java.time.LocalDate day, Map<String, Stance> labels) {}

  public static void main(String[] args) throws IOException {
    if (args.length < 8) {
      System.err.println("usage: DistantLabelCv SEED_GOLD SEED_DIR HELDOUT_GOLD HELDOUT_DIR SPLITS NEWSMTSC_TRAIN NEWSMTSC_DEV WORKDIR [COPIES [REPLAY [EPOCHS [distant|mil|mil-balanced [FOLDS]]]]]");
      System.exit(2);
    }
    List<String> splits = List.of(args[4].split(","));
    Path train = Path.of(args[5]), dev = Path.of(args[6]), work = Path.of(args[7]);
    int copies = args.length > 8 ? Integer.parseInt(args[8]) : 1;
    int replay = args.length > 9 ? Integer.parseInt(args[9]) : 2500;
    int epochs = args.length > 10 ? Integer.parseInt(args[10]) : 1;
    String mode = args.length > 11 ? args[11] : "distant";
    if (!List.of("distant", "mil", "mil-balanced").contains(mode)) {
      throw new IllegalArgumentException("mode must be distant, mil or mil-balanced, not " + mode);
    }
    int folds = args.length > 12 ? Integer.parseInt(args[12]) : 0;
    Map<String, String> foldOf = folds > 0 ? ComponentsScreen.folds(new java.util.TreeSet<>(splits), folds) : null;
    Files.createDirectories(work);
    PrintStream out = System.out;

    List<LabelledArticle> articles = new ArrayList<>();
    if (splits.contains("seeds")) {
      FusedArticleTuning.forEachGoldArticle(Path.of(args[0]), Path.of(args[1]), null,
          (file, split, in, labels) -> articles.add(new LabelledArticle(foldOf == null ? "seeds" : foldOf.get("seeds"), file, in.body(), in.day(),
              labels)));
    }
    FusedArticleTuning.forEachGoldArticle(Path.of(args[2]), Path.of(args[3]), Set.copyOf(splits),
        (file, split, in, labels) -> articles.add(new LabelledArticle(foldOf == null ? split : foldOf.get(split), file, in.body(), in.day(), labels)));
    List<String> held = foldOf == null ? splits : new ArrayList<>(new java.util.TreeSet<>(foldOf.values()));

    ArticleAnalyzer analyzer = new ArticleAnalyzer(ActorCatalogue.starter(), StanceSource.NOPARSE);
    Map<String, List<NewsMtscExample>> distant = new LinkedHashMap<>();
    for (String s : held) distant.put(s, new ArrayList<>());
    for (LabelledArticle a : articles) {
      distant.get(a.split()).addAll(mode.equals("distant") ? distantExamples(analyzer, a) : milExamples(analyzer, a, mode.equals("mil-balanced")));
    }
    distant.forEach((s, ex) -> out.printf(Locale.ROOT, "distant %s: %d examples (neg %d neu %d pos %d)%n", s, ex.size(),
        count(ex, -1), count(ex, 0), count(ex, 1)));

    Path committed = work.resolve("committed.bin");
    Files.write(committed, resource(NeuralStanceModel.RESOURCE));
    Files.write(work.resolve("committed.bin.sha256"), resource(NeuralStanceModel.RESOURCE + ".sha256"));
    List<NewsMtscExample> newsTrain = new ArrayList<>(NewsMtscExample.read(train));
    Collections.shuffle(newsTrain, new Random(13));
    List<NewsMtscExample> replayed = newsTrain.subList(0, Math.min(replay, newsTrain.size()));

    ClassScores baseAll = FusedArticleTuning.goldScores(), distAll = FusedArticleTuning.goldScores();
    int better = 0;
    for (String heldOut : held) {
      List<LabelledArticle> heldArticles = articles.stream().filter(a -> a.split().equals(heldOut)).toList();
      ClassScores base = decide(analyzer, committed, heldArticles);
      List<NewsMtscExample> fit = new ArrayList<>(replayed);
      for (int c = 0; c < copies; c++) distant.forEach((s, ex) -> { if (!s.equals(heldOut)) fit.addAll(ex); });
      Collections.shuffle(fit, new Random(29));
      Path fitFile = work.resolve("fold-" + heldOut + "-train.jsonl");
      NewsMtscExample.write(fitFile, fit);
      Path model = work.resolve("fold-" + heldOut + ".bin");
      StanceTrainer.Options d = StanceTrainer.Options.defaults(fitFile, dev, model);
      new StanceTrainer(new StanceTrainer.Options(fitFile, dev, model, epochs, d.seed(), d.batch(), d.encoderLr(), d.headLr(),
          d.weightDecay(), d.dropout(), d.warmup(), d.threads(), d.targetMark(), committed), out).run();
      ClassScores dist = decide(analyzer, model, heldArticles);
      double bf = FusedArticleTuning.goldF1m(base), df = FusedArticleTuning.goldF1m(dist);
      if (df > bf) better++;
      out.printf(Locale.ROOT, "fold %s: %d pairs; baseline agree %d f1m=%.3f; distant agree %d f1m=%.3f%n", heldOut, base.total(),
          base.correct(), bf, dist.correct(), df);
      baseAll.add(base);
      distAll.add(dist);
    }
    ArticleDecisionCv.print(out, "baseline (committed model), pooled", baseAll);
    ArticleDecisionCv.print(out, "distant-label folds, pooled", distAll);
    out.printf(Locale.ROOT, "cv pairs=%d baseline_agree=%.3f baseline_f1m=%.3f distant_agree=%.3f distant_f1m=%.3f splits_better=%d/%d%n",
        baseAll.total(), (double) baseAll.correct() / baseAll.total(), FusedArticleTuning.goldF1m(baseAll),
        (double) distAll.correct() / distAll.total(), FusedArticleTuning.goldF1m(distAll), better, held.size());
  }

  /** The article's distant examples: each pair the model scores, labelled with the gold stance toward its actor. */
  static List<NewsMtscExample> distantExamples(ArticleAnalyzer analyzer, LabelledArticle a) {
    List<NewsMtscExample> out = new ArrayList<>();
    for (ArticleAnalyzer.TargetSentence t : analyzer.targetSentences("", a.body(), a.day())) {
      Stance gold = a.labels().get(t.actorId());
      if (gold == null || gold == Stance.MIXED) continue;  // an actor the gold does not label, or MIXED
      out.add(example(t, gold));
    }
    return out;
  }

  /**
   * Screen M1's examples: per labelled actor, the one sentence the analyser's model finds most telling for the gold
   * class (FAVOR: highest P(positive); AGAINST: highest P(negative); NEUTRAL: largest |P(positive) - P(negative)|, the
   * portrayal the article does not adopt), labelled with the gold class; MIXED and unlabelled actors are skipped.
   * {@code balanced} (screen M2): a NEUTRAL example only for a strong portrayal ({@link #STRONG_PORTRAYAL}), and each
   * FAVOR example twice (the rarest class), so the model is not taught the labelled majority.
   */
  static List<NewsMtscExample> milExamples(ArticleAnalyzer analyzer, LabelledArticle a, boolean balanced) {
    List<ArticleAnalyzer.TargetSentence> targets = analyzer.targetSentences("", a.body(), a.day());
    List<float[]> probabilities = NeuralStanceModel.shared(analyzer.neuralModel()).classify(
        targets.stream().map(ArticleAnalyzer.TargetSentence::sentence).toList(),
        targets.stream().map(t -> List.of(new NeuralStanceModel.Target(t.from(), t.to()))).toList()).stream().map(p -> p.get(0)).toList();
    return milExamples(targets, probabilities, a.labels(), balanced);
  }

  /** Screen M2: below this |P(positive) - P(negative)| a NEUTRAL pair's most telling sentence teaches nothing new. */
  static final double STRONG_PORTRAYAL = 0.5;

  /** {@link #milExamples(ArticleAnalyzer, LabelledArticle, boolean)} given each target sentence's (negative, neutral, positive) probabilities. */
  static List<NewsMtscExample> milExamples(List<ArticleAnalyzer.TargetSentence> targets, List<float[]> probabilities, Map<String, Stance> labels,
                                           boolean balanced) {
    Map<String, Integer> best = new LinkedHashMap<>();
    for (int i = 0; i < targets.size(); i++) {
      String actor = targets.get(i).actorId();
      Stance gold = labels.get(actor);
      if (gold == null || gold == Stance.MIXED) continue;
      Integer before = best.get(actor);
      if (before == null || telling(gold, probabilities.get(i)) > telling(gold, probabilities.get(before))) best.put(actor, i);
    }
    List<NewsMtscExample> out = new ArrayList<>();
    best.forEach((actor, i) -> {
      Stance gold = labels.get(actor);
      // For NEUTRAL the most telling value is the portrayal's strength.
      if (balanced && gold == Stance.NEUTRAL && telling(gold, probabilities.get(i)) < STRONG_PORTRAYAL) return;
      NewsMtscExample e = example(targets.get(i), gold);
      out.add(e);
      if (balanced && gold == Stance.FAVOR) out.add(e);
    });
    return out;
  }

  /** How telling a sentence with these (negative, neutral, positive) probabilities is for {@code gold} (FAVOR, AGAINST or NEUTRAL). */
  private static double telling(Stance gold, float[] p) {
    return gold == Stance.FAVOR ? p[2] : gold == Stance.AGAINST ? p[0] : Math.abs(p[2] - p[0]);
  }

  /** A training example of the target sentence labelled with {@code gold} (FAVOR, AGAINST or NEUTRAL). */
  private static NewsMtscExample example(ArticleAnalyzer.TargetSentence t, Stance gold) {
    int polarity = gold == Stance.AGAINST ? -1 : gold == Stance.NEUTRAL ? 0 : 1;
    return new NewsMtscExample(t.sentence(), t.from(), t.to(), t.sentence().substring(t.from(), t.to()), polarity);
  }

  private static ClassScores decide(ArticleAnalyzer analyzer, Path model, List<LabelledArticle> articles) throws IOException {
    ClassScores s = FusedArticleTuning.goldScores();
    try (NeuralStanceModel m = NeuralStanceModel.load(model, Math.max(1, Runtime.getRuntime().availableProcessors()),
        analyzer.neuralModel().mark())) {
      ArticleAnalyzer with = analyzer.withNeuralModel(m, NeuralStanceModel.fileSha256(model));
      for (LabelledArticle a : articles) {
        Map<String, FusedArticleStance.ActorEvidence> evidence = with.fusedEvidence("", a.body(), a.day());
        a.labels().forEach((actor, truth) -> {
          FusedArticleStance.ActorEvidence e = evidence.get(actor);
          s.add(truth.ordinal(), e == null ? 4 : FusedArticleStance.DEFAULT.decide(e).stance().ordinal());
        });
      }
    }
    return s;
  }

  private static byte[] resource(String name) throws IOException {
    try (var in = NeuralStanceModel.class.getResourceAsStream(name)) {
      if (in == null) throw new IOException("classpath resource " + name + " is missing");
      return in.readAllBytes();
    }
  }

  private static long count(List<NewsMtscExample> ex, int polarity) {
    return ex.stream().filter(e -> e.polarity() == polarity).count();
  }
}
