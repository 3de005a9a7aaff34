package org.stancewatch.nlp.stance;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Multinomial logistic regression over hashed string features, trained with AdaGrad and L2.
 * Hand-written rather than a library: the features are sparse strings hashed on the fly, the model
 * must be a small resource file read without reflection, and Maven Central's ML libraries (Smile,
 * Tribuo, DL4J) pull tens of MB for a 60-line learner. Immutable after training: thread-safe.
 * Classes: 0 = negative, 1 = neutral, 2 = positive.
 */
public final class HashedLogisticModel {
  public static final int CLASSES = 3;
  private static final int MAGIC = 0x5357_4C52; // "SWLR"

  private final int bits;
  private final float[] weights; // [feature * CLASSES + class]

  private HashedLogisticModel(int bits, float[] weights) {
    this.bits = bits;
    this.weights = weights;
  }

  public static int index(String feature, int bits) {
    int h = feature.hashCode() * 0x9E3779B9;
    return (h ^ (h >>> 16)) & ((1 << bits) - 1);
  }

  public double[] probabilities(List<String> features) {
    double[] z = new double[CLASSES];
    for (String f : features) {
      int base = index(f, bits) * CLASSES;
      for (int c = 0; c < CLASSES; c++) z[c] += weights[base + c];
    }
    return softmax(z);
  }

  private static double[] softmax(double[] z) {
    double max = Arrays.stream(z).max().orElse(0);
    double sum = 0;
    for (int c = 0; c < z.length; c++) { z[c] = Math.exp(z[c] - max); sum += z[c]; }
    for (int c = 0; c < z.length; c++) z[c] /= sum;
    return z;
  }

  /** Trains on feature lists with labels 0..2; deterministic for a given seed. */
  public static HashedLogisticModel train(List<List<String>> xs, int[] ys, int bits, int epochs, double rate, double l2, long seed) {
    float[] w = new float[(1 << bits) * CLASSES];
    float[] g2 = new float[w.length];
    int[][] idx = new int[xs.size()][];
    for (int i = 0; i < xs.size(); i++) idx[i] = xs.get(i).stream().mapToInt(f -> index(f, bits)).toArray();
    // Class weights against the neutral-heavy label distribution, so macro-F1 is not sacrificed.
    int[] counts = new int[CLASSES];
    for (int y : ys) counts[y]++;
    double[] classWeight = new double[CLASSES];
    for (int c = 0; c < CLASSES; c++) classWeight[c] = counts[c] == 0 ? 0 : (double) ys.length / (CLASSES * counts[c]);
    Integer[] order = new Integer[xs.size()];
    for (int i = 0; i < order.length; i++) order[i] = i;
    Random rnd = new Random(seed);
    for (int e = 0; e < epochs; e++) {
      java.util.Collections.shuffle(Arrays.asList(order), rnd);
      for (int i : order) {
        double[] z = new double[CLASSES];
        for (int f : idx[i]) for (int c = 0; c < CLASSES; c++) z[c] += w[f * CLASSES + c];
        double[] p = softmax(z);
        double cw = classWeight[ys[i]];
        for (int f : idx[i]) {
          for (int c = 0; c < CLASSES; c++) {
            int k = f * CLASSES + c;
            double g = cw * (p[c] - (c == ys[i] ? 1 : 0)) + l2 * w[k];
            g2[k] += (float) (g * g);
            w[k] -= (float) (rate * g / Math.sqrt(g2[k] + 1e-8));
          }
        }
      }
    }
    return new HashedLogisticModel(bits, w);
  }

  /** Writes only the non-zero rows (gzip) so the resource stays small. */
  public void write(OutputStream raw) throws IOException {
    try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(raw))) {
      out.writeInt(MAGIC);
      out.writeInt(bits);
      int rows = 1 << bits;
      int nonZero = 0;
      for (int r = 0; r < rows; r++) if (rowNonZero(r)) nonZero++;
      out.writeInt(nonZero);
      for (int r = 0; r < rows; r++) {
        if (!rowNonZero(r)) continue;
        out.writeInt(r);
        for (int c = 0; c < CLASSES; c++) out.writeFloat(weights[r * CLASSES + c]);
      }
    }
  }

  private boolean rowNonZero(int r) {
    for (int c = 0; c < CLASSES; c++) if (Math.abs(weights[r * CLASSES + c]) > 1e-4f) return true;
    return false;
  }

  public static HashedLogisticModel read(InputStream raw, String name) throws IOException {
    try (DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
      if (in.readInt() != MAGIC) throw new IOException(name + ": not a stance model file (bad magic number)");
      int bits = in.readInt();
      if (bits < 8 || bits > 26) throw new IOException(name + ": implausible hash size 2^" + bits);
      float[] w = new float[(1 << bits) * CLASSES];
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        int r = in.readInt();
        for (int c = 0; c < CLASSES; c++) w[r * CLASSES + c] = in.readFloat();
      }
      return new HashedLogisticModel(bits, w);
    }
  }

  /** Short content hash, for the analyser's version string. */
  public String fingerprint() {
    return String.format("%08x", Arrays.hashCode(weights) ^ (bits * 31));
  }
}
