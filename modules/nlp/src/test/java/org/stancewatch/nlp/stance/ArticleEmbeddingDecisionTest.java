package org.stancewatch.nlp.stance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancewatch.nlp.Stance;

class ArticleEmbeddingDecisionTest {

  private static FusedArticleStance.ActorEvidence evidence(double negative, double positive, int sentences, int others) {
    List<FusedArticleStance.Sentence> ss = new ArrayList<>();
    for (int i = 0; i < sentences; i++) ss.add(new FusedArticleStance.Sentence(1, negative, 1 - negative - positive, positive, 0, false));
    return new FusedArticleStance.ActorEvidence(ss, others);
  }

  private static double[] unitRandom(Random r, int d) {
    double[] v = new double[d];
    for (int j = 0; j < d; j++) v[j] = r.nextGaussian();
    return org.stancewatch.nlp.neural.MiniLmEncoder.unit(v);
  }

  @Test
  void theCommittedDecisionLoadsWithItsChecksumAndWhatItWasFittedOn() {
    ArticleEmbeddingDecision d = ArticleEmbeddingDecision.committed();
    assertEquals(32, d.components());
    assertEquals(384, d.dimension());
    assertTrue(d.fittedOn().contains("stance-pass-target"), d.fittedOn());
    assertTrue(d.ownFromTargets(), "rule v8: the actor's own representation is its target states");
    assertTrue(d.outletSide() && d.partisanOutlet(), "rule v17: it reads the outlet's side and whether the outlet has any");
    assertTrue(d.ownSidePastGuard(), "rule v18: the outlet's own side passes the reversal guard");
  }

  @Test
  void aChecksumMismatchOrAnotherFileIsAnErrorNamingIt() throws IOException {
    byte[] bytes = ArticleEmbeddingDecision.class.getResourceAsStream(ArticleEmbeddingDecision.RESOURCE).readAllBytes();
    IOException e = assertThrows(IOException.class, () -> ArticleEmbeddingDecision.read(bytes, "00ff", "decision.json"));
    assertTrue(e.getMessage().startsWith("decision.json: checksum mismatch"), e.getMessage());
    byte[] other = "{\"format\": \"something else\"}".getBytes(StandardCharsets.UTF_8);
    IOException f = assertThrows(IOException.class,
        () -> ArticleEmbeddingDecision.read(other, org.stancewatch.nlp.neural.NeuralStanceModel.sha256(other), "other.json"));
    assertTrue(f.getMessage().startsWith("other.json: not a stancewatch article decision"), f.getMessage());
  }

  @Test
  void writtenAndReadBackItDecidesTheSame(@TempDir Path dir) throws IOException {
    ArticleEmbeddingDecision d = ArticleEmbeddingDecision.committed();
    Path file = dir.resolve("decision.json");
    d.write(file);
    ArticleEmbeddingDecision back = ArticleEmbeddingDecision.read(Files.readAllBytes(file),
        Files.readString(dir.resolve("decision.json.sha256")), file.toString());
    Random r = new Random(5);
    for (int i = 0; i < 50; i++) {
      // Long enough for the regression to decide (the gate), one-sided (the guard).
      FusedArticleStance.ActorEvidence ev = evidence(r.nextDouble() * 0.5, r.nextDouble() * 0.5, 1 + r.nextInt(4), 8);
      assertTrue(ArticleEmbeddingDecision.decidesArticleOf(ev));
      double[] own = unitRandom(r, 384), article = unitRandom(r, 384);
      assertEquals(d.decide(ev, 0.4, own, article), back.decide(ev, 0.4, own, article));
    }
  }

  /** A decision of random weights over 4 random components of 16 values, its own representation from targets or not. */
  private static ArticleEmbeddingDecision randomDecision(boolean ownFromTargets, int targetComponents) {
    Random r = new Random(17);
    java.util.function.IntFunction<PrincipalComponents> axes = k -> {
      double[][] a = new double[k][];
      for (int i = 0; i < k; i++) a[i] = unitRandom(r, 16);
      return new PrincipalComponents(unitRandom(r, 16), a, 0.5);
    };
    PrincipalComponents sentence = axes.apply(4);
    PrincipalComponents target = ownFromTargets ? axes.apply(targetComponents) : null;
    int features = ArticleEmbeddingDecision.EVIDENCE_FEATURES + 8;
    double[][] w = new double[3][features + 1];
    for (double[] row : w) for (int j = 0; j < row.length; j++) row[j] = r.nextGaussian();
    double[] scale = new double[features];
    java.util.Arrays.fill(scale, 1);
    return new ArticleEmbeddingDecision(sentence, target, new SoftmaxRegression(w, new double[features], scale), "test");
  }

  @Test
  void aDecisionReadingTheActorsTargetStatesKeepsItsOwnAxesWrittenAndReadBack(@TempDir Path dir) throws IOException {
    ArticleEmbeddingDecision d = randomDecision(true, 4);
    assertTrue(d.ownFromTargets());
    Path file = dir.resolve("targets.json");
    d.write(file);
    ArticleEmbeddingDecision back = ArticleEmbeddingDecision.read(Files.readAllBytes(file), Files.readString(dir.resolve("targets.json.sha256")),
        file.toString());
    assertTrue(back.ownFromTargets());
    ArticleEmbeddingDecision sentencesOnly = randomDecision(false, 4);
    assertFalse(sentencesOnly.ownFromTargets(), "without target axes the actor's own state is its sentences'");
    Random r = new Random(3);
    int differs = 0;
    for (int i = 0; i < 200; i++) {
      FusedArticleStance.ActorEvidence ev = evidence(r.nextDouble() * 0.3, r.nextDouble() * 0.3, 2, 8);
      double[] own = unitRandom(r, 16), article = unitRandom(r, 16);
      assertEquals(d.decide(ev, 0.3, own, article), back.decide(ev, 0.3, own, article));
      if (d.decide(ev, 0.3, own, article).stance() != sentencesOnly.decide(ev, 0.3, own, article).stance()) differs++;
    }
    // Same weights and sentence axes: only the projection of the actor's own state differs.
    assertTrue(differs > 0, "the target axes project the actor's own state");
  }

  /**
   * Screen O1's feature: a fit may read, last, whether the actor is one of the publishing outlet's sides. Weights that
   * read only it (FAVOR for the side, NEUTRAL otherwise) decide by it, keep it written and read back, and a file
   * without the flag is a decision without the feature.
   */
  @Test
  void aDecisionReadingTheOutletSideDecidesByItAndKeepsItWrittenAndReadBack(@TempDir Path dir) throws IOException {
    Random r = new Random(23);
    PrincipalComponents axes = fourAxes(r);
    SoftmaxRegression regression = favoursTheOutletSide(Stance.NEUTRAL, 2);
    ArticleEmbeddingDecision d = new ArticleEmbeddingDecision(axes, null, regression, "test", true);
    assertTrue(d.outletSide());
    FusedArticleStance.ActorEvidence faint = evidence(0.1, 0.1, 3, 8);
    double[] own = unitRandom(r, 16), article = unitRandom(r, 16);
    assertEquals(Stance.FAVOR, d.decide(faint, 0.3, own, article, true).stance());
    assertEquals(Stance.NEUTRAL, d.decide(faint, 0.3, own, article, false).stance());
    assertEquals(Stance.NEUTRAL, d.decide(faint, 0.3, own, article).stance(), "publisher unknown: not the outlet's side");
    FusedArticleStance.ActorEvidence blamed = evidence(0.9, 0.02, 3, 8);
    assertEquals(Stance.AGAINST, d.decide(blamed, 0.3, own, article, true).stance(), "rule v7 still holds: no reversal");
    Path file = dir.resolve("outlet.json");
    d.write(file);
    ArticleEmbeddingDecision back = ArticleEmbeddingDecision.read(Files.readAllBytes(file), Files.readString(dir.resolve("outlet.json.sha256")),
        file.toString());
    assertTrue(back.outletSide());
    assertEquals(Stance.FAVOR, back.decide(faint, 0.3, own, article, true).stance());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ArticleEmbeddingDecision(axes, null, regression, "test", false));
    assertTrue(e.getMessage().contains("needs 3 classes over 21 features"), e.getMessage());
  }

  /**
   * Rule v18 (screen G2): a fit may let its class of the outlet's own side past rule v7's reversal guard. Weights that
   * call the outlet's side FAVOR then do so even where DEFAULT reads the quoted blame as AGAINST; another actor's
   * direction is still guarded; the flag is written and read back, and needs the outlet-side feature.
   */
  @Test
  void theOutletsOwnSidePassesTheReversalGuardOnlyWhenTheFitSaysSo(@TempDir Path dir) throws IOException {
    Random r = new Random(31);
    PrincipalComponents axes = fourAxes(r);
    SoftmaxRegression regression = favoursTheOutletSide(Stance.FAVOR, 1);
    ArticleEmbeddingDecision guarded = new ArticleEmbeddingDecision(axes, null, regression, "test", true, false);
    ArticleEmbeddingDecision g2 = new ArticleEmbeddingDecision(axes, null, regression, "test", true, false, true);
    assertTrue(g2.ownSidePastGuard() && !guarded.ownSidePastGuard());
    FusedArticleStance.ActorEvidence blamed = evidence(0.9, 0.02, 3, 8);
    assertEquals(Stance.AGAINST, FusedArticleStance.DEFAULT.decide(blamed).stance());
    double[] own = unitRandom(r, 16), article = unitRandom(r, 16);
    assertEquals(Stance.AGAINST, guarded.decide(blamed, 0.3, own, article, true).stance(), "rule v7: no reversal");
    assertEquals(Stance.FAVOR, g2.decide(blamed, 0.3, own, article, true).stance(), "G2: the outlet's own side past the guard");
    assertEquals(Stance.AGAINST, g2.decide(blamed, 0.3, own, article, false).stance(), "another actor: still guarded");
    Path file = dir.resolve("g2.json");
    g2.write(file);
    assertTrue(Files.readString(file).contains("\"ownSidePastGuard\" : true"));
    ArticleEmbeddingDecision back = ArticleEmbeddingDecision.read(Files.readAllBytes(file), Files.readString(dir.resolve("g2.json.sha256")),
        file.toString());
    assertTrue(back.ownSidePastGuard());
    assertEquals(Stance.FAVOR, back.decide(blamed, 0.3, own, article, true).stance());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ArticleEmbeddingDecision(axes, null, regression, "test", false, false, true));
    assertTrue(e.getMessage().contains("only a decision that reads the outlet side"), e.getMessage());
  }

  /**
   * Weights over the evidence, four components of each representation and the outlet side (last) that call the
   * outlet's side FAVOR, plus {@code bias} toward {@code biased} for every actor.
   */
  private static SoftmaxRegression favoursTheOutletSide(Stance biased, double bias) {
    int features = ArticleEmbeddingDecision.EVIDENCE_FEATURES + 8 + 1;
    double[][] w = new double[3][features + 1];
    w[ArticleEmbeddingDecision.CLASSES.indexOf(Stance.FAVOR)][features - 1] = 5;
    w[ArticleEmbeddingDecision.CLASSES.indexOf(biased)][features] = bias;
    return unscaled(w);
  }

  /** Four random unit axes over 16 values (a decision's components in these tests). */
  private static PrincipalComponents fourAxes(Random r) {
    double[][] a = new double[4][];
    for (int i = 0; i < 4; i++) a[i] = unitRandom(r, 16);
    return new PrincipalComponents(unitRandom(r, 16), a, 0.5);
  }

  /** A regression with these weights (the last of each row the bias) over raw features: mean 0, scale 1. */
  private static SoftmaxRegression unscaled(double[][] w) {
    int features = w[0].length - 1;
    double[] scale = new double[features];
    java.util.Arrays.fill(scale, 1);
    return new SoftmaxRegression(w, new double[features], scale);
  }

  /**
   * Screen P1's features: after the outlet side, whether the outlet has any side and that times the actor's mean and
   * diluted score. Weights that read only the product with the mean score (AGAINST when a partisan outlet's sentences
   * are negative) decide by it; the same evidence from a wire report, or a publisher unknown, stays NEUTRAL; the flag
   * is written and read back.
   */
  @Test
  void aDecisionReadingThePartisanOutletTrustsItsSentencesAndKeepsItWrittenAndReadBack(@TempDir Path dir) throws IOException {
    Random r = new Random(29);
    PrincipalComponents axes = fourAxes(r);
    int features = ArticleEmbeddingDecision.EVIDENCE_FEATURES + 8 + 1 + ArticleEmbeddingDecision.PARTISAN_FEATURES;
    double[][] w = new double[3][features + 1];
    // Feature features-2 is the flag times the mean score: negative in a partisan outlet's article reads AGAINST.
    w[ArticleEmbeddingDecision.CLASSES.indexOf(Stance.AGAINST)][features - 2] = -20;
    w[ArticleEmbeddingDecision.CLASSES.indexOf(Stance.NEUTRAL)][features] = 2;
    SoftmaxRegression regression = unscaled(w);
    ArticleEmbeddingDecision d = new ArticleEmbeddingDecision(axes, null, regression, "test", true, true);
    assertTrue(d.partisanOutlet() && d.readsOutlet());
    FusedArticleStance.ActorEvidence blamed = evidence(0.6, 0.05, 3, 8);
    double[] own = unitRandom(r, 16), article = unitRandom(r, 16);
    assertEquals(Stance.AGAINST, d.decide(blamed, 0.3, own, article, false, true).stance(), "a party's organ blaming another");
    assertEquals(Stance.NEUTRAL, d.decide(blamed, 0.3, own, article, false, false).stance(), "the same words from a wire report");
    assertEquals(Stance.NEUTRAL, d.decide(blamed, 0.3, own, article).stance(), "publisher unknown");
    double[] x = ArticleEmbeddingDecision.partisanFeatures(new double[] {-0.4, -0.3, 7}, true);
    assertEquals(List.of(-0.4, -0.3, 7.0, 1.0, -0.4, -0.3), java.util.Arrays.stream(x).boxed().toList());
    assertEquals(List.of(-0.4, -0.3, 7.0, 0.0, 0.0, 0.0),
        java.util.Arrays.stream(ArticleEmbeddingDecision.partisanFeatures(new double[] {-0.4, -0.3, 7}, false)).boxed().toList());
    Path file = dir.resolve("partisan.json");
    d.write(file);
    ArticleEmbeddingDecision back = ArticleEmbeddingDecision.read(Files.readAllBytes(file), Files.readString(dir.resolve("partisan.json.sha256")),
        file.toString());
    assertTrue(back.partisanOutlet() && back.outletSide());
    assertEquals(Stance.AGAINST, back.decide(blamed, 0.3, own, article, false, true).stance());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ArticleEmbeddingDecision(axes, null, regression, "test", true, false));
    assertTrue(e.getMessage().contains("needs 3 classes over 22 features"), e.getMessage());
  }

  @Test
  void targetAxesOfAnotherShapeAreAnError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> randomDecision(true, 3));
    assertTrue(e.getMessage().startsWith("target components (3 of 16 values) must match"), e.getMessage());
  }

  @Test
  void defaultDecidesMixedAndShortArticlesAndAlwaysGivesTheScore() {
    ArticleEmbeddingDecision d = ArticleEmbeddingDecision.committed();
    Random r = new Random(9);
    double[] own = unitRandom(r, 384), article = unitRandom(r, 384);
    FusedArticleStance.ActorEvidence oneSentence = evidence(0.05, 0.9, 1, 1);
    assertEquals(FusedArticleStance.DEFAULT.decide(oneSentence), d.decide(oneSentence, 0.5, own, article));
    List<FusedArticleStance.Sentence> both = new ArrayList<>(evidence(0.98, 0.01, 3, 0).sentences());
    both.addAll(evidence(0.01, 0.98, 3, 0).sentences());
    FusedArticleStance.ActorEvidence mixed = new FusedArticleStance.ActorEvidence(both, 4);
    assertEquals(Stance.MIXED, FusedArticleStance.DEFAULT.decide(mixed).stance());
    assertFalse(ArticleEmbeddingDecision.decidesArticleOf(mixed), "MIXED is two-sided: never the regression's");
    assertEquals(FusedArticleStance.DEFAULT.decide(mixed), d.decide(mixed, 0.5, own, article));
    FusedArticleStance.ActorEvidence longer = evidence(0.6, 0.1, 3, 5);
    assertEquals(FusedArticleStance.DEFAULT.decide(longer).score(), d.decide(longer, 0.5, own, article).score());
  }

  /**
   * Rule v5's gate and guard: the regression decides only articles of 8+ main-text sentences, and not two-sided
   * evidence short of MIXED's mass (two sentences of praise and two of blame), which DEFAULT decides.
   */
  @Test
  void theRegressionDecidesOnlyLongArticlesWithOneSidedEvidence() {
    assertTrue(ArticleEmbeddingDecision.decidesArticleOf(evidence(0.1, 0.8, 2, 6)));
    assertFalse(ArticleEmbeddingDecision.decidesArticleOf(evidence(0.1, 0.8, 2, 5)), "7 sentences: DEFAULT");
    List<FusedArticleStance.Sentence> both = new ArrayList<>(evidence(0.02, 0.95, 2, 0).sentences());
    both.addAll(evidence(0.95, 0.02, 2, 0).sentences());
    FusedArticleStance.ActorEvidence twoEach = new FusedArticleStance.ActorEvidence(both, 10);
    assertTrue(FusedArticleStance.DEFAULT.decide(twoEach).stance() != Stance.MIXED, "short of MIXED's mass");
    assertFalse(ArticleEmbeddingDecision.decidesArticleOf(twoEach), "two-sided: DEFAULT");
    Random r = new Random(3);
    assertEquals(FusedArticleStance.DEFAULT.decide(twoEach),
        ArticleEmbeddingDecision.committed().decide(twoEach, 0.9, unitRandom(r, 384), unitRandom(r, 384)));
    both.add(0, evidence(0.02, 0.95, 1, 0).sentences().get(0));
    both.set(4, evidence(0.3, 0.1, 1, 0).sentences().get(0));
    assertTrue(ArticleEmbeddingDecision.decidesArticleOf(new FusedArticleStance.ActorEvidence(both, 10)),
        "three praises and one blame (less than 0.4 of the praise): one-sided enough");
  }

  /** Rule v7: the regression may not reverse a direction DEFAULT calls; it may still call NEUTRAL or a direction. */
  @Test
  void theRegressionNeverReversesADirectionDefaultCalls() {
    FusedArticleStance.ActorEvidence blamed = evidence(0.9, 0.02, 3, 8);
    assertEquals(Stance.AGAINST, FusedArticleStance.DEFAULT.decide(blamed).stance());
    assertTrue(ArticleEmbeddingDecision.decidesArticleOf(blamed));
    assertEquals(FusedArticleStance.DEFAULT.decide(blamed), ArticleEmbeddingDecision.shipped(blamed, () -> Stance.FAVOR));
    assertEquals(Stance.NEUTRAL, ArticleEmbeddingDecision.shipped(blamed, () -> Stance.NEUTRAL).stance());
    FusedArticleStance.ActorEvidence praised = evidence(0.02, 0.9, 3, 8);
    assertEquals(Stance.FAVOR, ArticleEmbeddingDecision.shipped(praised, () -> Stance.AGAINST).stance());
    FusedArticleStance.ActorEvidence faint = evidence(0.2, 0.2, 3, 8);
    assertEquals(Stance.NEUTRAL, FusedArticleStance.DEFAULT.decide(faint).stance());
    assertEquals(Stance.FAVOR, ArticleEmbeddingDecision.shipped(faint, () -> Stance.FAVOR).stance(), "no direction to reverse");
  }

  @Test
  void theMeanStateSkipsSentencesWithoutAStateAndCountsEachOnce() {
    java.util.Map<String, double[]> states = java.util.Map.of("a", new double[] {1, 0}, "b", new double[] {0, 1});
    double[] m = ArticleEmbeddingDecision.meanState(states, List.of("a", "a", "b", "missing"), 2);
    assertEquals(Math.sqrt(0.5), m[0], 1e-12);
    assertEquals(Math.sqrt(0.5), m[1], 1e-12);
    assertEquals(0, ArticleEmbeddingDecision.meanState(states, List.of("missing"), 2)[0]);
  }
}
