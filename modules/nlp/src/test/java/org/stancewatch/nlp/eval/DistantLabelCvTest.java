package org.stancewatch.nlp.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stancewatch.nlp.ArticleAnalyzer;
import org.stancewatch.nlp.Stance;

class DistantLabelCvTest {

  /**
   * Screen M1: one example per labelled actor, its most telling sentence for the gold class; FAVOR takes the highest
   * P(positive) even where every sentence reads negative, NEUTRAL the strongest portrayal, and MIXED or unlabelled
   * actors give none.
   */
  @Test
  void eachLabelledActorGivesItsMostTellingSentence() {
    String a = "Iran was attacked by drones.", b = "Iran vowed to answer the aggression.", c = "Israel struck the site.",
        d = "Hamas said nothing.", e = "Egypt mediated.";
    List<ArticleAnalyzer.TargetSentence> targets = List.of(
        new ArticleAnalyzer.TargetSentence("iran", a, 0, 4),
        new ArticleAnalyzer.TargetSentence("iran", b, 0, 4),
        new ArticleAnalyzer.TargetSentence("israel", c, 0, 6),
        new ArticleAnalyzer.TargetSentence("israel", a, 0, 4),
        new ArticleAnalyzer.TargetSentence("hamas", d, 0, 5),
        new ArticleAnalyzer.TargetSentence("egypt", e, 0, 5));
    List<float[]> p = List.of(
        new float[] {0.9f, 0.08f, 0.02f}, new float[] {0.6f, 0.3f, 0.1f},   // iran: both negative, b less so
        new float[] {0.2f, 0.7f, 0.1f}, new float[] {0.7f, 0.25f, 0.05f},  // israel: a is the strong portrayal
        new float[] {0.3f, 0.4f, 0.3f}, new float[] {0.1f, 0.1f, 0.8f});
    List<NewsMtscExample> out = DistantLabelCv.milExamples(targets, p,
        Map.of("iran", Stance.FAVOR, "israel", Stance.NEUTRAL, "hamas", Stance.MIXED), false);
    assertEquals(2, out.size(), "MIXED (hamas) and unlabelled (egypt) actors give no example");
    assertEquals(b, out.get(0).sentence());
    assertEquals(1, out.get(0).polarity());
    assertEquals(a, out.get(1).sentence());
    assertEquals(0, out.get(1).polarity());
  }

  /** Screen M2: a NEUTRAL example only for a strong portrayal, each FAVOR example twice, AGAINST once. */
  @Test
  void theBalancedSelectionDropsFaintNeutralsAndDoublesFavor() {
    String a = "Iran was attacked by drones.", c = "Israel struck the site.", d = "Egypt mediated.", e = "Hamas fired rockets.";
    List<ArticleAnalyzer.TargetSentence> targets = List.of(
        new ArticleAnalyzer.TargetSentence("iran", a, 0, 4),
        new ArticleAnalyzer.TargetSentence("israel", c, 0, 6),
        new ArticleAnalyzer.TargetSentence("egypt", d, 0, 5),
        new ArticleAnalyzer.TargetSentence("hamas", e, 0, 5));
    List<float[]> p = List.of(new float[] {0.9f, 0.08f, 0.02f}, new float[] {0.7f, 0.25f, 0.05f}, new float[] {0.3f, 0.4f, 0.3f},
        new float[] {0.8f, 0.15f, 0.05f});
    Map<String, Stance> labels = new java.util.LinkedHashMap<>();
    labels.put("iran", Stance.FAVOR);
    labels.put("israel", Stance.NEUTRAL);
    labels.put("egypt", Stance.NEUTRAL);
    labels.put("hamas", Stance.AGAINST);
    List<NewsMtscExample> all = DistantLabelCv.milExamples(targets, p, labels, false);
    assertEquals(4, all.size());
    List<NewsMtscExample> kept = DistantLabelCv.milExamples(targets, p, labels, true);
    assertEquals(List.of(a, a, c, e), kept.stream().map(NewsMtscExample::sentence).toList(),
        "FAVOR twice, the strong NEUTRAL portrayal (0.65) kept, the faint one (0.0) dropped, AGAINST once");
  }
}
