package org.stancewatch.nlp.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TargetContrastEvalTest {

  private static NewsMtscExample ex(String sentence, int polarity) {
    return new NewsMtscExample(sentence, 0, 1, "X", polarity);
  }

  @Test
  void onlySentencesWhoseTargetsDifferAreContrastSentences() {
    List<NewsMtscExample> examples = List.of(
        ex("A praised B.", 1), ex("A praised B.", -1),     // contrast: one right, same class for both
        ex("C hit D.", -1), ex("C hit D.", 0),             // contrast: both right, split
        ex("E met F.", 0), ex("E met F.", 0));             // same polarity: not a contrast sentence
    int[] predicted = {1, 1, -1, 0, 0, 1};
    assertEquals("n=6 F1m=0.656 contrast_sentences=2 contrast_target_acc=0.750 contrast_all_right=0.500 contrast_split=0.500",
        TargetContrastEval.score(examples, predicted));
  }
}
