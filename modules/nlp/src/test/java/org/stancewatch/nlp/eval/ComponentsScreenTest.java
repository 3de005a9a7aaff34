package org.stancewatch.nlp.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComponentsScreenTest {
  @Test
  void setsAreDealtIntoFoldsInNameOrder() {
    Map<String, String> foldOf = ComponentsScreen.folds(Set.of("tune", "seeds", "test", "test2", "test10"), 2);
    // name order: seeds, test, test10, test2, tune
    assertEquals(Map.of("seeds", "fold0", "test", "fold1", "test10", "fold0", "test2", "fold1", "tune", "fold0"), foldOf);
  }

  @Test
  void eachArmKeepsV15sShapePerK() {
    assertEquals(12, ComponentsScreen.shape(new int[] {32}).size());
    assertEquals(36, ComponentsScreen.shape(ComponentsScreen.EXTENDED).size());
    assertTrue(ComponentsScreen.shape(ComponentsScreen.EXTENDED).stream().noneMatch(ArticleEmbeddingCv.Embedded::gatedTraining));
    assertEquals(ArticleEmbeddingCv.GRID, ComponentsScreen.shape(new int[] {32}), "arm A is v15's grid");
  }
}
