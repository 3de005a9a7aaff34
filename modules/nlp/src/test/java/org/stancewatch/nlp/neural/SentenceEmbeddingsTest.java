package org.stancewatch.nlp.neural;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SentenceEmbeddingsTest {

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  @Test
  void pretrainedEmbeddingsAreUnitLengthPutParaphrasesCloseAndDoNotDependOnTheBatch() {
    List<String> sentences = List.of(
        "The army shelled the town overnight, killing twelve civilians.",
        "Twelve civilians died when troops bombarded the town during the night.",
        "The central bank left interest rates unchanged on Thursday.");
    try (MiniLmEncoder encoder = MiniLmEncoder.load(1, Map.of())) {
      List<double[]> e = encoder.sentenceEmbeddings(sentences);
      assertEquals(3, e.size());
      for (double[] v : e) {
        assertEquals(MiniLm.D, v.length);
        assertEquals(1, Math.sqrt(dot(v, v)), 1e-6);
      }
      double paraphrase = dot(e.get(0), e.get(1)), unrelated = dot(e.get(0), e.get(2));
      assertTrue(paraphrase > unrelated + 0.3, "paraphrase " + paraphrase + " vs unrelated " + unrelated);
      // Alone or padded in a batch, a sentence gets the same embedding (the attention mask hides the padding).
      assertArrayEquals(e.get(2), encoder.sentenceEmbeddings(List.of(sentences.get(2))).get(0), 1e-5);
    }
  }
}
