package org.stancewatch.nlp.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ArticleEmbeddingCvTest {

  @Test
  void componentsFindTheDirectionsOfMostVarianceInOrder() {
    // Points spread 3 along x, 1 along y, hardly at all along z.
    Random r = new Random(7);
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < 2000; i++) points.add(new double[] {3 * r.nextGaussian(), r.nextGaussian(), 0.01 * r.nextGaussian()});
    ArticleEmbeddingCv.Components c = ArticleEmbeddingCv.Components.of(points, 2);
    assertEquals(1, Math.abs(c.axes()[0][0]), 0.01);
    assertEquals(1, Math.abs(c.axes()[1][1]), 0.01);
    assertEquals(10.0 / 10.0001, c.varianceShare(), 0.02);
    // A point is projected onto the axes after the mean is taken off.
    double[] p = c.project(new double[] {c.mean()[0] + 2, c.mean()[1], c.mean()[2]});
    assertEquals(2, Math.abs(p[0]), 0.05);
    assertEquals(0, p[1], 0.05);
  }

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
}
