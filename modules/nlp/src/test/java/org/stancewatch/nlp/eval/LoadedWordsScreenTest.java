package org.stancewatch.nlp.eval;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoadedWordsScreenTest {

  @Test
  void aLoadedWordCountsOnlyAsAWholeWordInAnyCase() {
    assertTrue(LoadedWordsScreen.has("The Zionist regime struck again.", LoadedWordsScreen.ANTI));
    assertTrue(LoadedWordsScreen.has("the counter-terror unit", LoadedWordsScreen.ANTI));
    assertTrue(LoadedWordsScreen.has("Fighters were MARTYRED near the border.", LoadedWordsScreen.PRO));
    // Not on the lists, and not a prefix match: "regimes", "heroine", "terrorism".
    assertFalse(LoadedWordsScreen.has("Regimes change; a heroine returns; terrorism falls.", LoadedWordsScreen.ANTI));
    assertFalse(LoadedWordsScreen.has("Regimes change; a heroine returns; terrorism falls.", LoadedWordsScreen.PRO));
  }
}
