package org.stancewatch.nlp.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.stancewatch.nlp.Stance;
import org.stancewatch.nlp.stance.ArticleEmbeddingDecision;
import org.stancewatch.nlp.stance.SoftmaxRegression;

/**
 * Screen G2 (eval/heldout/README.md, "Session 41"): should the learned class pass rule v7's guard for an actor that is
 * the publishing outlet's own side? The guard keeps DEFAULT's direction where the regression would reverse it; for the
 * outlet's own side the class rests on who publishes, which DEFAULT cannot see (China Daily's China read AGAINST on
 * test22). Leave-one-split-out with one fixed setting ({@link #SETTING}, v17's committed one): each held split decided
 * by the fit on the others, once as shipped and once with the own-side pairs let through the guard, from the same fit.
 * Not nested (the setting was chosen on most of these sets): a screen, not an estimate. Arguments as
 * {@link ArticleEmbeddingCv}'s, without OUT.
 * <pre>java -Xmx6g -cp ... org.stancewatch.nlp.eval.GuardScreen SEED_GOLD.json SEED_DIR HELDOUT_GOLD.json HELDOUT_DIR TRAIN_SPLITS - NEWSMTSC_TRAIN.jsonl stance-pass-target</pre>
 * Last line: {@code guard pairs=N own_side=S shipped_agree=A shipped_f1m=F g2_agree=A g2_f1m=F changed=C helps=true|false}.
 */
public final class GuardScreen {
  private GuardScreen() {}

  /** Rule v17's committed setting. */
  static final ArticleEmbeddingCv.Embedded SETTING = new ArticleEmbeddingCv.Embedded(32, true, 300, false, true, true);

  public static void main(String[] args) throws IOException {
    if (args.length != 8) {
      System.err.println("usage: GuardScreen SEED_GOLD.json SEED_DIR HELDOUT_GOLD.json HELDOUT_DIR TRAIN_SPLITS - NEWSMTSC_TRAIN.jsonl "
          + "stance-pass-target");
      System.exit(2);
    }
    PrintStream out = System.out;
    ArticleEmbeddingCv.Prepared prepared = ArticleEmbeddingCv.prepare(args, ArticleEmbeddingCv.MAX_COMPONENTS, out);
    List<ArticleDecisionCv.Pair> pairs = prepared.pairs();
    Map<ArticleDecisionCv.Pair, double[][]> projected = prepared.projected();
    ClassScores shipped = FusedArticleTuning.goldScores(), g2 = FusedArticleTuning.goldScores();
    int changed = 0;
    for (String held : prepared.train()) {
      List<ArticleDecisionCv.Pair> fitOn = pairs.stream().filter(p -> !p.split().equals(held)).toList();
      SoftmaxRegression r = ArticleDecisionCv.fitRegression(fitOn, SETTING.lambda(), SETTING.balanced(),
          p -> ArticleEmbeddingCv.features(p, projected.get(p), SETTING));
      java.util.function.Function<ArticleDecisionCv.Pair, Stance> learned =
          q -> ArticleEmbeddingDecision.CLASSES.get(r.predict(ArticleEmbeddingCv.features(q, projected.get(q), SETTING)));
      for (ArticleDecisionCv.Pair p : pairs) {
        if (!p.split().equals(held)) continue;
        int asShipped = ArticleDecisionCv.asShipped(p, learned);
        // G2: the outlet's own side is decided as shipped but without the reversal guard (the gate and MIXED stay).
        int withG2 = p.evidence() != null && p.outletSide()
            ? ArticleEmbeddingDecision.defaultOr(p.evidence(), ArticleEmbeddingDecision::decidesArticleOf, () -> learned.apply(p)).stance().ordinal()
            : asShipped;
        if (withG2 != asShipped) changed++;
        shipped.add(p.truth().ordinal(), asShipped);
        g2.add(p.truth().ordinal(), withG2);
      }
    }
    ArticleDecisionCv.print(out, "leave-one-split-out, " + SETTING + ", as shipped", shipped);
    ArticleDecisionCv.print(out, "leave-one-split-out, " + SETTING + ", own side past the guard (G2)", g2);
    double f1Shipped = FusedArticleTuning.goldF1m(shipped), f1G2 = FusedArticleTuning.goldF1m(g2);
    out.printf(Locale.ROOT, "guard pairs=%d own_side=%d shipped_agree=%d shipped_f1m=%.3f g2_agree=%d g2_f1m=%.3f changed=%d helps=%s%n",
        shipped.total(), pairs.stream().filter(ArticleDecisionCv.Pair::outletSide).count(), shipped.correct(), f1Shipped, g2.correct(), f1G2,
        changed, g2.correct() > shipped.correct() && f1G2 > f1Shipped);
  }
}
