package org.stancewatch.nlp.neural;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written backward pass of the top layer and head agrees with finite differences. */
class StanceNetGradientTest {
  private static StanceNet randomNet(long seed) {
    Map<String, float[]> shapes = new LinkedHashMap<>();
    SplittableRandom r = new SplittableRandom(seed);
    StanceNet proto = StanceNet.fromPretrained(fakeInit(r), seed);
    proto.p.forEach((k, v) -> {
      float[] w = v.clone();
      if (k.equals("target") || k.startsWith("b")) for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian() * 0.1f;
      shapes.put(k, w);
    });
    return new StanceNet(shapes);
  }

  private static Map<String, float[]> fakeInit(SplittableRandom r) {
    Map<String, float[]> m = new LinkedHashMap<>();
    String l = "encoder.layer.5.";
    int d = StanceNet.D;
    int ff = StanceNet.FF;
    m.put("onnx::MatMul_852", gauss(r, d * d, 0.05));
    m.put("onnx::MatMul_853", gauss(r, d * d, 0.05));
    m.put("onnx::MatMul_856", gauss(r, d * d, 0.05));
    m.put("onnx::MatMul_862", gauss(r, d * d, 0.05));
    m.put("onnx::MatMul_863", gauss(r, d * ff, 0.05));
    m.put("onnx::MatMul_864", gauss(r, ff * d, 0.05));
    for (String b : new String[] {"attention.self.query.bias", "attention.self.key.bias", "attention.self.value.bias",
        "attention.output.dense.bias", "attention.output.LayerNorm.bias", "output.dense.bias", "output.LayerNorm.bias"})
      m.put(l + b, gauss(r, d, 0.1));
    m.put(l + "intermediate.dense.bias", gauss(r, ff, 0.1));
    float[] g1 = gauss(r, d, 0.1);
    float[] g2 = gauss(r, d, 0.1);
    for (int i = 0; i < d; i++) {
      g1[i] += 1;
      g2[i] += 1;
    }
    m.put(l + "attention.output.LayerNorm.weight", g1);
    m.put(l + "output.LayerNorm.weight", g2);
    return m;
  }

  private static float[] gauss(SplittableRandom r, int n, double sd) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * sd);
    return v;
  }

  private static double loss(StanceNet net, float[] x, int t, int[] target, int label) {
    StanceNet.LayerCache c = net.layer(x, t, target, true);
    float[] p = StanceNet.softmax(net.head(StanceNet.pool(c.y, t, c.isTarget), null, null));
    return -Math.log(p[label]);
  }

  @Test
  void analyticGradientsMatchFiniteDifferences() {
    StanceNet net = randomNet(7);
    int t = 7;
    int[] target = {2, 3};
    int label = 2;
    float[] x = gauss(new SplittableRandom(3), t * StanceNet.D, 1.0);
    StanceNet.LayerCache c = net.layer(x, t, target, true);
    float[] f = StanceNet.pool(c.y, t, c.isTarget);
    float[] hidden = new float[StanceNet.HIDDEN];
    float[] p = StanceNet.softmax(net.head(f, hidden, null));
    float[] dl = p.clone();
    dl[label] -= 1;
    Map<String, float[]> g = net.zeros();
    float[] df = net.headBackward(f, hidden, dl, g);
    net.layerBackward(c, StanceNet.poolBackward(df, t, c.isTarget), g, true);

    SplittableRandom pick = new SplittableRandom(11);
    int checked = 0;
    for (String name : net.p.keySet()) {
      float[] w = net.p.get(name);
      float[] gw = g.get(name);
      // Check the coordinates with the largest analytic gradient (finite differences in float need a signal).
      int best = 0;
      for (int i = 0; i < gw.length; i++) if (Math.abs(gw[i]) > Math.abs(gw[best])) best = i;
      int[] coords = {best, pick.nextInt(w.length)};
      for (int i : coords) {
        double eps = 1e-2;
        float keep = w[i];
        w[i] = (float) (keep + eps);
        double up = loss(net, x, t, target, label);
        w[i] = (float) (keep - eps);
        double down = loss(net, x, t, target, label);
        w[i] = keep;
        double numeric = (up - down) / (2 * eps);
        double err = Math.abs(numeric - gw[i]);
        assertTrue(err <= 2e-3 + 0.05 * Math.abs(numeric),
            name + "[" + i + "]: analytic " + gw[i] + " vs numeric " + numeric);
        checked++;
      }
    }
    assertTrue(checked >= 40);
  }
}
