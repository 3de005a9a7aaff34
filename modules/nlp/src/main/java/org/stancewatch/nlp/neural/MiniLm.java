package org.stancewatch.nlp.neural;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The all-MiniLM-L6-v2 ONNX graph's fine-tunable initialisers, by their names in that graph (the names the
 * committed model file uses, so ONNX Runtime can run the graph with them swapped in). The word-embedding table
 * (30522 x 384) stays frozen: it is most of the model's size and fine-tuning it buys little on 8.7k sentences.
 * Shapes: MatMul weights are [in, out] (the graph computes x . W).
 */
final class MiniLm {
  static final int D = 384;
  static final int HEADS = 12;
  static final int DH = D / HEADS;
  static final int FF = 1536;
  static final int LAYERS = 6;
  static final int MAX_POSITIONS = 512;
  static final int VOCAB = 30522;
  static final float LN_EPS = 1e-12f;
  static final int CLASSES = 3;
  /** The head reads [CLS; mean of the target's word pieces]. */
  static final int FEATURES = 2 * D;

  static final String WORD = "embeddings.word_embeddings.weight";
  static final String POS = "embeddings.position_embeddings.weight";
  static final String TYPE = "embeddings.token_type_embeddings.weight";
  static final String EMB_LN_G = "embeddings.LayerNorm.weight";
  static final String EMB_LN_B = "embeddings.LayerNorm.bias";
  static final String HEAD_W = "head.weight";
  static final String HEAD_B = "head.bias";

  private MiniLm() {}

  /** The torch export numbers each layer's six MatMul weights from 787 in steps of 13 (q, k, v, out, in, out). */
  private static final String MATMUL = "onnx::MatMul_";
  private static final int FIRST_MATMUL = 787;
  private static final int MATMULS_PER_LAYER = 13;

  private static String matmul(int layer, int offset) {
    return MATMUL + (FIRST_MATMUL + MATMULS_PER_LAYER * layer + offset);
  }

  static String wq(int l) { return matmul(l, 0); }
  static String wk(int l) { return matmul(l, 1); }
  static String wv(int l) { return matmul(l, 4); }
  static String wo(int l) { return matmul(l, 10); }
  static String wi(int l) { return matmul(l, 11); }
  static String wout(int l) { return matmul(l, 12); }

  static String bq(int l) { return "encoder.layer." + l + ".attention.self.query.bias"; }
  static String bk(int l) { return "encoder.layer." + l + ".attention.self.key.bias"; }
  static String bv(int l) { return "encoder.layer." + l + ".attention.self.value.bias"; }
  static String bo(int l) { return "encoder.layer." + l + ".attention.output.dense.bias"; }
  static String ln1g(int l) { return "encoder.layer." + l + ".attention.output.LayerNorm.weight"; }
  static String ln1b(int l) { return "encoder.layer." + l + ".attention.output.LayerNorm.bias"; }
  static String bi(int l) { return "encoder.layer." + l + ".intermediate.dense.bias"; }
  static String bout(int l) { return "encoder.layer." + l + ".output.dense.bias"; }
  static String ln2g(int l) { return "encoder.layer." + l + ".output.LayerNorm.weight"; }
  static String ln2b(int l) { return "encoder.layer." + l + ".output.LayerNorm.bias"; }

  /**
   * The encoder layer a tensor belongs to: 0..LAYERS-1 for the transformer layers, -1 for the embeddings, LAYERS for
   * the head (what layer-wise learning-rate decay counts down from).
   */
  static int layer(String name) {
    if (name.startsWith("head.")) return LAYERS;
    if (name.startsWith("embeddings.")) return -1;
    if (name.startsWith("encoder.layer.")) {
      String rest = name.substring("encoder.layer.".length());
      return Integer.parseInt(rest.substring(0, rest.indexOf('.')));
    }
    if (name.startsWith(MATMUL)) return (Integer.parseInt(name.substring(MATMUL.length())) - FIRST_MATMUL) / MATMULS_PER_LAYER;
    throw new IllegalArgumentException("not a MiniLM tensor: " + name);
  }

  /** Every fine-tuned encoder tensor (name -> element count), in a fixed order. */
  static Map<String, Integer> encoderShapes() {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put(POS, MAX_POSITIONS * D);
    m.put(TYPE, 2 * D);
    m.put(EMB_LN_G, D);
    m.put(EMB_LN_B, D);
    for (int l = 0; l < LAYERS; l++) {
      m.put(wq(l), D * D);
      m.put(bq(l), D);
      m.put(wk(l), D * D);
      m.put(bk(l), D);
      m.put(wv(l), D * D);
      m.put(bv(l), D);
      m.put(wo(l), D * D);
      m.put(bo(l), D);
      m.put(ln1g(l), D);
      m.put(ln1b(l), D);
      m.put(wi(l), D * FF);
      m.put(bi(l), FF);
      m.put(wout(l), FF * D);
      m.put(bout(l), D);
      m.put(ln2g(l), D);
      m.put(ln2b(l), D);
    }
    return m;
  }

  /** The fine-tuned encoder tensors + head (name -> element count). */
  static Map<String, Integer> modelShapes() {
    Map<String, Integer> m = encoderShapes();
    m.put(HEAD_W, FEATURES * CLASSES);
    m.put(HEAD_B, CLASSES);
    return m;
  }

  /** The pretrained values of {@link #encoderShapes()} from the ONNX initialisers, checked against the shapes. */
  static Map<String, float[]> pretrainedEncoder(Map<String, float[]> onnxInit) {
    Map<String, float[]> out = new LinkedHashMap<>();
    List<String> bad = new ArrayList<>();
    encoderShapes().forEach((name, size) -> {
      float[] v = onnxInit.get(name);
      if (v == null || v.length != size) bad.add(name + (v == null ? " missing" : " has " + v.length + " values, expected " + size));
      else out.put(name, v.clone());
    });
    if (!bad.isEmpty()) throw new IllegalStateException("all-MiniLM-L6-v2 ONNX graph is not the expected export: " + bad);
    return out;
  }

  /** Weight decay applies to matrices only (not biases, LayerNorm, embeddings). */
  static boolean decays(String name) {
    return name.startsWith("onnx::MatMul_") || name.equals(HEAD_W);
  }
}
