package org.stancewatch.nlp.neural;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The DJL training forward pass and the ONNX Runtime inference path compute the same model. */
class DjlOnnxEquivalenceTest {
  private static final String[][] PAIRS = {
      {"The ministry condemned the attack on civilians.", "ministry"},
      {"Trump praised Putin after the summit in Helsinki, drawing bipartisan criticism.", "Putin"},
      {"Trump praised Putin after the summit in Helsinki, drawing bipartisan criticism.", "Trump"},
      {"Short, by Merkel.", "Merkel"},
  };

  @Test
  void onnxRuntimeWithSwappedWeightsEqualsTheDjlForwardPass() throws IOException {
    Engine engine = StanceTrainer.engine(1);
    Map<String, float[]> init = OnnxFile.floatInitializers(MiniLmEncoder.resource(MiniLmEncoder.ONNX_RESOURCE));
    List<DjlStanceNet.Example> ex = examples();
    // Move the weights off the pretrained values, so the test proves they are swapped into the ONNX graph.
    Map<String, float[]> encoder = perturbedEncoder(init, 3);
    float[][] djl;
    Map<String, float[]> params;
    try (DjlStanceNet net = new DjlStanceNet(engine.newBaseManager(), encoder, init.get(MiniLm.WORD), DjlStanceNet.freshHead(7))) {
      djl = StanceTrainer.probabilities(net, ex); // padded batch: also checks the attention mask
      params = net.export();
    }
    try (NeuralStanceModel onnx = new NeuralStanceModel(params, 1, NeuralStanceModel.Inference.FAST)) { // fp32: int8 is FastInferenceTest's
      List<List<float[]>> got = FastInferenceTest.classifyPairs(onnx, PAIRS);
      for (int i = 0; i < PAIRS.length; i++) {
        for (int c = 0; c < 3; c++) assertEquals(djl[i][c], got.get(i).get(0)[c], 2e-4, PAIRS[i][1] + " in: " + PAIRS[i][0]);
      }
      // And the pretrained graph gives other outputs than the perturbed one (the swap is not a no-op).
      try (NeuralStanceModel stock = new NeuralStanceModel(withPretrained(params, init), 1, NeuralStanceModel.Inference.FAST)) {
        float[] a = stock.classify(PAIRS[0][0], 4, 12);
        float[] b = onnx.classify(PAIRS[0][0], 4, 12);
        assertTrue(Math.abs(a[0] - b[0]) + Math.abs(a[2] - b[2]) > 1e-3, "swapped weights change the output");
      }
    }
  }

  /**
   * The marker-free mode: DJL's forward with every token type 0 and the target only in the head's mean (as trained
   * with {@code --target-mark none}), one example per pair, equals ONNX Runtime's one pass per sentence serving both
   * of its targets.
   */
  @Test
  void pooledOnnxPassPerSentenceEqualsTheDjlForwardPassWithoutMarker() throws IOException {
    Engine engine = StanceTrainer.engine(1);
    Map<String, float[]> init = OnnxFile.floatInitializers(MiniLmEncoder.resource(MiniLmEncoder.ONNX_RESOURCE));
    List<DjlStanceNet.Example> ex = examples();
    DjlStanceNet.Batch none = DjlStanceNet.Batch.of(ex, TargetMark.NONE);
    for (float t : none.types()) assertEquals(0f, t, "no token type 1 without the marker");
    assertEquals(DjlStanceNet.Batch.of(ex, TargetMark.TYPE).target().length, none.target().length);
    assertTrue(java.util.Arrays.equals(DjlStanceNet.Batch.of(ex, TargetMark.TYPE).target(), none.target()), "the head pools the same pieces");
    Map<String, float[]> encoder = perturbedEncoder(init, 5);
    float[][] djl;
    Map<String, float[]> params;
    try (DjlStanceNet net = new DjlStanceNet(engine.newBaseManager(), encoder, init.get(MiniLm.WORD), DjlStanceNet.freshHead(9))) {
      djl = StanceTrainer.probabilities(net, ex, TargetMark.NONE);
      params = net.export();
    }
    // PAIRS[1] and PAIRS[2] are one sentence: one call with both targets.
    List<String> sentences = List.of(PAIRS[0][0], PAIRS[1][0], PAIRS[3][0]);
    List<List<NeuralStanceModel.Target>> targets = List.of(List.of(at(PAIRS[0])), List.of(at(PAIRS[1]), at(PAIRS[2])), List.of(at(PAIRS[3])));
    try (NeuralStanceModel onnx = new NeuralStanceModel(params, 1, NeuralStanceModel.Inference.FAST, TargetMark.NONE)) {
      NeuralStanceModel.Stats before = onnx.stats();
      List<List<float[]>> got = onnx.classify(sentences, targets);
      assertEquals(3, onnx.stats().encoded() - before.encoded(), "three sentences, three encoder passes for four pairs");
      float[][] flat = {got.get(0).get(0), got.get(1).get(0), got.get(1).get(1), got.get(2).get(0)};
      for (int i = 0; i < PAIRS.length; i++) {
        for (int c = 0; c < 3; c++) assertEquals(djl[i][c], flat[i][c], 2e-4, PAIRS[i][1] + " in: " + PAIRS[i][0]);
      }
    }
  }

  private static NeuralStanceModel.Target at(String[] pair) {
    int from = pair[0].indexOf(pair[1]);
    return new NeuralStanceModel.Target(from, from + pair[1].length());
  }

  private static Map<String, float[]> withPretrained(Map<String, float[]> params, Map<String, float[]> init) {
    Map<String, float[]> m = new java.util.LinkedHashMap<>(MiniLm.pretrainedEncoder(init));
    m.put(MiniLm.HEAD_W, params.get(MiniLm.HEAD_W));
    m.put(MiniLm.HEAD_B, params.get(MiniLm.HEAD_B));
    return m;
  }

  /** The PAIRS as training examples: word pieces and the target's piece positions. */
  private static List<DjlStanceNet.Example> examples() throws IOException {
    WordPieceTokenizer tok = MiniLmEncoder.tokenizer();
    List<DjlStanceNet.Example> ex = new ArrayList<>();
    for (String[] p : PAIRS) {
      WordPieceTokenizer.Encoding e = tok.encode(p[0], MiniLmEncoder.MAX_TOKENS);
      int from = p[0].indexOf(p[1]);
      ex.add(new DjlStanceNet.Example(e.ids(), e.tokensIn(from, from + p[1].length()), 1));
    }
    return ex;
  }

  /** The pretrained encoder with seeded noise on every weight. */
  private static Map<String, float[]> perturbedEncoder(Map<String, float[]> init, long seed) {
    Map<String, float[]> encoder = MiniLm.pretrainedEncoder(init);
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    for (float[] v : encoder.values()) for (int i = 0; i < v.length; i++) v[i] += (float) (r.nextGaussian() * 0.02);
    return encoder;
  }
}
