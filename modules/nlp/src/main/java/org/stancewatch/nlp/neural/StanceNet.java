package org.stancewatch.nlp.neural;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The trainable part of the stance model: the encoder's last transformer layer (initialised from the
 * pretrained MiniLM weights), a learned "this is the target" vector added to the target's tokens at that
 * layer's input, and a head over [CLS; mean of target tokens; mean of the other tokens] -> MLP -> 3 classes
 * (negative, neutral, positive). Forward and backward are plain Java; the lower layers run in ONNX Runtime
 * once per sentence. Parameters are immutable during inference, so one instance serves many threads.
 */
final class StanceNet {
  static final int D = 384;
  static final int HEADS = 12;
  static final int DH = D / HEADS;
  static final int FF = 1536;
  static final int HIDDEN = 256;
  static final int FEATURES = 3 * D;
  static final int CLASSES = 3;
  static final float LN_EPS = 1e-12f;

  /** Parameters by name, in a fixed order (serialisation, optimiser). */
  final Map<String, float[]> p = new LinkedHashMap<>();
  final float[] wq, bq, wk, bk, wv, bv, wo, bo, ln1g, ln1b, wi, bi, wout, bout, ln2g, ln2b;
  final float[] target, w1, b1, w2, b2;

  StanceNet(Map<String, float[]> params) {
    wq = put(params, "wq", D * D);
    bq = put(params, "bq", D);
    wk = put(params, "wk", D * D);
    bk = put(params, "bk", D);
    wv = put(params, "wv", D * D);
    bv = put(params, "bv", D);
    wo = put(params, "wo", D * D);
    bo = put(params, "bo", D);
    ln1g = put(params, "ln1g", D);
    ln1b = put(params, "ln1b", D);
    wi = put(params, "wi", D * FF);
    bi = put(params, "bi", FF);
    wout = put(params, "wout", FF * D);
    bout = put(params, "bout", D);
    ln2g = put(params, "ln2g", D);
    ln2b = put(params, "ln2b", D);
    target = put(params, "target", D);
    w1 = put(params, "w1", FEATURES * HIDDEN);
    b1 = put(params, "b1", HIDDEN);
    w2 = put(params, "w2", HIDDEN * CLASSES);
    b2 = put(params, "b2", CLASSES);
  }

  private float[] put(Map<String, float[]> params, String name, int size) {
    float[] v = params.get(name);
    if (v == null || v.length != size)
      throw new IllegalArgumentException("stance model: parameter " + name + " missing or not of size " + size);
    p.put(name, v);
    return v;
  }

  static List<String> layerNames() {
    return List.of("wq", "bq", "wk", "bk", "wv", "bv", "wo", "bo", "ln1g", "ln1b", "wi", "bi", "wout", "bout", "ln2g", "ln2b");
  }

  /** A fresh net: the pretrained layer 5 from the ONNX initialisers, a zero target vector, a random head. */
  static StanceNet fromPretrained(Map<String, float[]> init, long seed) {
    Map<String, float[]> m = new LinkedHashMap<>();
    String l = "encoder.layer.5.";
    m.put("wq", init.get("onnx::MatMul_852").clone());
    m.put("bq", init.get(l + "attention.self.query.bias").clone());
    m.put("wk", init.get("onnx::MatMul_853").clone());
    m.put("bk", init.get(l + "attention.self.key.bias").clone());
    m.put("wv", init.get("onnx::MatMul_856").clone());
    m.put("bv", init.get(l + "attention.self.value.bias").clone());
    m.put("wo", init.get("onnx::MatMul_862").clone());
    m.put("bo", init.get(l + "attention.output.dense.bias").clone());
    m.put("ln1g", init.get(l + "attention.output.LayerNorm.weight").clone());
    m.put("ln1b", init.get(l + "attention.output.LayerNorm.bias").clone());
    m.put("wi", init.get("onnx::MatMul_863").clone());
    m.put("bi", init.get(l + "intermediate.dense.bias").clone());
    m.put("wout", init.get("onnx::MatMul_864").clone());
    m.put("bout", init.get(l + "output.dense.bias").clone());
    m.put("ln2g", init.get(l + "output.LayerNorm.weight").clone());
    m.put("ln2b", init.get(l + "output.LayerNorm.bias").clone());
    m.put("target", new float[D]);
    SplittableRandom r = new SplittableRandom(seed);
    m.put("w1", xavier(r, FEATURES, HIDDEN));
    m.put("b1", new float[HIDDEN]);
    m.put("w2", xavier(r, HIDDEN, CLASSES));
    m.put("b2", new float[CLASSES]);
    return new StanceNet(m);
  }

  private static float[] xavier(SplittableRandom r, int in, int out) {
    float[] w = new float[in * out];
    double a = Math.sqrt(6.0 / (in + out));
    for (int i = 0; i < w.length; i++) w[i] = (float) ((r.nextDouble() * 2 - 1) * a);
    return w;
  }

  /** A zero-filled parameter set of the same shapes (gradients, optimiser moments). */
  Map<String, float[]> zeros() {
    Map<String, float[]> z = new LinkedHashMap<>();
    p.forEach((k, v) -> z.put(k, new float[v.length]));
    return z;
  }

  /** Everything the backward pass needs from one forward pass of the layer. */
  static final class LayerCache {
    int t;
    float[] x, q, k, v, prob, ctx, xhat1, rstd1, h1, preI, act, xhat2, rstd2, y;
    boolean[] isTarget;
  }

  /** The top layer over layer-4 states {@code x4} (T x D), with the target vector added at the target tokens. */
  LayerCache layer(float[] x4, int t, int[] targetTokens, boolean useTarget) {
    LayerCache c = new LayerCache();
    c.t = t;
    c.x = x4.clone();
    c.isTarget = new boolean[t];
    for (int tok : targetTokens) {
      c.isTarget[tok] = true;
      if (useTarget) for (int i = 0; i < D; i++) c.x[tok * D + i] += target[i];
    }
    c.q = Tensors.matmul(c.x, t, D, wq, bq, D);
    c.k = Tensors.matmul(c.x, t, D, wk, bk, D);
    c.v = Tensors.matmul(c.x, t, D, wv, bv, D);
    c.prob = new float[HEADS * t * t];
    c.ctx = new float[t * D];
    float scale = (float) (1.0 / Math.sqrt(DH));
    for (int h = 0; h < HEADS; h++) {
      int ho = h * DH;
      for (int i = 0; i < t; i++) {
        int po = (h * t + i) * t;
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < t; j++) {
          float s = 0f;
          for (int d = 0; d < DH; d++) s += c.q[i * D + ho + d] * c.k[j * D + ho + d];
          s *= scale;
          c.prob[po + j] = s;
          if (s > max) max = s;
        }
        double sum = 0;
        for (int j = 0; j < t; j++) {
          float e = (float) Math.exp(c.prob[po + j] - max);
          c.prob[po + j] = e;
          sum += e;
        }
        float inv = (float) (1.0 / sum);
        for (int j = 0; j < t; j++) {
          float pj = c.prob[po + j] * inv;
          c.prob[po + j] = pj;
          for (int d = 0; d < DH; d++) c.ctx[i * D + ho + d] += pj * c.v[j * D + ho + d];
        }
      }
    }
    float[] a = Tensors.matmul(c.ctx, t, D, wo, bo, D);
    for (int i = 0; i < a.length; i++) a[i] += c.x[i];
    c.xhat1 = new float[t * D];
    c.h1 = new float[t * D];
    c.rstd1 = Tensors.layerNorm(a, t, D, ln1g, ln1b, LN_EPS, c.xhat1, c.h1);
    c.preI = Tensors.matmul(c.h1, t, D, wi, bi, FF);
    c.act = new float[c.preI.length];
    for (int i = 0; i < c.act.length; i++) c.act[i] = Tensors.gelu(c.preI[i]);
    float[] o = Tensors.matmul(c.act, t, FF, wout, bout, D);
    for (int i = 0; i < o.length; i++) o[i] += c.h1[i];
    c.xhat2 = new float[t * D];
    c.y = new float[t * D];
    c.rstd2 = Tensors.layerNorm(o, t, D, ln2g, ln2b, LN_EPS, c.xhat2, c.y);
    return c;
  }

  /** [CLS; mean of target tokens; mean of the other non-special tokens]. */
  static float[] pool(float[] y, int t, boolean[] isTarget) {
    float[] f = new float[FEATURES];
    System.arraycopy(y, 0, f, 0, D);
    int nt = 0;
    int nc = 0;
    for (int i = 1; i < t - 1; i++) {
      int off = isTarget[i] ? D : 2 * D;
      if (isTarget[i]) nt++;
      else nc++;
      for (int d = 0; d < D; d++) f[off + d] += y[i * D + d];
    }
    for (int d = 0; d < D; d++) {
      if (nt > 0) f[D + d] /= nt;
      if (nc > 0) f[2 * D + d] /= nc;
    }
    return f;
  }

  /** Backward of {@link #pool}: spreads the feature gradient over the token states. */
  static float[] poolBackward(float[] df, int t, boolean[] isTarget) {
    float[] dy = new float[t * D];
    int nt = 0;
    int nc = 0;
    for (int i = 1; i < t - 1; i++) if (isTarget[i]) nt++; else nc++;
    for (int d = 0; d < D; d++) dy[d] = df[d];
    for (int i = 1; i < t - 1; i++) {
      int off = isTarget[i] ? D : 2 * D;
      float n = isTarget[i] ? nt : nc;
      for (int d = 0; d < D; d++) dy[i * D + d] = df[off + d] / n;
    }
    return dy;
  }

  /** Head logits; {@code hidden} (if not null) receives the post-ReLU hidden layer. */
  float[] head(float[] f, float[] hidden, boolean[] dropMask) {
    float[] h = Tensors.matmul(f, 1, FEATURES, w1, b1, HIDDEN);
    for (int i = 0; i < HIDDEN; i++) {
      h[i] = Math.max(0f, h[i]);
      if (dropMask != null && dropMask[i]) h[i] = 0f;
    }
    if (hidden != null) System.arraycopy(h, 0, hidden, 0, HIDDEN);
    return Tensors.matmul(h, 1, HIDDEN, w2, b2, CLASSES);
  }

  /**
   * Backward of the head from dlogits: accumulates head gradients and returns d features.
   * {@code dropScale} is the inverted-dropout scale already applied to the kept units.
   */
  float[] headBackward(float[] f, float[] hidden, float[] dlogits, Map<String, float[]> g) {
    Tensors.accumulateWeightGrad(hidden, dlogits, 1, HIDDEN, CLASSES, g.get("w2"), g.get("b2"));
    float[] dh = new float[HIDDEN];
    Tensors.backpropInput(dlogits, 1, HIDDEN, CLASSES, w2, dh);
    for (int i = 0; i < HIDDEN; i++) if (hidden[i] <= 0f) dh[i] = 0f;
    Tensors.accumulateWeightGrad(f, dh, 1, FEATURES, HIDDEN, g.get("w1"), g.get("b1"));
    float[] df = new float[FEATURES];
    Tensors.backpropInput(dh, 1, FEATURES, HIDDEN, w1, df);
    return df;
  }

  /** Backward of {@link #layer}: accumulates the layer's (and the target vector's) gradients. */
  void layerBackward(LayerCache c, float[] dy, Map<String, float[]> g, boolean useTarget) {
    int t = c.t;
    float[] dO = Tensors.layerNormBackward(dy, c.xhat2, c.rstd2, t, D, ln2g, g.get("ln2g"), g.get("ln2b"));
    // dO also flows to h1 through the residual.
    Tensors.accumulateWeightGrad(c.act, dO, t, FF, D, g.get("wout"), g.get("bout"));
    float[] dAct = new float[t * FF];
    Tensors.backpropInput(dO, t, FF, D, wout, dAct);
    for (int i = 0; i < dAct.length; i++) dAct[i] *= Tensors.geluGrad(c.preI[i]);
    Tensors.accumulateWeightGrad(c.h1, dAct, t, D, FF, g.get("wi"), g.get("bi"));
    float[] dh1 = dO;
    Tensors.backpropInput(dAct, t, D, FF, wi, dh1);
    float[] dA = Tensors.layerNormBackward(dh1, c.xhat1, c.rstd1, t, D, ln1g, g.get("ln1g"), g.get("ln1b"));
    float[] dx = dA.clone(); // residual
    Tensors.accumulateWeightGrad(c.ctx, dA, t, D, D, g.get("wo"), g.get("bo"));
    float[] dCtx = new float[t * D];
    Tensors.backpropInput(dA, t, D, D, wo, dCtx);
    float[] dq = new float[t * D];
    float[] dk = new float[t * D];
    float[] dv = new float[t * D];
    float scale = (float) (1.0 / Math.sqrt(DH));
    float[] dp = new float[t];
    for (int h = 0; h < HEADS; h++) {
      int ho = h * DH;
      for (int i = 0; i < t; i++) {
        int po = (h * t + i) * t;
        double dot = 0;
        for (int j = 0; j < t; j++) {
          float s = 0f;
          for (int d = 0; d < DH; d++) s += dCtx[i * D + ho + d] * c.v[j * D + ho + d];
          dp[j] = s;
          dot += s * c.prob[po + j];
          float pj = c.prob[po + j];
          for (int d = 0; d < DH; d++) dv[j * D + ho + d] += pj * dCtx[i * D + ho + d];
        }
        for (int j = 0; j < t; j++) {
          float ds = (float) (c.prob[po + j] * (dp[j] - dot)) * scale;
          if (ds == 0f) continue;
          for (int d = 0; d < DH; d++) {
            dq[i * D + ho + d] += ds * c.k[j * D + ho + d];
            dk[j * D + ho + d] += ds * c.q[i * D + ho + d];
          }
        }
      }
    }
    Tensors.accumulateWeightGrad(c.x, dq, t, D, D, g.get("wq"), g.get("bq"));
    Tensors.accumulateWeightGrad(c.x, dk, t, D, D, g.get("wk"), g.get("bk"));
    Tensors.accumulateWeightGrad(c.x, dv, t, D, D, g.get("wv"), g.get("bv"));
    if (useTarget) {
      Tensors.backpropInput(dq, t, D, D, wq, dx);
      Tensors.backpropInput(dk, t, D, D, wk, dx);
      Tensors.backpropInput(dv, t, D, D, wv, dx);
      float[] dTarget = g.get("target");
      for (int i = 0; i < t; i++) if (c.isTarget[i]) for (int d = 0; d < D; d++) dTarget[d] += dx[i * D + d];
    }
  }

  static float[] softmax(float[] logits) {
    float max = Float.NEGATIVE_INFINITY;
    for (float l : logits) max = Math.max(max, l);
    float[] p = new float[logits.length];
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) Math.exp(logits[i] - max);
      s += p[i];
    }
    for (int i = 0; i < p.length; i++) p[i] /= (float) s;
    return p;
  }

  /** Class probabilities (negative, neutral, positive) for one target in one sentence. */
  float[] predict(float[] x4, int t, int[] targetTokens) {
    LayerCache c = layer(x4, t, targetTokens, true);
    return softmax(head(pool(c.y, t, c.isTarget), null, null));
  }

  static List<String> names(StanceNet n) {
    return new ArrayList<>(n.p.keySet());
  }
}
