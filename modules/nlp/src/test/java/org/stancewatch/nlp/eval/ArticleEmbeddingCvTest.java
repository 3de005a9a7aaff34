package org.stancewatch.nlp.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stancewatch.nlp.Stance;

class ArticleEmbeddingCvTest {

  @Test
  void featuresAreTheEvidenceThenKComponentsOfEachEmbedding() {
    ArticleDecisionCv.Pair pair = ArticleDecisionCvTest.pair(0.8, 0.1, 3, org.stancewatch.nlp.Stance.AGAINST);
    double[][] projected = {{1, 2, 3}, {4, 5, 6}};
    double[] x = ArticleEmbeddingCv.features(pair, projected, 2);
    assertEquals(LearnedArticleDecision.FEATURES + 4, x.length);
    assertArrayEquals(ArticleDecisionCv.features(pair), java.util.Arrays.copyOf(x, LearnedArticleDecision.FEATURES));
    assertArrayEquals(new double[] {1, 2, 4, 5}, java.util.Arrays.copyOfRange(x, LearnedArticleDecision.FEATURES, x.length));
    assertEquals(LearnedArticleDecision.FEATURES, ArticleEmbeddingCv.features(pair, projected, 0).length);
  }

  @Test
  void theEmbedderEmbedsEachSentenceOnceAndAveragesToUnitLength() {
    List<List<String>> calls = new ArrayList<>();
    ArticleEmbeddingCv.SentenceEmbedder embedder = new ArticleEmbeddingCv.SentenceEmbedder(sentences -> {
      calls.add(sentences);
      return sentences.stream().map(s -> {
        double[] v = new double[ArticleEmbeddingCv.DIM];
        v[s.length() % ArticleEmbeddingCv.DIM] = 1;
        return v;
      }).toList();
    });
    double[] mean = embedder.mean(List.of("ab", "abc", "ab"));
    assertEquals(List.of(List.of("ab", "abc")), calls);
    assertEquals(1, Math.sqrt(mean[2] * mean[2] + mean[3] * mean[3]), 1e-9);
    assertTrue(mean[2] > mean[3], "a sentence twice counts twice");
    embedder.mean(List.of("abc"));
    assertEquals(1, calls.size(), "a sentence seen before is not embedded again");
    assertArrayEquals(new double[ArticleEmbeddingCv.DIM], embedder.mean(List.of()), "no sentences: zeros");
  }

  /**
   * Screen G2's arm reads its base setting's fit: where the fit calls an outlet's own side FAVOR against DEFAULT's
   * AGAINST (quoted blame), the base setting keeps DEFAULT's direction (rule v7) and the G2 setting lets the fit through;
   * every other pair is decided alike.
   */
  @Test
  void theG2SettingLetsTheOutletsOwnSidePastTheGuardAndDecidesTheRestAlike() {
    List<ArticleDecisionCv.Pair> pairs = new ArrayList<>();
    java.util.Map<ArticleDecisionCv.Pair, double[][]> projected = new java.util.IdentityHashMap<>();
    for (int i = 0; i < 30; i++) {
      // Eight sentences of blame: past the gate, and DEFAULT reads AGAINST.
      ArticleDecisionCv.Pair other = ArticleDecisionCvTest.pair(0.8, 0.05, 8, Stance.AGAINST);
      ArticleDecisionCv.Pair ownSide = new ArticleDecisionCv.Pair("s" + (i % 3), other.evidence(), 0.5, Stance.FAVOR, List.of(), true, true);
      pairs.add(other.inSplit("s" + (i % 3)));
      pairs.add(ownSide);
    }
    for (ArticleDecisionCv.Pair p : pairs) projected.put(p, new double[][] {{}, {}});
    ArticleEmbeddingCv.Embedded guarded = new ArticleEmbeddingCv.Embedded(0, false, 0.1, false).withOutletSide();
    ArticleDecisionCv.Fitter<ArticleEmbeddingCv.Embedded> fitter = ArticleEmbeddingCv.fitter(projected);
    java.util.function.ToIntFunction<ArticleDecisionCv.Pair> asShipped = fitter.fit(pairs, guarded);
    java.util.function.ToIntFunction<ArticleDecisionCv.Pair> g2 = fitter.fit(pairs, guarded.withOwnSidePastGuard());
    for (ArticleDecisionCv.Pair p : pairs) {
      assertEquals(Stance.AGAINST.ordinal(), asShipped.applyAsInt(p), "rule v7: DEFAULT's direction kept");
      assertEquals((p.outletSide() ? Stance.FAVOR : Stance.AGAINST).ordinal(), g2.applyAsInt(p));
    }
  }
}
