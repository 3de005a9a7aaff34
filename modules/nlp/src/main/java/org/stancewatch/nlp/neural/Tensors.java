package org.stancewatch.nlp.neural;

/** Row-major float matrix kernels (loops shaped so that HotSpot vectorises the inner one). */
final class Tensors {
  private Tensors() {}

  /** y[t][j] = b[j] + sum_i x[t][i] * w[i][j]; x is rows x in, w is in x out. */
  static float[] matmul(float[] x, int rows, int in, float[] w, float[] b, int out) {
    float[] y = new float[rows * out];
    for (int t = 0; t < rows; t++) {
      int yo = t * out;
      if (b != null) System.arraycopy(b, 0, y, yo, out);
      for (int i = 0; i < in; i++) {
        float a = x[t * in + i];
        if (a == 0f) continue;
        int wo = i * out;
        for (int j = 0; j < out; j++) y[yo + j] += a * w[wo + j];
      }
    }
    return y;
  }

  /** dw[i][j] += sum_t x[t][i] * dy[t][j]; db[j] += sum_t dy[t][j]. */
  static void accumulateWeightGrad(float[] x, float[] dy, int rows, int in, int out, float[] dw, float[] db) {
    for (int t = 0; t < rows; t++) {
      int yo = t * out;
      for (int i = 0; i < in; i++) {
        float a = x[t * in + i];
        if (a == 0f) continue;
        int wo = i * out;
        for (int j = 0; j < out; j++) dw[wo + j] += a * dy[yo + j];
      }
      if (db != null) for (int j = 0; j < out; j++) db[j] += dy[yo + j];
    }
  }

  /**
   * dx[t][i] (+)= sum_j dy[t][j] * w[i][j]. Computed as an axpy over a transposed copy of w: HotSpot does not
   * vectorise a float dot-product reduction, and the copy costs 1/rows of the product.
   */
  static void backpropInput(float[] dy, int rows, int in, int out, float[] w, float[] dx) {
    if (rows == 1) {
      for (int i = 0; i < in; i++) {
        int wo = i * out;
        float s = 0f;
        for (int j = 0; j < out; j++) s += dy[j] * w[wo + j];
        dx[i] += s;
      }
      return;
    }
    float[] wt = new float[in * out];
    for (int i = 0; i < in; i++) for (int j = 0; j < out; j++) wt[j * in + i] = w[i * out + j];
    for (int t = 0; t < rows; t++) {
      int xo = t * in;
      for (int j = 0; j < out; j++) {
        float a = dy[t * out + j];
        if (a == 0f) continue;
        int wo = j * in;
        for (int i = 0; i < in; i++) dx[xo + i] += a * wt[wo + i];
      }
    }
  }

  /** Layer norm of each row in place into y; returns per-row 1/sigma and fills xhat. */
  static float[] layerNorm(float[] x, int rows, int d, float[] gamma, float[] beta, float eps, float[] xhat, float[] y) {
    float[] rstd = new float[rows];
    for (int t = 0; t < rows; t++) {
      int o = t * d;
      double mean = 0;
      for (int i = 0; i < d; i++) mean += x[o + i];
      mean /= d;
      double var = 0;
      for (int i = 0; i < d; i++) {
        double c = x[o + i] - mean;
        var += c * c;
      }
      var /= d;
      float r = (float) (1.0 / Math.sqrt(var + eps));
      rstd[t] = r;
      for (int i = 0; i < d; i++) {
        float h = (float) ((x[o + i] - mean) * r);
        xhat[o + i] = h;
        y[o + i] = h * gamma[i] + beta[i];
      }
    }
    return rstd;
  }

  /** Backward of {@link #layerNorm}: returns dx, accumulates dgamma and dbeta. */
  static float[] layerNormBackward(float[] dy, float[] xhat, float[] rstd, int rows, int d, float[] gamma, float[] dgamma, float[] dbeta) {
    float[] dx = new float[rows * d];
    float[] dxhat = new float[d];
    for (int t = 0; t < rows; t++) {
      int o = t * d;
      double m1 = 0;
      double m2 = 0;
      for (int i = 0; i < d; i++) {
        float g = dy[o + i];
        dgamma[i] += g * xhat[o + i];
        dbeta[i] += g;
        dxhat[i] = g * gamma[i];
        m1 += dxhat[i];
        m2 += dxhat[i] * xhat[o + i];
      }
      m1 /= d;
      m2 /= d;
      for (int i = 0; i < d; i++) dx[o + i] = (float) (rstd[t] * (dxhat[i] - m1 - xhat[o + i] * m2));
    }
    return dx;
  }

  /** erf with |error| < 1.2e-7 (Numerical Recipes erfc Chebyshev fit); ONNX's GELU uses the exact erf. */
  static double erf(double x) {
    double z = Math.abs(x);
    double t = 1.0 / (1.0 + 0.5 * z);
    double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? 1 - r : r - 1;
  }

  static float gelu(float x) {
    return (float) (0.5 * x * (1 + erf(x / Math.sqrt(2))));
  }

  static float geluGrad(float x) {
    return (float) (0.5 * (1 + erf(x / Math.sqrt(2))) + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI));
  }
}
