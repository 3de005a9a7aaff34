package org.stancewatch.nlp.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The whole stance model as DJL (PyTorch engine) NDArray ops, for training with autograd: MiniLM's embeddings
 * (word table frozen, looked up in Java) and six BERT layers, exactly as the ONNX graph computes them, then the head
 * on [CLS; mean of the target's word pieces]. Under {@link TargetMark#TYPE} the target is also marked by token type 1
 * on its word pieces, so the graph's own token-type embedding carries the marker and ONNX Runtime can run the trained
 * model unchanged; under {@link TargetMark#NONE} every token type is 0 and only the head knows the target.
 * Parameters live in {@code base}; every per-batch array is created in (or moved to) the caller's sub-manager.
 */
final class DjlStanceNet implements AutoCloseable {
  final NDManager base;
  /** Trainable parameters by ONNX name (+ head), in {@link MiniLm#modelShapes()} order. */
  final Map<String, NDArray> p = new LinkedHashMap<>();
  private final float[] wordEmb;

  /**
   * One padded batch: ids/types/target/mask are B x T, row-major. {@code target} marks the target's pieces for the
   * head's mean; {@code types} is the same under {@link TargetMark#TYPE} and all 0 under {@link TargetMark#NONE}.
   */
  record Batch(int b, int t, int[] ids, float[] types, float[] target, float[] mask, int[] labels) {
    static Batch of(List<Example> ex) {
      return of(ex, TargetMark.TYPE);
    }

    static Batch of(List<Example> ex, TargetMark mark) {
      int b = ex.size();
      int t = 0;
      for (Example e : ex) t = Math.max(t, e.ids().length);
      int[] ids = new int[b * t];
      float[] types = new float[b * t];
      float[] target = new float[b * t];
      float[] mask = new float[b * t];
      int[] labels = new int[b];
      for (int i = 0; i < b; i++) {
        Example e = ex.get(i);
        for (int j = 0; j < e.ids().length; j++) {
          ids[i * t + j] = e.ids()[j];
          mask[i * t + j] = 1f;
        }
        for (int j : e.target()) {
          target[i * t + j] = 1f;
          if (mark == TargetMark.TYPE) types[i * t + j] = 1f;
        }
        labels[i] = e.label();
      }
      return new Batch(b, t, ids, types, target, mask, labels);
    }
  }

  /** One (sentence, target) pair: word-piece ids with [CLS]/[SEP], the target's piece positions, label 0..2. */
  record Example(int[] ids, int[] target, int label) {}

  DjlStanceNet(NDManager base, Map<String, float[]> encoder, float[] wordEmb, Map<String, float[]> head) {
    this.base = base;
    this.wordEmb = wordEmb;
    Map<String, float[]> all = new LinkedHashMap<>(encoder);
    all.putAll(head);
    MiniLm.modelShapes().forEach((name, size) -> {
      float[] v = all.get(name);
      if (v == null || v.length != size) throw new IllegalArgumentException("stance model: " + name + " missing or not of size " + size);
      NDArray a = base.create(v, shape(name));
      a.setRequiresGradient(true);
      p.put(name, a);
    });
  }

  /** A random head (Xavier uniform, seeded) for a fresh model. */
  static Map<String, float[]> freshHead(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] w = new float[MiniLm.FEATURES * MiniLm.CLASSES];
    double a = Math.sqrt(6.0 / (MiniLm.FEATURES + MiniLm.CLASSES));
    for (int i = 0; i < w.length; i++) w[i] = (float) ((r.nextDouble() * 2 - 1) * a);
    Map<String, float[]> m = new LinkedHashMap<>();
    m.put(MiniLm.HEAD_W, w);
    m.put(MiniLm.HEAD_B, new float[MiniLm.CLASSES]);
    return m;
  }

  static Shape shape(String name) {
    int size = MiniLm.modelShapes().get(name);
    if (name.equals(MiniLm.POS)) return new Shape(MiniLm.MAX_POSITIONS, MiniLm.D);
    if (name.equals(MiniLm.TYPE)) return new Shape(2, MiniLm.D);
    if (name.equals(MiniLm.HEAD_W)) return new Shape(MiniLm.FEATURES, MiniLm.CLASSES);
    if (name.startsWith("onnx::MatMul_")) {
      return size == MiniLm.D * MiniLm.D ? new Shape(MiniLm.D, MiniLm.D)
          : isIntermediate(name) ? new Shape(MiniLm.D, MiniLm.FF) : new Shape(MiniLm.FF, MiniLm.D);
    }
    return new Shape(size);
  }

  private static boolean isIntermediate(String name) {
    for (int l = 0; l < MiniLm.LAYERS; l++) if (name.equals(MiniLm.wi(l))) return true;
    return false;
  }

  /** Moves an op's result (made in a parameter's manager) to the batch's manager so it is freed with it. */
  private static NDArray in(NDManager s, NDArray a) {
    a.attach(s);
    return a;
  }

  private NDArray w(String name) {
    return p.get(name);
  }

  private static NDArray linear(NDArray x, NDArray w, NDArray b) {
    return x.matMul(w).add(b);
  }

  private static NDArray layerNorm(NDArray x, NDArray g, NDArray b) {
    return x.getNDArrayInternal().layerNorm(x, new Shape(MiniLm.D), g, b, MiniLm.LN_EPS).singletonOrThrow();
  }

  private static NDArray dropout(NDArray x, float rate, boolean training) {
    if (!training || rate <= 0f) return x;
    return x.getNDArrayInternal().dropout(x, rate, true).singletonOrThrow();
  }

  /** Logits (B x 3). {@code dropout} applies (when training) after attention/FFN outputs and before the head. */
  NDArray forward(NDManager s, Batch batch, boolean training, float dropout) {
    int b = batch.b();
    int t = batch.t();
    int d = MiniLm.D;
    float[] emb = new float[b * t * d];
    for (int i = 0; i < b * t; i++) System.arraycopy(wordEmb, batch.ids()[i] * d, emb, i * d, d);
    NDArray x = s.create(emb, new Shape(b, t, d));
    NDArray pos = in(s, w(MiniLm.POS).get(new NDIndex("0:" + t)));
    NDArray type0 = in(s, w(MiniLm.TYPE).get(0));
    NDArray type1 = in(s, w(MiniLm.TYPE).get(1));
    NDArray types = s.create(batch.types(), new Shape(b, t, 1));
    x = x.add(pos).add(type0).add(types.mul(type1.sub(type0)));
    x = layerNorm(x, w(MiniLm.EMB_LN_G), w(MiniLm.EMB_LN_B));
    x = dropout(x, dropout, training);
    NDArray mask = s.create(batch.mask(), new Shape(b, 1, 1, t));
    // The export adds (1 - mask) * float-min; -1e4 gives the same softmax in float32 without overflow in autograd.
    NDArray maskBias = mask.sub(1f).mul(10000f);
    float scale = (float) (1.0 / Math.sqrt(MiniLm.DH));
    for (int l = 0; l < MiniLm.LAYERS; l++) {
      NDArray q = linear(x, w(MiniLm.wq(l)), w(MiniLm.bq(l))).reshape(b, t, MiniLm.HEADS, MiniLm.DH).transpose(0, 2, 1, 3);
      NDArray k = linear(x, w(MiniLm.wk(l)), w(MiniLm.bk(l))).reshape(b, t, MiniLm.HEADS, MiniLm.DH).transpose(0, 2, 3, 1);
      NDArray v = linear(x, w(MiniLm.wv(l)), w(MiniLm.bv(l))).reshape(b, t, MiniLm.HEADS, MiniLm.DH).transpose(0, 2, 1, 3);
      NDArray att = q.matMul(k).mul(scale).add(maskBias).softmax(-1);
      NDArray ctx = att.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, d);
      NDArray a = dropout(linear(ctx, w(MiniLm.wo(l)), w(MiniLm.bo(l))), dropout, training);
      NDArray h = layerNorm(a.add(x), w(MiniLm.ln1g(l)), w(MiniLm.ln1b(l)));
      NDArray ff = Activation.gelu(linear(h, w(MiniLm.wi(l)), w(MiniLm.bi(l))));
      NDArray o = dropout(linear(ff, w(MiniLm.wout(l)), w(MiniLm.bout(l))), dropout, training);
      x = layerNorm(o.add(h), w(MiniLm.ln2g(l)), w(MiniLm.ln2b(l)));
    }
    return head(s, x, batch, training, dropout);
  }

  private NDArray head(NDManager s, NDArray y, Batch batch, boolean training, float dropout) {
    int b = batch.b();
    int t = batch.t();
    NDArray cls = y.get(new NDIndex(":, 0, :"));
    float[] count = new float[b];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < t; j++) count[i] += batch.target()[i * t + j];
      count[i] = Math.max(1f, count[i]);
    }
    NDArray tmask = s.create(batch.target(), new Shape(b, t, 1));
    NDArray target = y.mul(tmask).sum(new int[] {1}).div(s.create(count, new Shape(b, 1)));
    NDArray f = dropout(NDArrays.concat(new NDList(cls, target), 1), dropout, training);
    return f.matMul(w(MiniLm.HEAD_W)).add(w(MiniLm.HEAD_B));
  }

  /** Mean cross-entropy of the logits against the batch's labels. */
  static NDArray loss(NDManager s, NDArray logits, Batch batch) {
    float[] onehot = new float[batch.b() * MiniLm.CLASSES];
    for (int i = 0; i < batch.b(); i++) onehot[i * MiniLm.CLASSES + batch.labels()[i]] = 1f;
    return logits.logSoftmax(1).mul(s.create(onehot, new Shape(batch.b(), MiniLm.CLASSES))).sum().neg().div(batch.b());
  }

  /** Class probabilities per example (no dropout). */
  float[][] predict(NDManager s, Batch batch) {
    float[] p = forward(s, batch, false, 0f).softmax(1).toFloatArray();
    float[][] out = new float[batch.b()][MiniLm.CLASSES];
    for (int i = 0; i < batch.b(); i++) System.arraycopy(p, i * MiniLm.CLASSES, out[i], 0, MiniLm.CLASSES);
    return out;
  }

  /** The current parameter values by name. */
  Map<String, float[]> export() {
    Map<String, float[]> out = new LinkedHashMap<>();
    p.forEach((k, v) -> out.put(k, v.toFloatArray()));
    return out;
  }

  @Override
  public void close() {
    base.close();
  }
}
