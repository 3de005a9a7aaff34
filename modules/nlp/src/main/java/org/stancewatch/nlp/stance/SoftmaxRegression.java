package org.stancewatch.nlp.stance;

import java.util.List;

/**
 * A multinomial logistic regression over standardised features, fitted by full-batch gradient descent with L2. Written
 * here, not taken from a library: tens of features and a few hundred labelled pairs, and the product's dependencies
 * have no small linear-model trainer (DJL would need the PyTorch engine for this). Immutable.
 *
 * @param weights per class, one weight per feature and then the bias
 * @param mean    the features' means on the pairs it was fitted on
 * @param scale   their standard deviations (1 where a feature is constant)
 */
public record SoftmaxRegression(double[][] weights, double[] mean, double[] scale) {
  static final int EPOCHS = 2000;
  static final double RATE = 0.1;

  public SoftmaxRegression {
    for (double[] row : weights) {
      if (row.length != mean.length + 1) throw new IllegalArgumentException("each weight row needs " + (mean.length + 1) + " values (the last is the bias)");
    }
    if (scale.length != mean.length) throw new IllegalArgumentException(mean.length + " feature means but " + scale.length + " scales");
    weights = deepCopy(weights);
    mean = mean.clone();
    scale = scale.clone();
  }

  public int features() {
    return mean.length;
  }

  /** The index of the class with the highest logit for these raw (unstandardised) features. */
  public int predict(double[] raw) {
    double[] x = standardise(raw, mean, scale);
    int best = 0;
    double bestLogit = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < weights.length; c++) {
      double z = logit(weights[c], x);
      if (z > bestLogit) {
        bestLogit = z;
        best = c;
      }
    }
    return best;
  }

  /**
   * Fits {@code classes} classes to {@code xs} (raw features) labelled {@code ys} (class indices), with L2 {@code lambda}
   * per pair; {@code balanced}: each class weighted by the square root of its inverse frequency, so the rare stances
   * count more without letting ten FAVOR pairs dominate.
   */
  public static SoftmaxRegression fit(List<double[]> xs, List<Integer> ys, int classes, double lambda, boolean balanced) {
    int features = xs.get(0).length;
    double[] mean = new double[features], scale = new double[features];
    for (double[] x : xs) for (int j = 0; j < features; j++) mean[j] += x[j] / xs.size();
    for (double[] x : xs) for (int j = 0; j < features; j++) scale[j] += (x[j] - mean[j]) * (x[j] - mean[j]) / xs.size();
    for (int j = 0; j < features; j++) scale[j] = scale[j] < 1e-12 ? 1 : Math.sqrt(scale[j]);
    double[] classWeight = new double[classes];
    java.util.Arrays.fill(classWeight, 1);
    if (balanced) {
      int[] count = new int[classes];
      ys.forEach(y -> count[y]++);
      for (int c = 0; c < classes; c++) classWeight[c] = count[c] == 0 ? 0 : Math.sqrt((double) xs.size() / (classes * count[c]));
    }
    double[][] standardised = new double[xs.size()][];
    for (int i = 0; i < xs.size(); i++) standardised[i] = standardise(xs.get(i), mean, scale);
    double[][] w = new double[classes][features + 1];
    double[] p = new double[classes];
    for (int epoch = 0; epoch < EPOCHS; epoch++) {
      double[][] grad = new double[classes][features + 1];
      for (int i = 0; i < standardised.length; i++) {
        double[] x = standardised[i];
        softmax(w, x, p);
        double cw = classWeight[ys.get(i)];
        for (int c = 0; c < classes; c++) {
          double err = cw * (p[c] - (ys.get(i) == c ? 1 : 0));
          double[] g = grad[c];
          for (int j = 0; j < features; j++) g[j] += err * x[j];
          g[features] += err;
        }
      }
      for (int c = 0; c < classes; c++) {
        for (int j = 0; j <= features; j++) {
          double reg = j < features ? lambda * w[c][j] : 0;
          w[c][j] -= RATE * (grad[c][j] / xs.size() + reg / xs.size());
        }
      }
    }
    return new SoftmaxRegression(w, mean, scale);
  }

  /** Raw features standardised with a fit's {@code mean} and {@code scale}. */
  public static double[] standardise(double[] raw, double[] mean, double[] scale) {
    if (raw.length != mean.length) throw new IllegalArgumentException(raw.length + " features for a regression over " + mean.length);
    double[] x = new double[mean.length];
    for (int j = 0; j < mean.length; j++) x[j] = (raw[j] - mean[j]) / scale[j];
    return x;
  }

  /** One class's logit: its bias (the last of {@code w}) plus its weights times the standardised features. */
  public static double logit(double[] w, double[] x) {
    double z = w[x.length];
    for (int j = 0; j < x.length; j++) z += w[j] * x[j];
    return z;
  }

  private static void softmax(double[][] w, double[] x, double[] z) {
    double max = Double.NEGATIVE_INFINITY, sum = 0;
    for (int c = 0; c < w.length; c++) max = Math.max(max, z[c] = logit(w[c], x));
    for (int c = 0; c < w.length; c++) sum += z[c] = Math.exp(z[c] - max);
    for (int c = 0; c < w.length; c++) z[c] /= sum;
  }

  private static double[][] deepCopy(double[][] a) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) out[i] = a[i].clone();
    return out;
  }
}
