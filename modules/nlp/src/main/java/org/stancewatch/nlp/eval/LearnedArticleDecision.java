package org.stancewatch.nlp.eval;

import java.util.Collection;
import org.stancewatch.nlp.Stance;
import org.stancewatch.nlp.stance.FusedArticleStance;

/**
 * An article decision tried for NOPARSE and not adopted (nlp README, "A learned article decision"): a multinomial
 * logistic regression over thirteen aggregate features of an actor's sentence evidence (each sentence scored and
 * weighted as {@link FusedArticleStance#DEFAULT} does) and of how evaluative the whole article is, predicting FAVOR, AGAINST or NEUTRAL, fitted on labelled articles by {@link ArticleDecisionCv#fit}.
 * As it would ship: DEFAULT decides MIXED (the regression has no MIXED class: one labelled pair in 782) and articles
 * shorter than {@link #MIN_ARTICLE_SENTENCES} (unlike those it is fitted on), and gives the score in every case.
 * In nested leave-one-split-out cross-validation it beat DEFAULT (531 vs 519 of 782 pairs, macro-F1 0.303 vs 0.279) but
 * moved #17's alert ratio and calls two-against-two praise and blame FAVOR; the product kept DEFAULT. Immutable.
 */
final class LearnedArticleDecision {

  /** The classes, in the order of the weight rows. */
  static final Stance[] CLASSES = {Stance.FAVOR, Stance.AGAINST, Stance.NEUTRAL};
  static final int FEATURES = 13;
  /**
   * Fewer sentences than this in the main text (the actor's and the others): DEFAULT decides. The decision was fitted on
   * page excerpts of ten and more sentences; on one-sentence articles (NewsMTSC dev, {@code eval newsmtsc --via-article})
   * it scored F1m 0.699 where DEFAULT scores 0.781 (eval/heldout/README.md, "Rule v2").
   */
  static final int MIN_ARTICLE_SENTENCES = 3;

  /** The regression over the FEATURES features, its classes in the order of {@link #CLASSES}. */
  private final SoftmaxRegression regression;
  /** What it was fitted on and with which setting. */
  private final String fittedOn;

  LearnedArticleDecision(SoftmaxRegression regression, String fittedOn) {
    if (regression.weights().length != CLASSES.length || regression.features() != FEATURES) {
      throw new IllegalArgumentException("an article decision needs " + CLASSES.length + " classes over " + FEATURES + " features");
    }
    this.regression = regression;
    this.fittedOn = fittedOn;
  }

  /**
   * The article's stance toward one actor: DEFAULT's MIXED, or DEFAULT's decision on an article shorter than
   * {@link #MIN_ARTICLE_SENTENCES}, else the regression's class; the score is DEFAULT's in every case.
   * {@code evaluative}: {@link #evaluative} of every actor's evidence in the article.
   */
  FusedArticleStance.Decision decide(FusedArticleStance.ActorEvidence evidence, double evaluative) {
    FusedArticleStance.Decision byDefault = FusedArticleStance.DEFAULT.decide(evidence);
    if (byDefault.stance() == Stance.MIXED || !decidesArticleOf(evidence)) return byDefault;
    return new FusedArticleStance.Decision(predict(features(evidence, evaluative)), byDefault.score());
  }

  /** Whether the regression decides (the article is at least {@link #MIN_ARTICLE_SENTENCES} long), not DEFAULT. */
  static boolean decidesArticleOf(FusedArticleStance.ActorEvidence evidence) {
    return evidence.sentences().size() + evidence.otherSentences() >= MIN_ARTICLE_SENTENCES;
  }

  /** The class with the highest logit for these raw (unstandardised) features. */
  Stance predict(double[] raw) {
    return CLASSES[regression.predict(raw)];
  }

  /**
   * The thirteen features: ten of the actor's evidence, each sentence scored and weighted as
   * DEFAULT does, then the article's {@code evaluative} alone and times the mean and the diluted score (opinion pieces
   * take sides, wire reports do not).
   */
  static double[] features(FusedArticleStance.ActorEvidence e, double evaluative) {
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
        evaluative,
        evaluative * meanScore,
        evaluative * diluted};
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

  @Override
  public String toString() {
    return "LearnedArticleDecision[" + fittedOn + "]";
  }
}
