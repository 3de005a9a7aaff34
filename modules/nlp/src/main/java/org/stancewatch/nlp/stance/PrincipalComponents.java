package org.stancewatch.nlp.stance;

import java.util.List;

/**
 * The leading principal components of a set of vectors, by power iteration with deflation on their covariance: a
 * 384 x 384 symmetric matrix and a few dozen components need no linear-algebra library. Immutable.
 *
 * @param mean          the vectors' mean, taken off before projecting
 * @param axes          unit axes, the largest variance first
 * @param varianceShare the share of the total variance the axes hold
 */
public record PrincipalComponents(double[] mean, double[][] axes, double varianceShare) {

  public PrincipalComponents {
    for (double[] axis : axes) {
      if (axis.length != mean.length) throw new IllegalArgumentException("an axis of " + axis.length + " values for vectors of " + mean.length);
    }
    mean = mean.clone();
    double[][] copy = new double[axes.length][];
    for (int i = 0; i < axes.length; i++) copy[i] = axes[i].clone();
    axes = copy;
  }

  /** The first {@code count} components of {@code vectors}. */
  public static PrincipalComponents of(List<double[]> vectors, int count) {
    int d = vectors.get(0).length;
    double[] mean = new double[d];
    for (double[] v : vectors) for (int j = 0; j < d; j++) mean[j] += v[j] / vectors.size();
    double[][] cov = new double[d][d];
    for (double[] v : vectors) {
      for (int i = 0; i < d; i++) {
        double a = v[i] - mean[i];
        for (int j = 0; j < d; j++) cov[i][j] += a * (v[j] - mean[j]) / vectors.size();
      }
    }
    double total = 0;
    for (int i = 0; i < d; i++) total += cov[i][i];
    double[][] axes = new double[count][];
    double explained = 0;
    for (int c = 0; c < count; c++) {
      double[] x = new double[d];
      for (int j = 0; j < d; j++) x[j] = 1.0 / Math.sqrt(d) + (j == c ? 1 : 0);  // deterministic start
      double eigen = 0;
      for (int it = 0; it < 500; it++) {
        double[] y = new double[d];
        for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) y[i] += cov[i][j] * x[j];
        double norm = 0;
        for (double v : y) norm += v * v;
        eigen = Math.sqrt(norm);
        if (eigen == 0) break;
        for (int j = 0; j < d; j++) y[j] /= eigen;
        x = y;
      }
      axes[c] = x;
      explained += eigen;
      for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) cov[i][j] -= eigen * x[i] * x[j];
    }
    return new PrincipalComponents(mean, axes, total == 0 ? 0 : explained / total);
  }

  /** {@code v}'s coordinates on the axes, after the mean is taken off. */
  public double[] project(double[] v) {
    double[] out = new double[axes.length];
    for (int c = 0; c < axes.length; c++) for (int j = 0; j < v.length; j++) out[c] += (v[j] - mean[j]) * axes[c][j];
    return out;
  }
}
