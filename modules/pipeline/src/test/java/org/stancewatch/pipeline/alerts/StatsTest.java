package org.stancewatch.pipeline.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void logGammaMatchesFactorials() {
        assertEquals(Math.log(24), Stats.logGamma(5), 1e-12);
        assertEquals(Math.log(Math.sqrt(Math.PI)), Stats.logGamma(0.5), 1e-12);
        assertEquals(363.73937555556347, Stats.logGamma(101), 1e-9); // ln(100!)
    }

    @Test
    void poissonLimitMatchesKnownTail() {
        // P(X >= 10 | Poisson(3)) = 0.0011024881...
        assertEquals(0.0011024881, Stats.negBinomialUpperTail(10, 3, 0), 1e-9);
        assertEquals(1.0, Stats.negBinomialUpperTail(0, 3, 0));
        // below the mean the complement path is used: P(X >= 2 | Poisson(3)) = 1 - 4e^-3
        assertEquals(1 - 4 * Math.exp(-3), Stats.negBinomialUpperTail(2, 3, 0), 1e-12);
    }

    @Test
    void geometricIsNegativeBinomialWithDispersionOne() {
        // r = 1: P(X >= k) = (mu / (1 + mu))^k
        double mu = 4;
        for (int k : new int[] {1, 5, 30, 200}) {
            double expected = Math.pow(mu / (1 + mu), k);
            assertEquals(expected, Stats.negBinomialUpperTail(k, mu, 1), expected * 1e-9);
        }
    }

    @Test
    void overDispersionFattensTheTail() {
        double poisson = Stats.negBinomialUpperTail(60, 20, 0);
        double nb = Stats.negBinomialUpperTail(60, 20, 0.1);
        assertTrue(poisson < 1e-10, "Poisson tail " + poisson);
        assertTrue(nb > 1e-4 && nb < 1e-2, "negative-binomial tail " + nb);
    }

    @Test
    void normalTail() {
        assertEquals(0.025, Stats.normalUpperTail(1.959964), 1e-6);
        assertEquals(0.5, Stats.normalUpperTail(0), 1e-7);
        assertEquals(0.975, Stats.normalUpperTail(-1.959964), 1e-6);
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Stats.negBinomialUpperTail(3, 0, 0.1));
        assertTrue(e.getMessage().contains("mean"));
        assertThrows(IllegalArgumentException.class, () -> Stats.logGamma(0));
    }
}
