package org.stancewatch.nlp.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.stancewatch.nlp.ArticleAnalyzer;
import org.stancewatch.nlp.Stance;
import org.stancewatch.nlp.neural.MiniLmEncoder;
import org.stancewatch.nlp.neural.NeuralStanceModel;
import org.stancewatch.nlp.stance.ArticleEmbeddingDecision;
import org.stancewatch.nlp.stance.PrincipalComponents;
import org.stancewatch.nlp.stance.SoftmaxRegression;

/**
 * An experiment for issue 13 (eval/heldout/README.md, "Session 32"): does a sentence representation of what the article
 * says about an actor, and of the whole article, add to the 13 evidence features
 * ({@link ArticleEmbeddingDecision#evidenceFeatures})? Partisan outlets and wire reports differ in their wording more
 * than in the sentence model's scores. Each labelled pair gets the 13 features plus the first k principal components of
 * two unit mean representations: of the actor's evidence sentences, and of every actor's evidence sentences in the
 * article. They come from the pretrained all-MiniLM-L6-v2 ({@code pretrained}), from the fine-tuned encoder the default
 * analyser runs, each sentence whole ({@code stance}), or from the states the analyser's own stance pass computes
 * ({@code stance-pass}: {@link ArticleAnalyzer#stancePassStates}, windows around the targets; the variant that costs
 * the product no encoder time; {@code stance-pass-target}: the same, but the actor's own representation is the mean
 * of its target states, rule v8). The components come from NewsMTSC train sentences (and their targets), so no
 * labelled article shapes them.
 * Judged by nested leave-one-split-out ({@link ArticleDecisionCv#nested}) over TRAIN, scored as the decision would ship
 * ({@link ArticleDecisionCv#asShipped}), beside the same nested run with k = 0 (the 13 features alone), with rule v2's
 * chooser ({@link ArticleDecisionCv.Choice#AGREEMENT_PLUS_F1M}; the first rule's is retired). Articles are read untitled ({@link GoldEval#PLAIN}). A REPORT split (never used to
 * choose) is then decided once by the setting rule v2 chooses on TRAIN, fitted on TRAIN, beside DEFAULT on the same
 * pairs. With OUT, that decision is written there ({@link ArticleEmbeddingDecision#write}).
 * <pre>java -cp ... org.stancewatch.nlp.eval.ArticleEmbeddingCv SEED_GOLD.json SEED_DIR HELDOUT_GOLD.json HELDOUT_DIR TRAIN_SPLITS REPORT_SPLIT|- NEWSMTSC_TRAIN.jsonl pretrained|stance|stance-pass|stance-pass-target [OUT.json]</pre>
 * Prints {@code embeddings choice=C pairs=N default_agree=A default_f1m=F evidence_agree=A evidence_f1m=F
 * embedded_agree=A embedded_f1m=F helps=true|false beats_default=true|false} (helps: rule v2's mark over the 13 features;
 * beats_default: rule v5's), after {@code screen G2 pairs=N without_agree=A without_f1m=F with_agree=A with_f1m=F helps=B}.
 * Since session 42 (rule v18) the embedded arm's settings read the outlet side and whether the outlet is an organ of any
 * party ({@link #PARTISAN_GRID}: screens O1 and P1 of sessions 40 and 41, adopted), and screen G2 is the same nested run,
 * from the same fits, with the outlet's own side let past rule v7's reversal guard ({@link #G2_GRID}).
 * OUT gets the setting chosen on all of TRAIN from {@link #G2_GRID} if G2 helps (more pairs right and a higher
 * macro-F1), else from {@link #PARTISAN_GRID}. Screen S2 (a strong one-sided sentence kept from being flattened; README "Session
 * 39") ran here in session 39, lost 184 pairs and was removed in session 40; its code is in commit 0c75716. Screen Q1 (the article's
 * genre, wire report or opinion piece, as two more features; README "Session 43") ran here as a third arm in session 43,
 * lost three pairs at the same macro-F1 and was removed; its code is in commit 94c79c2. With a
 * REPORT split, last
 * {@code report=S pairs=N default_agree=A default_f1m=F embedded_agree=A embedded_f1m=F}.
 */
public final class ArticleEmbeddingCv {
  private ArticleEmbeddingCv() {}

  /** The most components a setting uses; the grid's k are at most this. */
  static final int MAX_COMPONENTS = 32;
  /** NewsMTSC train sentences the components are computed on (the first, distinct, in file order). */
  static final int COMPONENT_SENTENCES = 3000;

  /**
   * One setting: k components of each embedding, class weighting, L2 strength, and whether the regression learns only
   * from the pairs it will decide ({@link #decidedByRegression}; rule v5) rather than every learnable pair, and whether
   * it also reads the outlet side ({@link ArticleDecisionCv.Pair#outletSide}; screen O1) and the partisan outlet
   * ({@link ArticleDecisionCv.Pair#partisanOutlet}; screen P1), and whether its class of the outlet's own side passes the
   * reversal guard (screen G2; it changes how the fit is read, not the fit).
   */
  record Embedded(int k, boolean balanced, double lambda, boolean gatedTraining, boolean outletSide, boolean partisanOutlet,
                  boolean ownSidePastGuard) {
    Embedded(int k, boolean balanced, double lambda, boolean gatedTraining) {
      this(k, balanced, lambda, gatedTraining, false, false, false);
    }

    Embedded withOutletSide() {
      return new Embedded(k, balanced, lambda, gatedTraining, true, partisanOutlet, ownSidePastGuard);
    }

    Embedded withPartisanOutlet() {
      return new Embedded(k, balanced, lambda, gatedTraining, outletSide, true, ownSidePastGuard);
    }

    Embedded withOwnSidePastGuard() {
      return new Embedded(k, balanced, lambda, gatedTraining, outletSide, partisanOutlet, true);
    }

    /** The setting as fitted: G2 reads the same regression, so both share one fit. */
    Embedded asFitted() {
      return new Embedded(k, balanced, lambda, gatedTraining, outletSide, partisanOutlet, false);
    }
  }

  /** 72 settings; lambda 300 and 1000 since rule v10 (every fit before chose 100, then the grid's edge). Rules v10-v14. */
  static final List<Embedded> FULL_GRID = grid(new int[] {0, 8, 32});

  /**
   * Rule v15's 12 settings (eval/heldout README, session 39): k = 32 trained on every pair, balanced or not, each lambda.
   * v12-v14 all chose k = 32 ungated, and their inner choices scattered over near ties, so the other 60 settings cost
   * 100 min of refit for selection noise.
   */
  static final List<Embedded> GRID = FULL_GRID.stream().filter(s -> s.k() == MAX_COMPONENTS && !s.gatedTraining()).toList();

  /** Screen O1's 12 settings (eval/heldout README, session 40): {@link #GRID}'s, each also reading the outlet side. */
  static final List<Embedded> OUTLET_GRID = GRID.stream().map(Embedded::withOutletSide).toList();

  /** Screen P1's 12 settings (eval/heldout README, session 41): {@link #OUTLET_GRID}'s, each also reading the partisan outlet. */
  static final List<Embedded> PARTISAN_GRID = OUTLET_GRID.stream().map(Embedded::withPartisanOutlet).toList();

  /** Screen G2's 12 settings (eval/heldout README, session 42): {@link #PARTISAN_GRID}'s, the outlet's own side past the guard. */
  static final List<Embedded> G2_GRID = PARTISAN_GRID.stream().map(Embedded::withOwnSidePastGuard).toList();

  /** Every setting over these k: 24 per k. */
  static List<Embedded> grid(int[] ks) {
    List<Embedded> grid = new ArrayList<>();
    for (int k : ks) {
      for (boolean balanced : new boolean[] {false, true}) {
        for (double lambda : new double[] {0.1, 1, 10, 100, 300, 1000}) {
          for (boolean gated : new boolean[] {false, true}) grid.add(new Embedded(k, balanced, lambda, gated));
        }
      }
    }
    return grid;
  }

  /**
   * The labelled pairs of TRAIN and REPORT (args as {@link #main}'s) and each found pair's two representations projected
   * on the first {@code maxComponents} components ({@code targetComponents} null unless stance-pass-target).
   */
  record Prepared(Set<String> train, String report, List<ArticleDecisionCv.Pair> all, List<ArticleDecisionCv.Pair> pairs,
                  List<ArticleDecisionCv.Pair> reportPairs, Map<ArticleDecisionCv.Pair, double[][]> projected,
                  PrincipalComponents components, PrincipalComponents targetComponents) {}

  /** Reads the gold sets, analyses every article and projects each pair (what {@link #main} and the screens share). */
  static Prepared prepare(String[] args, int maxComponents, PrintStream out) throws IOException {
    Set<String> train = new TreeSet<>(List.of(args[4].split(",")));
    String report = args[5];
    if (train.contains(report)) throw new IllegalArgumentException("the report split " + report + " is also in TRAIN");
    Map<ArticleDecisionCv.Pair, ArticleDecisionCv.Source> sources = new IdentityHashMap<>();
    Set<String> wanted = new TreeSet<>(train);
    wanted.add(report);
    List<ArticleDecisionCv.Pair> all = ArticleDecisionCv.readLabelled(args, wanted, sources);
    List<ArticleDecisionCv.Pair> pairs = all.stream().filter(p -> train.contains(p.split())).toList();
    List<ArticleDecisionCv.Pair> reportPairs = all.stream().filter(p -> p.split().equals(report)).toList();
    out.printf(Locale.ROOT, "train %s: %d pairs; report %s: %d pairs; embeddings from the %s encoder%n", train, pairs.size(), report,
        reportPairs.size(), args[7]);

    // pretrained: all-MiniLM-L6-v2 as published (fp32); stance: the fine-tuned encoder the default analyser runs (int8).
    MiniLmEncoder pretrained = args[7].equals("pretrained") ? MiniLmEncoder.load(Runtime.getRuntime().availableProcessors(), Map.of()) : null;
    SentenceEmbedder embedder = new SentenceEmbedder(pretrained != null ? pretrained::sentenceEmbeddings
        : NeuralStanceModel.shared(NeuralStanceModel.Variant.MARKED_POOLED)::sentenceEmbeddings);
    boolean stancePass = args[7].startsWith("stance-pass");
    // stance-pass-target: the actor's own representation is its target states (rule v8), the article's stays sentences.
    boolean ownFromTargets = args[7].equals("stance-pass-target");
    List<NewsMtscExample> componentExamples = new ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    for (NewsMtscExample e : NewsMtscExample.read(Path.of(args[6]))) {
      if (componentExamples.size() < COMPONENT_SENTENCES && seen.add(e.sentence())) componentExamples.add(e);
    }
    List<String> componentSentences = componentExamples.stream().map(NewsMtscExample::sentence).toList();
    // stance-pass: each sentence as the stance pass sees it, with its NewsMTSC target (the window centres on it).
    NeuralStanceModel.Classified pass = stancePass ? NeuralStanceModel.shared(NeuralStanceModel.Variant.MARKED_POOLED).classifyWithStates(
        componentSentences, componentExamples.stream().map(e -> List.of(new NeuralStanceModel.Target(e.from(), e.to()))).toList()) : null;
    PrincipalComponents components = PrincipalComponents.of(stancePass ? pass.sentenceStates() : embedder.embed(componentSentences), maxComponents);
    out.printf(Locale.ROOT, "components: %d from %d NewsMTSC train sentences; variance share of the first %d: %.3f%n", maxComponents,
        componentSentences.size(), maxComponents, components.varianceShare());
    PrincipalComponents targetComponents = null;
    if (ownFromTargets) {
      List<double[]> targetStates = pass.targetStates().stream().map(t -> t.get(0)).filter(java.util.Objects::nonNull).toList();
      targetComponents = PrincipalComponents.of(targetStates, maxComponents);
      out.printf(Locale.ROOT, "target components: %d from %d NewsMTSC train targets; variance share: %.3f%n", maxComponents,
          targetStates.size(), targetComponents.varianceShare());
    }

    Map<ArticleDecisionCv.Pair, double[][]> projected = new IdentityHashMap<>();
    for (ArticleDecisionCv.Pair p : all) {
      if (p.evidence() == null) continue;
      ArticleDecisionCv.Source source = sources.get(p);
      ArticleDecisionCv.EvidenceSentences sentences = source.evidenceSentences();
      List<String> own = sentences.own(), article = sentences.article();
      projected.put(p, ownFromTargets
          ? new double[][] {targetComponents.project(source.stancePassStates().actors().getOrDefault(source.actor(), new double[DIM])),
              components.project(ArticleEmbeddingDecision.meanState(source.stancePassStates().sentences(), article, DIM))}
          : stancePass
          ? new double[][] {components.project(ArticleEmbeddingDecision.meanState(source.stancePassStates().sentences(), own, DIM)),
              components.project(ArticleEmbeddingDecision.meanState(source.stancePassStates().sentences(), article, DIM))}
          : new double[][] {components.project(embedder.mean(own)), components.project(embedder.mean(article))});
    }
    if (pretrained != null) pretrained.close();
    out.printf(Locale.ROOT, "embedded %d distinct sentences%n", embedder.cached());
    return new Prepared(train, report, all, pairs, reportPairs, projected, components, targetComponents);
  }

  public static void main(String[] args) throws IOException {
    if ((args.length != 8 && args.length != 9) || !List.of("pretrained", "stance", "stance-pass", "stance-pass-target").contains(args[7])) {
      System.err.println("usage: ArticleEmbeddingCv SEED_GOLD.json SEED_DIR HELDOUT_GOLD.json HELDOUT_DIR TRAIN_SPLITS REPORT_SPLIT|- "
          + "NEWSMTSC_TRAIN.jsonl pretrained|stance|stance-pass|stance-pass-target [OUT.json]");
      System.exit(2);
    }
    PrintStream out = System.out;
    Prepared prepared = prepare(args, MAX_COMPONENTS, out);
    Set<String> train = prepared.train();
    String report = prepared.report();
    List<ArticleDecisionCv.Pair> pairs = prepared.pairs(), reportPairs = prepared.reportPairs();
    Map<ArticleDecisionCv.Pair, double[][]> projected = prepared.projected();
    PrincipalComponents components = prepared.components(), targetComponents = prepared.targetComponents();

    ArticleDecisionCv.Fitter<Embedded> fitter = fitter(projected);
    ClassScores base = ArticleDecisionCv.decideAll(pairs, ArticleDecisionCv::defaultDecision);
    ArticleDecisionCv.print(out, "DEFAULT", base);
    // Rule v2's chooser (eval/heldout/README.md, "Session 32"), as rule v5 ("Session 33") asks.
    ArticleDecisionCv.Choice choice = ArticleDecisionCv.Choice.AGREEMENT_PLUS_F1M;
    // Rule v18 (README, session 42): v17's procedure, every setting reading the outlet side and the partisan outlet
    // (O1 and P1, adopted in sessions 40 and 41).
    List<String> evidenceChosen = new ArrayList<>(), embeddedChosen = new ArrayList<>(), guardChosen = new ArrayList<>();
    ClassScores evidenceOnly = ArticleDecisionCv.nested(pairs, train, grid(new int[] {0}), fitter, choice, evidenceChosen);
    ClassScores embedded = ArticleDecisionCv.nested(pairs, train, PARTISAN_GRID, fitter, choice, embeddedChosen);
    Embedded embeddedOnAll = ArticleDecisionCv.chooseNested(out, pairs, train, PARTISAN_GRID, fitter, choice);
    ArticleDecisionCv.print(out, choice + ", nested cv, 13 evidence features", evidenceOnly);
    ArticleDecisionCv.print(out, choice + ", nested cv, with embeddings, the outlet side and the partisan outlet", embedded);
    out.printf(Locale.ROOT, "%s: chosen per held split: evidence %s; with embeddings %s; with embeddings on all: %s%n", choice,
        evidenceChosen, embeddedChosen, embeddedOnAll);
    double f1Base = FusedArticleTuning.goldF1m(base), f1Evidence = FusedArticleTuning.goldF1m(evidenceOnly);
    double f1Embedded = FusedArticleTuning.goldF1m(embedded);
    boolean helps = embedded.correct() > base.correct() && f1Embedded > f1Base
        && embedded.correct() >= evidenceOnly.correct() && f1Embedded >= f1Evidence + 0.02;
    boolean beatsDefault = embedded.correct() > base.correct() && f1Embedded > f1Base;
    // Screen G2 (README, session 42): the same fits, the outlet's own side let past rule v7's reversal guard.
    ClassScores guard = ArticleDecisionCv.nested(pairs, train, G2_GRID, fitter, choice, guardChosen);
    Embedded guardOnAll = ArticleDecisionCv.chooseNested(out, pairs, train, G2_GRID, fitter, choice);
    ArticleDecisionCv.print(out, choice + ", nested cv, as above with the outlet's own side past the guard", guard);
    out.printf(Locale.ROOT, "%s: screen G2 chosen per held split: %s; on all: %s; pairs by a partisan outlet %d of %d (own side %d)%n", choice,
        guardChosen, guardOnAll, pairs.stream().filter(ArticleDecisionCv.Pair::partisanOutlet).count(), pairs.size(),
        pairs.stream().filter(ArticleDecisionCv.Pair::outletSide).count());
    double f1Guard = FusedArticleTuning.goldF1m(guard);
    boolean guardHelps = guard.correct() > embedded.correct() && f1Guard > f1Embedded;
    out.printf(Locale.ROOT, "screen G2 pairs=%d without_agree=%d without_f1m=%.3f with_agree=%d with_f1m=%.3f helps=%s%n", guard.total(),
        embedded.correct(), f1Embedded, guard.correct(), f1Guard, guardHelps);
    out.printf(Locale.ROOT, "embeddings choice=%s pairs=%d default_agree=%d default_f1m=%.3f evidence_agree=%d evidence_f1m=%.3f "
            + "embedded_agree=%d embedded_f1m=%.3f helps=%s beats_default=%s%n", choice, embedded.total(), base.correct(), f1Base,
        evidenceOnly.correct(), f1Evidence, embedded.correct(), f1Embedded, helps, beatsDefault);
    Embedded chosen = guardHelps ? guardOnAll : embeddedOnAll;
    if (args.length == 9) {
      // What ships: the setting rule v2 chose on all of TRAIN, fitted on all of TRAIN, with its components.
      Embedded s = chosen;
      List<ArticleDecisionCv.Pair> fitted = trainingPairs(pairs, s);
      SoftmaxRegression r = ArticleDecisionCv.fitRegression(fitted, s.lambda(), s.balanced(), p -> features(p, projected.get(p), s));
      PrincipalComponents first = new PrincipalComponents(components.mean(), java.util.Arrays.copyOf(components.axes(), s.k()), components.varianceShare());
      PrincipalComponents firstTargets = targetComponents == null ? null
          : new PrincipalComponents(targetComponents.mean(), java.util.Arrays.copyOf(targetComponents.axes(), s.k()), targetComponents.varianceShare());
      new ArticleEmbeddingDecision(first, firstTargets, r, String.format(Locale.ROOT, "%s, %s embeddings, %d pairs of %s", s, args[7],
          ArticleDecisionCv.learnable(fitted).size(), train), s.outletSide(), s.partisanOutlet(), s.ownSidePastGuard()).write(Path.of(args[8]));
      out.printf(Locale.ROOT, "wrote %s: %s fitted on %d pairs%n", args[8], s, ArticleDecisionCv.learnable(fitted).size());
    }
    if (report.equals("-")) return;
    java.util.function.ToIntFunction<ArticleDecisionCv.Pair> candidate = fitter.fit(pairs, chosen);
    ClassScores reportBase = ArticleDecisionCv.decideAll(reportPairs, ArticleDecisionCv::defaultDecision);
    ClassScores reportEmbedded = ArticleDecisionCv.decideAll(reportPairs, candidate);
    ArticleDecisionCv.print(out, "DEFAULT on " + report, reportBase);
    ArticleDecisionCv.print(out, chosen + " fitted on TRAIN, on " + report, reportEmbedded);
    out.printf(Locale.ROOT, "report=%s pairs=%d default_agree=%d default_f1m=%.3f embedded_agree=%d embedded_f1m=%.3f%n", report,
        reportPairs.size(), reportBase.correct(), FusedArticleTuning.goldF1m(reportBase), reportEmbedded.correct(),
        FusedArticleTuning.goldF1m(reportEmbedded));
  }

  /**
   * Each setting's decision as it would ship, fitted on the pairs given, over these projections; fits kept, and a G2
   * setting reads the fit of its setting without G2 ({@link Embedded#asFitted}) instead of fitting it again.
   */
  static ArticleDecisionCv.Fitter<Embedded> fitter(Map<ArticleDecisionCv.Pair, double[][]> projected) {
    java.util.function.BiFunction<List<ArticleDecisionCv.Pair>, Embedded, SoftmaxRegression> regressions = ArticleDecisionCv.keptBySplits(
        (fitOn, s) -> ArticleDecisionCv.fitRegression(trainingPairs(fitOn, s), s.lambda(), s.balanced(), p -> features(p, projected.get(p), s)));
    return (fitOn, s) -> {
      Embedded fitted = s.asFitted();
      SoftmaxRegression r = regressions.apply(fitOn, fitted);
      java.util.function.Function<ArticleDecisionCv.Pair, Stance> learned =
          q -> ArticleEmbeddingDecision.CLASSES.get(r.predict(features(q, projected.get(q), fitted)));
      return p -> ArticleDecisionCv.asShipped(p, learned, s.ownSidePastGuard() && p.outletSide());
    };
  }

  /** The pairs a setting learns from: all, or with {@code gatedTraining} only those the regression will decide. */
  static List<ArticleDecisionCv.Pair> trainingPairs(List<ArticleDecisionCv.Pair> pairs, Embedded s) {
    return s.gatedTraining() ? pairs.stream().filter(ArticleEmbeddingCv::decidedByRegression).toList() : pairs;
  }

  /** Whether the shipped decision leaves this pair to the regression: the actor found and the gate open (never MIXED). */
  static boolean decidedByRegression(ArticleDecisionCv.Pair p) {
    return p.evidence() != null && ArticleEmbeddingDecision.decidesArticleOf(p.evidence());
  }

  /** {@link ArticleEmbeddingDecision#features} of a pair with its two projections. */
  static double[] features(ArticleDecisionCv.Pair p, double[][] projected, int k) {
    return ArticleEmbeddingDecision.features(p.evidence(), p.evaluative(), projected[0], projected[1], k);
  }

  /**
   * A setting's features of a pair: {@link #features(ArticleDecisionCv.Pair, double[][], int)}, then the outlet side and the
   * partisan outlet if it reads them ({@link ArticleEmbeddingDecision#withOutletFeatures}, as the shipped decision reads them).
   */
  static double[] features(ArticleDecisionCv.Pair p, double[][] projected, Embedded s) {
    return ArticleEmbeddingDecision.withOutletFeatures(features(p, projected, s.k()), s.outletSide(), s.partisanOutlet(), p.outletSide(),
        p.partisanOutlet());
  }

  /** Sentence embeddings ({@link MiniLmEncoder#sentenceEmbeddings}), each sentence embedded once. */
  static final class SentenceEmbedder {
    private final java.util.function.Function<List<String>, List<double[]>> encoder;
    private final Map<String, double[]> cache = new HashMap<>();

    SentenceEmbedder(java.util.function.Function<List<String>, List<double[]>> encoder) {
      this.encoder = encoder;
    }

    List<double[]> embed(List<String> sentences) {
      List<String> missing = sentences.stream().filter(s -> !cache.containsKey(s)).distinct().toList();
      List<double[]> embedded = missing.isEmpty() ? List.of() : encoder.apply(missing);
      for (int i = 0; i < missing.size(); i++) cache.put(missing.get(i), embedded.get(i));
      return sentences.stream().map(cache::get).toList();
    }

    /** The unit-length mean of the sentences' embeddings (zeros for none). */
    double[] mean(List<String> sentences) {
      double[] m = new double[DIM];
      for (double[] e : embed(sentences)) for (int j = 0; j < DIM; j++) m[j] += e[j];
      return MiniLmEncoder.unit(m);
    }

    int cached() {
      return cache.size();
    }
  }

  static final int DIM = 384;
}
