package org.stancewatch.nlp.stance;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    assertTrue(d.fittedOn().contains("stance-pass"), d.fittedOn());
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
      FusedArticleStance.ActorEvidence ev = evidence(r.nextDouble() * 0.5, r.nextDouble() * 0.5, 1 + r.nextInt(4), 2);
      double[] own = unitRandom(r, 384), article = unitRandom(r, 384);
      assertEquals(d.decide(ev, 0.4, own, article), back.decide(ev, 0.4, own, article));
    }
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
    assertEquals(FusedArticleStance.DEFAULT.decide(mixed), d.decide(mixed, 0.5, own, article));
    FusedArticleStance.ActorEvidence longer = evidence(0.6, 0.1, 3, 5);
    assertEquals(FusedArticleStance.DEFAULT.decide(longer).score(), d.decide(longer, 0.5, own, article).score());
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
