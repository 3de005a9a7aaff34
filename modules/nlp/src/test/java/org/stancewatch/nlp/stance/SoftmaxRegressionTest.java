package org.stancewatch.nlp.stance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SoftmaxRegressionTest {

  @Test
  void separatesThreeClassesAlongTwoFeatures() {
    List<double[]> xs = new ArrayList<>();
    List<Integer> ys = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      double jitter = (i % 5) / 10.0;
      xs.add(new double[] {2 + jitter, 0});
      ys.add(0);
      xs.add(new double[] {-2 - jitter, 0});
      ys.add(1);
      xs.add(new double[] {jitter, 3});
      ys.add(2);
    }
    SoftmaxRegression r = SoftmaxRegression.fit(xs, ys, 3, 0.1, false);
    assertEquals(0, r.predict(new double[] {2.2, 0.1}));
    assertEquals(1, r.predict(new double[] {-2.2, 0.1}));
    assertEquals(2, r.predict(new double[] {0.1, 2.8}));
  }

  @Test
  void balancedWeightingMovesTheBoundaryTowardTheCommonClass() {
    // 40 of class 0 around 0, 4 of class 1 around 2: weighting the rare class moves the boundary toward class 0.
    List<double[]> xs = new ArrayList<>();
    List<Integer> ys = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      xs.add(new double[] {(i % 9 - 4) / 8.0});
      ys.add(0);
    }
    for (int i = 0; i < 4; i++) {
      xs.add(new double[] {1.6 + i / 4.0});
      ys.add(1);
    }
    double plain = boundary(SoftmaxRegression.fit(xs, ys, 2, 0.01, false));
    double balanced = boundary(SoftmaxRegression.fit(xs, ys, 2, 0.01, true));
    assertTrue(plain > 0.5 && plain < 1.6, "plain boundary " + plain);
    assertTrue(balanced < plain - 0.05, "balanced " + balanced + " vs plain " + plain);
  }

  /** The first x (in steps of 0.01 from 0) the regression assigns to class 1. */
  private static double boundary(SoftmaxRegression r) {
    for (int i = 0; i < 300; i++) if (r.predict(new double[] {i / 100.0}) == 1) return i / 100.0;
    return Double.NaN;
  }

  @Test
  void aFeatureCountItWasNotFittedOnIsAnError() {
    SoftmaxRegression r = SoftmaxRegression.fit(List.of(new double[] {0, 1}, new double[] {1, 0}), List.of(0, 1), 2, 1, false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.predict(new double[] {1}));
    assertEquals("1 features for a regression over 2", e.getMessage());
  }
}
