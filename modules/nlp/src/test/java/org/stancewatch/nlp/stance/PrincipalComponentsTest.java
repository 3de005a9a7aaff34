package org.stancewatch.nlp.stance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrincipalComponentsTest {

  @Test
  void componentsFindTheDirectionsOfMostVarianceInOrder() {
    // Points spread 3 along x, 1 along y, hardly at all along z.
    Random r = new Random(7);
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < 2000; i++) points.add(new double[] {3 * r.nextGaussian(), r.nextGaussian(), 0.01 * r.nextGaussian()});
    PrincipalComponents c = PrincipalComponents.of(points, 2);
    assertEquals(1, Math.abs(c.axes()[0][0]), 0.01);
    assertEquals(1, Math.abs(c.axes()[1][1]), 0.01);
    assertEquals(10.0 / 10.0001, c.varianceShare(), 0.02);
    // A point is projected onto the axes after the mean is taken off.
    double[] p = c.project(new double[] {c.mean()[0] + 2, c.mean()[1], c.mean()[2]});
    assertEquals(2, Math.abs(p[0]), 0.05);
    assertEquals(0, p[1], 0.05);
  }
}
