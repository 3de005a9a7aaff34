package org.stancewatch.nlp.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Screen S3 (eval/heldout/README.md, "Session 39"): do more than 32 components of each stance-pass representation add
 * to the article decision? Every fit of rules v12-v15 chose k = 32, the grid's edge. Two nested cross-validations on
 * the same folds, each with rule v2's chooser over v15's setting shape ({@link ArticleEmbeddingCv#GRID}: not gated,
 * balanced or not, six lambdas): arm A with k = 32 only, arm B with k in {32, 64, 128}. The folds are the TRAIN sets
 * grouped {@link #FOLDS} ways (in name order, dealt round-robin): leave-one-set-out at four times the features would
 * take hours on two cores. Arguments as {@link ArticleEmbeddingCv}'s, without OUT.
 * <pre>java -Xmx5g -cp ... org.stancewatch.nlp.eval.ComponentsScreen SEED_GOLD.json SEED_DIR HELDOUT_GOLD.json HELDOUT_DIR TRAIN_SPLITS - NEWSMTSC_TRAIN.jsonl stance-pass-target</pre>
 * Last line: {@code components pairs=N folds=F k32_agree=A k32_f1m=F extended_agree=A extended_f1m=F helps=true|false}.
 */
public final class ComponentsScreen {
  private ComponentsScreen() {}

  static final int FOLDS = 7;
  static final int[] EXTENDED = {32, 64, 128};

  public static void main(String[] args) throws IOException {
    if (args.length != 8) {
      System.err.println("usage: ComponentsScreen SEED_GOLD.json SEED_DIR HELDOUT_GOLD.json HELDOUT_DIR TRAIN_SPLITS - NEWSMTSC_TRAIN.jsonl "
          + "pretrained|stance|stance-pass|stance-pass-target");
      System.exit(2);
    }
    PrintStream out = System.out;
    ArticleEmbeddingCv.Prepared prepared = ArticleEmbeddingCv.prepare(args, EXTENDED[EXTENDED.length - 1], out);
    Map<String, String> foldOf = folds(prepared.train(), FOLDS);
    out.printf(Locale.ROOT, "folds: %s%n", foldOf);
    // The same pairs under their fold's name, with the same projections (the map is by identity).
    Map<ArticleDecisionCv.Pair, double[][]> projected = new IdentityHashMap<>();
    List<ArticleDecisionCv.Pair> pairs = new ArrayList<>();
    for (ArticleDecisionCv.Pair p : prepared.pairs()) {
      ArticleDecisionCv.Pair grouped = p.inSplit(foldOf.get(p.split()));
      pairs.add(grouped);
      if (prepared.projected().containsKey(p)) projected.put(grouped, prepared.projected().get(p));
    }
    Set<String> folds = new TreeSet<>(foldOf.values());
    ArticleDecisionCv.Fitter<ArticleEmbeddingCv.Embedded> fitter = ArticleEmbeddingCv.fitter(projected);
    ArticleDecisionCv.Choice choice = ArticleDecisionCv.Choice.AGREEMENT_PLUS_F1M;
    List<String> chosenA = new ArrayList<>(), chosenB = new ArrayList<>();
    ClassScores a = ArticleDecisionCv.nested(pairs, folds, shape(new int[] {32}), fitter, choice, chosenA);
    ClassScores b = ArticleDecisionCv.nested(pairs, folds, shape(EXTENDED), fitter, choice, chosenB);
    ArticleDecisionCv.print(out, "arm A, k = 32, nested over " + FOLDS + " folds", a);
    ArticleDecisionCv.print(out, "arm B, k in {32, 64, 128}, nested over " + FOLDS + " folds", b);
    out.printf(Locale.ROOT, "chosen per held fold: A %s; B %s%n", chosenA, chosenB);
    double f1A = FusedArticleTuning.goldF1m(a), f1B = FusedArticleTuning.goldF1m(b);
    out.printf(Locale.ROOT, "components pairs=%d folds=%d k32_agree=%d k32_f1m=%.3f extended_agree=%d extended_f1m=%.3f helps=%s%n",
        a.total(), folds.size(), a.correct(), f1A, b.correct(), f1B, b.correct() > a.correct() && f1B > f1A);
  }

  /** Each split's fold: the splits in name order, dealt round-robin into {@code folds} groups named fold0, fold1, .... */
  static Map<String, String> folds(Set<String> splits, int folds) {
    Map<String, String> foldOf = new java.util.TreeMap<>();
    int i = 0;
    for (String split : new TreeSet<>(splits)) foldOf.put(split, "fold" + (i++ % folds));
    return foldOf;
  }

  /** v15's setting shape (not gated, balanced or not, each lambda) for each k. */
  static List<ArticleEmbeddingCv.Embedded> shape(int[] ks) {
    return ArticleEmbeddingCv.grid(ks).stream().filter(s -> !s.gatedTraining()).toList();
  }
}
