package org.stancewatch.nlp.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReaderAgreementTest {
  @TempDir
  Path dir;

  private static final String FIRST = """
      {"articles": {
        "a.txt": {"split": "s1", "stance": {"iran": "AGAINST", "iraq": "NEUTRAL", "usa": "FAVOR"}},
        "b.txt": {"split": "s2", "stance": {"iran": "NEUTRAL"}}}}
      """;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private static String lastLine(ByteArrayOutputStream out) {
    String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
    return lines[lines.length - 1];
  }

  @Test
  void scoresTheSecondReadingAgainstTheFirstOnTheFirstsPairs() throws IOException {
    Path first = write("first.json", FIRST);
    Path second = write("second.json", """
        {"articles": {"a.txt": {"stance": {"iran": "AGAINST", "iraq": "NEUTRAL", "usa": "NEUTRAL", "extra": "FAVOR"}}}}
        """);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ClassScores s = ReaderAgreement.run(first, second, null, new PrintStream(out, true, StandardCharsets.UTF_8));
    assertEquals(3, s.total(), "the first reader's three pairs; the second's extra actor is not a pair");
    assertEquals(2, s.correct());
    // FAVOR F1 0, AGAINST 1, NEUTRAL 2/3 (P 1/2, R 1): macro 0.556; always-NEUTRAL agrees on one pair of three
    assertEquals("pairs=3 agree=0.667 f1m=0.556 neutral_agree=0.333 neutral_f1m=0.167", lastLine(out));
  }

  @Test
  void aSplitLimitsTheArticlesByTheFirstFilesSplit() throws IOException {
    Path first = write("first.json", FIRST);
    Path second = write("second.json", """
        {"articles": {"a.txt": {"stance": {"iran": "FAVOR", "iraq": "NEUTRAL", "usa": "FAVOR"}},
                      "b.txt": {"stance": {"iran": "NEUTRAL"}}}}
        """);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(1, ReaderAgreement.run(first, second, "s2", new PrintStream(out, true, StandardCharsets.UTF_8)).total());
    IOException none = assertThrows(IOException.class, () -> ReaderAgreement.run(first, second, "s9", new PrintStream(new ByteArrayOutputStream())));
    assertTrue(none.getMessage().contains("no article of split 's9'"), none.getMessage());
  }

  @Test
  void aMissingLabelOrArticleIsAnErrorNamingIt() throws IOException {
    Path first = write("first.json", FIRST);
    Path missingActor = write("second.json", """
        {"articles": {"a.txt": {"stance": {"iran": "AGAINST", "iraq": "NEUTRAL"}}}}
        """);
    IOException e = assertThrows(IOException.class, () -> ReaderAgreement.run(first, missingActor, null, new PrintStream(new ByteArrayOutputStream())));
    assertTrue(e.getMessage().contains("a.txt has no label for usa"), e.getMessage());
    Path unknownArticle = write("third.json", """
        {"articles": {"c.txt": {"stance": {"iran": "AGAINST"}}}}
        """);
    e = assertThrows(IOException.class, () -> ReaderAgreement.run(first, unknownArticle, null, new PrintStream(new ByteArrayOutputStream())));
    assertTrue(e.getMessage().contains("c.txt is not an article of"), e.getMessage());
    Path badLabel = write("fourth.json", """
        {"articles": {"b.txt": {"stance": {"iran": "POSITIVE"}}}}
        """);
    e = assertThrows(IOException.class, () -> ReaderAgreement.run(first, badLabel, null, new PrintStream(new ByteArrayOutputStream())));
    assertTrue(e.getMessage().contains("b.txt labels iran 'POSITIVE'"), e.getMessage());
  }
}
