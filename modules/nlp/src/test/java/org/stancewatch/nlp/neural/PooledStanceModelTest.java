package org.stancewatch.nlp.neural;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The POOLED path (all token types 0, one encoder pass per sentence serving every target in it) against encoding the
 * sentence once per target, on weights moved off the pretrained ones (so nothing here depends on the trained file).
 */
class PooledStanceModelTest {
  static final String LONG = "The United Nations said on Monday that aid convoys had reached the besieged districts of the city after weeks of"
      + " negotiations between the government, the rebel groups that hold the eastern neighbourhoods and the Red Crescent, which has repeatedly"
      + " warned that food, fuel and medicine were running out and that hundreds of wounded civilians needed to be evacuated, but the rebels"
      + " accused the government of blocking the convoys for political gain.";
  /** {sentence, targets...}: each sentence within the 64-piece window. */
  static final String[][] SENTENCES = {
      {"Putin's forces were condemned for shelling the city, while the Red Cross was praised for evacuating children.", "Putin", "the Red Cross", "city"},
      {"Trump praised Putin after the summit in Helsinki, drawing bipartisan criticism.", "Trump", "Putin"},
      {"Merkel and Macron met in Paris; Macron thanked Merkel for her support.", "Merkel", "Macron", "Paris"},
      {"The ministry condemned the attack on civilians.", "ministry"},
      {"Short, by Merkel.", "Merkel"},
  };

  static Map<String, float[]> params;
  static NeuralStanceModel fast;
  static NeuralStanceModel int8;

  @BeforeAll
  static void load() throws IOException {
    params = perturbed(3);
    fast = new NeuralStanceModel(params, 1, NeuralStanceModel.Inference.FAST, TargetMark.NONE);
    int8 = new NeuralStanceModel(params, 1, NeuralStanceModel.Inference.INT8, TargetMark.NONE);
  }

  @AfterAll
  static void close() {
    fast.close();
    int8.close();
  }

  /** The pretrained encoder moved by seeded noise, with a fresh head: outputs that depend on the target. */
  static Map<String, float[]> perturbed(long seed) throws IOException {
    Map<String, float[]> init = OnnxFile.floatInitializers(MiniLmEncoder.resource(MiniLmEncoder.ONNX_RESOURCE));
    Map<String, float[]> p = new LinkedHashMap<>(MiniLm.pretrainedEncoder(init));
    SplittableRandom r = new SplittableRandom(seed);
    for (float[] v : p.values()) for (int i = 0; i < v.length; i++) v[i] += (float) (r.nextGaussian() * 0.02);
    p.putAll(DjlStanceNet.freshHead(seed + 4));
    return p;
  }

  static NeuralStanceModel.Target target(String sentence, String name) {
    int from = sentence.indexOf(name);
    assertTrue(from >= 0, name + " in " + sentence);
    return new NeuralStanceModel.Target(from, from + name.length());
  }

  static List<NeuralStanceModel.Target> targets(String[] row) {
    List<NeuralStanceModel.Target> ts = new ArrayList<>();
    for (int k = 1; k < row.length; k++) ts.add(target(row[0], row[k]));
    return ts;
  }

  private static void assertClose(float[] expected, float[] actual, String what) {
    for (int c = 0; c < 3; c++) assertEquals(expected[c], actual[c], 1e-4, what + " class " + c);
  }

  @Test
  void onePassPerSentenceGivesWhatEncodingTheSentenceForEachTargetGives() {
    List<String> sentences = new ArrayList<>();
    List<List<NeuralStanceModel.Target>> targets = new ArrayList<>();
    int pairs = 0;
    for (String[] row : SENTENCES) {
      sentences.add(row[0]);
      targets.add(targets(row));
      pairs += row.length - 1;
    }
    NeuralStanceModel.Stats before = fast.stats();
    List<List<float[]>> all = fast.classify(sentences, targets);
    NeuralStanceModel.Stats after = fast.stats();
    assertEquals(pairs, after.pairs() - before.pairs());
    assertEquals(SENTENCES.length, after.encoded() - before.encoded(), "one encoder pass per sentence, not per pair");
    for (int i = 0; i < SENTENCES.length; i++) {
      for (int k = 0; k < targets.get(i).size(); k++) {
        NeuralStanceModel.Target t = targets.get(i).get(k);
        assertClose(fast.classify(sentences.get(i), t.from(), t.to()), all.get(i).get(k), SENTENCES[i][k + 1] + " in " + sentences.get(i));
      }
    }
    // The targets of one sentence are told apart by the pooling alone.
    assertTrue(Math.abs(all.get(0).get(0)[0] - all.get(0).get(1)[0]) > 1e-3, "Putin and the Red Cross get their own probabilities");
  }

  @Test
  void theStancePassAlsoGivesEachSentenceItsMeanStateAtNoExtraPass() {
    List<String> sentences = List.of(SENTENCES[0][0], "No target here.", SENTENCES[3][0]);
    List<List<NeuralStanceModel.Target>> targets = List.of(targets(SENTENCES[0]), List.of(), targets(SENTENCES[3]));
    NeuralStanceModel.Stats before = fast.stats();
    NeuralStanceModel.Classified c = fast.classifyWithStates(sentences, targets);
    assertEquals(2, fast.stats().encoded() - before.encoded(), "the states come from the stance pass itself");
    for (int i : new int[] {0, 2}) {
      for (int k = 0; k < targets.get(i).size(); k++) {
        NeuralStanceModel.Target t = targets.get(i).get(k);
        assertClose(fast.classify(sentences.get(i), t.from(), t.to()), c.probabilities().get(i).get(k), sentences.get(i));
      }
      double[] state = c.sentenceStates().get(i);
      assertEquals(MiniLm.D, state.length);
      double norm = 0;
      for (double x : state) norm += x * x;
      assertEquals(1, norm, 1e-6);
    }
    assertEquals(null, c.sentenceStates().get(1), "a sentence without a target is not encoded");
    // Within the window a sentence is encoded whole: its state is the encoder's mean state of the sentence.
    assertArrayEquals(fast.sentenceEmbeddings(List.of(sentences.get(2))).get(0), c.sentenceStates().get(2), 1e-4);
    // Each target also gets the mean state of its own pieces: two targets of one sentence differ, unlike its sentence state.
    double[] first = c.targetStates().get(0).get(0), second = c.targetStates().get(0).get(1);
    for (double[] t : new double[][] {first, second}) {
      double norm = 0;
      for (double x : t) norm += x * x;
      assertEquals(1, norm, 1e-6);
    }
    double cosine = 0, withSentence = 0;
    for (int d = 0; d < MiniLm.D; d++) {
      cosine += first[d] * second[d];
      withSentence += first[d] * c.sentenceStates().get(0)[d];
    }
    assertTrue(cosine < 0.999, "Putin and the Red Cross get their own states: cosine " + cosine);
    assertTrue(withSentence < 0.999, "a target's state is not its sentence's: cosine " + withSentence);
    assertEquals(0, c.targetStates().get(1).size(), "a sentence without a target has no target state");
    assertEquals(targets.get(0).size(), c.targetStates().get(0).size());
  }

  @Test
  void int8PathAlsoServesEveryTargetOfASentenceFromOnePass() {
    // int8 quantises each batch's activations with one scale, so compare one sentence per call: the same single input.
    for (String[] row : SENTENCES) {
      List<NeuralStanceModel.Target> ts = targets(row);
      NeuralStanceModel.Stats before = int8.stats();
      List<float[]> all = int8.classify(List.of(row[0]), List.of(ts)).get(0);
      assertEquals(1, int8.stats().encoded() - before.encoded(), row[0]);
      for (int k = 0; k < ts.size(); k++) assertClose(int8.classify(row[0], ts.get(k).from(), ts.get(k).to()), all.get(k), row[k + 1] + " in " + row[0]);
    }
  }

  @Test
  void aLongSentenceGetsOneWindowForTargetsThatFitAndAWindowPerTargetOtherwise() throws IOException {
    WordPieceTokenizer.Encoding e = fast.tokenizer().encode(LONG, MiniLm.MAX_POSITIONS);
    assertTrue(e.length() > NeuralStanceModel.WINDOW, "the sentence is over the window: " + e.length());
    // Close together: one 64-piece pass serves both.
    NeuralStanceModel.Stats before = fast.stats();
    List<float[]> close = fast.classify(List.of(LONG), List.of(List.of(target(LONG, "the government"), target(LONG, "the Red Crescent")))).get(0);
    NeuralStanceModel.Stats after = fast.stats();
    assertEquals(1, after.encoded() - before.encoded());
    assertEquals(NeuralStanceModel.WINDOW, after.tokens() - before.tokens());
    assertEquals(2, close.size());
    // That window holds both targets whole.
    int first = e.tokensIn(target(LONG, "the government").from(), target(LONG, "the government").to())[0];
    int[] crescent = e.tokensIn(target(LONG, "the Red Crescent").from(), target(LONG, "the Red Crescent").to());
    int from = NeuralStanceModel.windowStart(e, first, crescent[crescent.length - 1], NeuralStanceModel.WINDOW);
    assertTrue(from <= first, "window starts before the government");
    assertEquals(crescent.length, NeuralStanceModel.shift(crescent, from, NeuralStanceModel.WINDOW).length, "the window holds the whole Red Crescent");
    // It is not the Red Crescent's own window (centred on it alone): the two targets share one.
    assertTrue(from != NeuralStanceModel.windowStart(e, crescent[0], crescent[crescent.length - 1], NeuralStanceModel.WINDOW), "a shared window");
    // Far apart (start and end of the sentence): a window per target, each as if classified alone.
    NeuralStanceModel.Target un = target(LONG, "The United Nations");
    NeuralStanceModel.Target rebels = target(LONG, "the rebels");
    before = fast.stats();
    List<float[]> far = fast.classify(List.of(LONG), List.of(List.of(un, rebels))).get(0);
    assertEquals(2, fast.stats().encoded() - before.encoded());
    assertClose(fast.classify(LONG, un.from(), un.to()), far.get(0), "The United Nations");
    assertClose(fast.classify(LONG, rebels.from(), rebels.to()), far.get(1), "the rebels");
  }

  @Test
  void theMarkedPathOnTheSameWeightsGivesOtherOutputs() {
    // Proves the pooled path does not mark the target: the token-type-1 row differs from row 0 in these weights.
    try (NeuralStanceModel marked = new NeuralStanceModel(params, 1, NeuralStanceModel.Inference.FAST, TargetMark.TYPE)) {
      NeuralStanceModel.Target t = target(SENTENCES[0][0], "Putin");
      float[] a = marked.classify(SENTENCES[0][0], t.from(), t.to());
      float[] b = fast.classify(SENTENCES[0][0], t.from(), t.to());
      assertTrue(Math.abs(a[0] - b[0]) + Math.abs(a[2] - b[2]) > 1e-4, "marked and pooled differ");
    }
  }

  @Test
  void twoThreadsGiveTheSameOutputAsOne() throws Exception {
    List<String> sentences = new ArrayList<>();
    List<List<NeuralStanceModel.Target>> targets = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      for (String[] row : SENTENCES) {
        String suffix = i > 0 ? " Again " + i + "." : "";
        sentences.add(row[0] + suffix);
        targets.add(targets(row));
      }
      sentences.add(LONG);
      targets.add(List.of(target(LONG, "The United Nations"), target(LONG, "the government"), target(LONG, "the rebels")));
    }
    List<List<float[]>> single = int8.classify(sentences, targets);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<List<List<float[]>>>> runs = new ArrayList<>();
      for (int r = 0; r < 4; r++) runs.add(pool.submit(() -> int8.classify(sentences, targets)));
      for (Future<List<List<float[]>>> f : runs) {
        List<List<float[]>> got = f.get();
        for (int i = 0; i < single.size(); i++) for (int k = 0; k < single.get(i).size(); k++) assertArrayEquals(single.get(i).get(k), got.get(i).get(k), 0f);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void checksumMismatchOnThePooledFileNamesTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("neural-stance-pooled.bin");
    NeuralStanceModel.save(params, file);
    NeuralStanceModel.load(file, 1, TargetMark.NONE).close();
    byte[] b = Files.readAllBytes(file);
    b[b.length / 3] ^= 4;
    Files.write(file, b);
    IOException e = assertThrows(IOException.class, () -> NeuralStanceModel.load(file, 1, TargetMark.NONE));
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("checksum mismatch"), e.getMessage());
  }

  @Test
  void theMarkedFileRunPooledServesASentencesActorsFromOnePassUnderItsOwnVersion() {
    NeuralStanceModel m = NeuralStanceModel.shared(NeuralStanceModel.Variant.MARKED_POOLED);
    assertEquals(TargetMark.NONE, m.targetMark());
    assertEquals(TargetMark.TYPE, NeuralStanceModel.shared(NeuralStanceModel.Variant.MARKED).targetMark());
    NeuralStanceModel.Stats before = m.stats();
    List<float[]> p = m.classify(List.of(SENTENCES[0][0]), List.of(targets(SENTENCES[0]))).get(0);
    assertEquals(1, m.stats().encoded() - before.encoded());
    assertEquals(3, p.size());
    // Its scores differ from the marked run of the same file, so enriched articles must name it.
    org.stancewatch.nlp.ArticleAnalyzer a = new org.stancewatch.nlp.ArticleAnalyzer(org.stancewatch.nlp.catalogue.ActorCatalogue.starter(),
        org.stancewatch.nlp.stance.StanceSource.NOPARSE);
    String marked = a.withNeuralModel(NeuralStanceModel.Variant.MARKED).analyzerVersion();
    String pooled = a.withNeuralModel(NeuralStanceModel.Variant.MARKED_POOLED).analyzerVersion();
    // The pooled run also gets NOPARSE's learned article decision (it reads the pooled pass's states).
    assertTrue(pooled.matches(java.util.regex.Pattern.quote(marked) + "-pooled\\+decision-[0-9a-f]{12}"), marked + " / " + pooled);
  }

  @Test
  void committedPooledModelMatchesItsChecksumAndScoresEveryActorOfASentenceFromOnePass() throws IOException {
    byte[] model = MiniLmEncoder.resource(NeuralStanceModel.POOLED_RESOURCE);
    String sum = new String(MiniLmEncoder.resource(NeuralStanceModel.POOLED_RESOURCE + ".sha256")).trim().split("\\s+")[0];
    assertEquals(sum, NeuralStanceModel.sha256(model));
    NeuralStanceModel m = NeuralStanceModel.shared(NeuralStanceModel.Variant.POOLED);
    assertEquals(TargetMark.NONE, m.targetMark());
    String s = SENTENCES[0][0];
    NeuralStanceModel.Stats before = m.stats();
    List<float[]> p = m.classify(List.of(s), List.of(targets(SENTENCES[0]))).get(0);
    assertEquals(1, m.stats().encoded() - before.encoded());
    assertTrue(p.get(0)[0] > p.get(1)[0], "Putin more negative than the Red Cross: " + p.get(0)[0] + " vs " + p.get(1)[0]);
    assertTrue(p.get(1)[2] > p.get(0)[2], "the Red Cross more positive than Putin");
  }

  @Test
  void theModelIsChosenByASystemPropertyAndABadValueIsAClearError() {
    String old = System.getProperty(NeuralStanceModel.MODEL_PROPERTY);
    try {
      System.clearProperty(NeuralStanceModel.MODEL_PROPERTY);
      assertEquals(NeuralStanceModel.Variant.MARKED, NeuralStanceModel.Variant.configured());
      System.setProperty(NeuralStanceModel.MODEL_PROPERTY, "pooled");
      assertEquals(NeuralStanceModel.Variant.POOLED, NeuralStanceModel.Variant.configured());
      assertEquals(TargetMark.NONE, NeuralStanceModel.Variant.POOLED.mark());
      System.setProperty(NeuralStanceModel.MODEL_PROPERTY, "marked-pooled");
      assertEquals(NeuralStanceModel.Variant.MARKED_POOLED, NeuralStanceModel.Variant.configured());
      System.setProperty(NeuralStanceModel.MODEL_PROPERTY, "pooledd");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, NeuralStanceModel.Variant::configured);
      assertTrue(e.getMessage().contains("stancewatch.neural.model") && e.getMessage().contains("pooledd"), e.getMessage());
    } finally {
      if (old == null) System.clearProperty(NeuralStanceModel.MODEL_PROPERTY);
      else System.setProperty(NeuralStanceModel.MODEL_PROPERTY, old);
    }
  }
}
