package org.stancewatch.nlp.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

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
}
