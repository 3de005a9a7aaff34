package org.stancewatch.nlp.neural;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenizerTest {
  private static WordPieceTokenizer tokenizer;

  @BeforeAll
  static void load() throws java.io.IOException {
    tokenizer = MiniLmEncoder.tokenizer();
  }

  @Test
  void tokensKeepTheirCharOffsets() {
    String s = "Iraq’s Prime Minister Haider al-Abadi praised the Peshmerga's courage in Mosul.";
    WordPieceTokenizer.Encoding e = tokenizer.encode(s, 128);
    assertEquals(WordPieceTokenizer.CLS, e.ids()[0]);
    assertEquals(WordPieceTokenizer.SEP, e.ids()[e.length() - 1]);
    StringBuilder joined = new StringBuilder();
    for (int i = 1; i < e.length() - 1; i++) joined.append(s, e.start()[i], e.end()[i]).append('|');
    // Punctuation is its own token; WordPiece splits rare words into pieces, each mapped back to its own chars.
    assertEquals("Iraq|’|s|Prime|Minister|Hai|der|al|-|Aba|di|praised|the|Pe|sh|mer|ga|'|s|courage|in|Mo|sul|.|", joined.toString());
    int from = s.indexOf("Haider al-Abadi");
    int[] target = e.tokensIn(from, from + "Haider al-Abadi".length());
    assertEquals(6, target.length);
    assertEquals(from, e.start()[target[0]]);
    assertEquals(from + "Haider al-Abadi".length(), e.end()[target[5]]);
    int p = s.indexOf("Peshmerga");
    int[] pe = e.tokensIn(p, p + "Peshmerga".length());
    assertTrue(pe.length >= 2, "Peshmerga is several word pieces");
    assertEquals(p, e.start()[pe[0]]);
    assertEquals(p + "Peshmerga".length(), e.end()[pe[pe.length - 1]]);
  }

  @Test
  void accentsAreStrippedAndCaseFolded() {
    WordPieceTokenizer t = tokenizer;
    assertArrayEquals(t.encode("cafe", 16).ids(), t.encode("Café", 16).ids());
    assertEquals(4, t.encode("Café", 16).end()[1]);
  }
}
