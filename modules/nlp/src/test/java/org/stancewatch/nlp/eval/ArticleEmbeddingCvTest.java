package org.stancewatch.nlp.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stancewatch.nlp.Stance;
import org.stancewatch.nlp.stance.FusedArticleStance;

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

  @Test
  void aStrongSentenceSetsADirectionOnlyWhenTheOtherSideStaysFaint() {
    FusedArticleStance.Sentence flat = new FusedArticleStance.Sentence(1, 0.05, 0.9, 0.05, 0, false);
    FusedArticleStance.Sentence damning = new FusedArticleStance.Sentence(1, 0.97, 0.02, 0.01, 0, false);
    FusedArticleStance.Sentence warm = new FusedArticleStance.Sentence(1, 0.1, 0.2, 0.7, 0, false);
    FusedArticleStance.Sentence glowing = new FusedArticleStance.Sentence(1, 0.01, 0.03, 0.96, 0, false);
    FusedArticleStance.Sentence cool = new FusedArticleStance.Sentence(1, 0.85, 0.1, 0.05, 0, false);
    assertEquals(Stance.AGAINST, ArticleEmbeddingCv.strongOneSided(new FusedArticleStance.ActorEvidence(List.of(flat, damning, flat), 6)));
    assertEquals(null, ArticleEmbeddingCv.strongOneSided(new FusedArticleStance.ActorEvidence(List.of(damning, warm), 6)),
        "praise of +0.6 beside the blame: two-sided, no direction");
    assertEquals(Stance.FAVOR, ArticleEmbeddingCv.strongOneSided(new FusedArticleStance.ActorEvidence(List.of(flat, glowing), 6)));
    assertEquals(null, ArticleEmbeddingCv.strongOneSided(new FusedArticleStance.ActorEvidence(List.of(cool, flat), 6)),
        "-0.8 is not strong enough");
  }
}
