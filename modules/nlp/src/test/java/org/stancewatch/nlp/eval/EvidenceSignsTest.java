package org.stancewatch.nlp.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvidenceSignsTest {

  @Test
  void aSentenceTakesASideOnlyFromThirtyHundredthsOut() {
    assertEquals(EvidenceSigns.Signs.NEITHER, EvidenceSigns.of(List.of(0.29, -0.29)));
    assertEquals(EvidenceSigns.Signs.NEITHER, EvidenceSigns.of(List.of()));
    assertEquals(EvidenceSigns.Signs.ONLY_POSITIVE, EvidenceSigns.of(List.of(0.3, -0.1)));
    assertEquals(EvidenceSigns.Signs.ONLY_NEGATIVE, EvidenceSigns.of(List.of(-0.9, 0.2)));
    assertEquals(EvidenceSigns.Signs.BOTH, EvidenceSigns.of(List.of(-0.4, 0.5)));
  }

  @Test
  void sharesCountTheWantedSignsOfAClass() {
    Map<EvidenceSigns.Signs, Integer> favor = Map.of(EvidenceSigns.Signs.ONLY_POSITIVE, 2, EvidenceSigns.Signs.BOTH, 1,
        EvidenceSigns.Signs.ONLY_NEGATIVE, 5);
    assertEquals(3.0 / 8, EvidenceSigns.share(favor, EvidenceSigns.Signs.ONLY_POSITIVE, EvidenceSigns.Signs.BOTH), 1e-12);
    assertEquals(5.0 / 8, EvidenceSigns.share(favor, EvidenceSigns.Signs.ONLY_NEGATIVE), 1e-12);
    assertEquals(0, EvidenceSigns.share(null, EvidenceSigns.Signs.NEITHER));
  }
}
