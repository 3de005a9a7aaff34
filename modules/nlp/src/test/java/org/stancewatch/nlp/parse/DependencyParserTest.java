package org.stancewatch.nlp.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DependencyParserTest {

  @Test
  void tokensAreAlignedToTheOriginalText() {
    String s = "“They [the United States] say, and I regret this,” Maliki said, but it didn't matter.";
    ParsedSentence p = DependencyParser.shared().parse(s);
    int last = 0;
    for (Token t : p.tokens()) {
      assertTrue(t.start() >= last && t.end() > t.start() && t.end() <= s.length(), "bad span for " + t);
      last = t.end();
    }
    Token maliki = p.tokens().stream().filter(t -> t.form().equals("Maliki")).findFirst().orElseThrow();
    assertEquals("Maliki", s.substring(maliki.start(), maliki.end()));
    Token said = p.head(maliki);
    assertEquals("say", said.lemma());
    assertEquals("nsubj", maliki.label());
  }

  @Test
  void alignmentSurvivesRewrittenTokens() {
    List<int[]> spans = DependencyParser.align("a “b” c", List.of("a", "\"", "b", "\"", "c"));
    assertEquals(5, spans.size());
    assertEquals(2, spans.get(1)[0]);
    assertEquals(3, spans.get(2)[0]);
    assertEquals(6, spans.get(4)[0]);
  }

  @Test
  void spanHeadIsTheHeadNounOfTheMention() {
    String s = "The Popular Mobilization Forces liberated the town.";
    ParsedSentence p = DependencyParser.shared().parse(s);
    Token head = p.spanHead(s.indexOf("Popular"), s.indexOf(" liberated"));
    assertEquals("Forces", head.form());
  }

  /** Below 3 GB of maximum heap the models are refused with the heap in MB and the fix; at 4 GB they are let through. */
  @Test
  void aHeapTooSmallForTheModelsIsRefusedWithTheFix() {
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> DependencyParser.requireHeap(1L << 30));
    assertTrue(e.getMessage().contains("maximum heap is 1024 MB") && e.getMessage().contains("-Xmx6g"), e.getMessage());
    DependencyParser.requireHeap(4L << 30);
    DependencyParser.requireHeap(DependencyParser.MIN_HEAP_BYTES);
  }
}
