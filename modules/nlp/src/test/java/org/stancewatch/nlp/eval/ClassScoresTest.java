package org.stancewatch.nlp.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassScoresTest {

  @Test
  void pooledFoldsScoreAsIfEveryPairWereAddedToOne() {
    ClassScores one = FusedArticleTuning.goldScores(), fold1 = FusedArticleTuning.goldScores(), fold2 = FusedArticleTuning.goldScores();
    int[][] pairs = {{0, 0}, {1, 2}, {2, 2}, {1, 1}, {3, 2}, {2, 4}};
    for (int i = 0; i < pairs.length; i++) {
      one.add(pairs[i][0], pairs[i][1]);
      (i < 2 ? fold1 : fold2).add(pairs[i][0], pairs[i][1]);
    }
    fold1.add(fold2);
    assertEquals(one.total(), fold1.total());
    assertEquals(one.correct(), fold1.correct());
    assertEquals(FusedArticleTuning.goldF1m(one), FusedArticleTuning.goldF1m(fold1), 1e-12);
    for (int c = 0; c < 5; c++) assertEquals(one.goldCount(c), fold1.goldCount(c));
  }

  @Test
  void scoresOverOtherLabelsAreNotAdded() {
    ClassScores sentence = new ClassScores(List.of("negative", "neutral", "positive"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FusedArticleTuning.goldScores().add(sentence));
    assertTrue(e.getMessage().contains("negative"), e.getMessage());
  }
}
