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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation commands on small self-contained inputs: output format, metrics and bad input. */
class EvalFormatsTest {
  @TempDir Path dir;

  private static String[] lines(ByteArrayOutputStream out) {
    return out.toString(StandardCharsets.UTF_8).strip().split("\n");
  }

  @Test
  void classScoresComputeMacroF1() {
    ClassScores s = new ClassScores(List.of("a", "b"));
    s.add(0, 0);
    s.add(0, 1);
    s.add(1, 1);
    assertEquals(2.0 / 3, s.accuracy(), 1e-9);
    // a: P=1 R=.5 F1=.667; b: P=.5 R=1 F1=.667
    assertEquals(2.0 / 3, s.macroF1(), 1e-9);
  }

  @Test
  void newsMtscEvalPrintsCountsLast() throws IOException {
    Path f = dir.resolve("tiny.jsonl");
    Files.writeString(f, """
        {"sentence": "The army liberated the city from ISIS terrorists.", "from": 4, "to": 8, "mention": "army", "polarity": 1}
        {"sentence": "ISIS terrorists massacred civilians.", "from": 0, "to": 4, "mention": "ISIS", "polarity": -1}
        {"sentence": "The minister met the envoy on Tuesday.", "from": 4, "to": 12, "mention": "minister", "polarity": 0}
        """);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ClassScores scores = NewsMtscEval.run(f, new PrintStream(out, true, StandardCharsets.UTF_8));
    String[] lines = lines(out);
    assertTrue(lines[lines.length - 1].matches("n=3 acc=\\d\\.\\d{3} F1m=\\d\\.\\d{3}"), lines[lines.length - 1]);
    assertTrue(scores.correct() >= 2, "clear cases should mostly be right: " + out);
  }

  @Test
  void newsMtscRejectsBadLinesWithFileAndLine() throws IOException {
    Path f = dir.resolve("bad.jsonl");
    Files.writeString(f, "{\"sentence\": \"abc\", \"from\": 0, \"to\": 9, \"polarity\": 0}\n");
    IOException e = assertThrows(IOException.class, () -> NewsMtscExample.read(f));
    assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("outside the sentence"), e.getMessage());
  }

  @Test
  void goldEvalScoresActorsAndStance() throws IOException {
    Files.writeString(dir.resolve("a.txt"), " date 2017-07-10 The Iraqi army liberated Mosul from ISIS terrorists. "
        + "ISIS terrorists massacred civilians in the Old City.\n");
    Path gold = dir.resolve("gold.json");
    Files.writeString(gold, """
        {"articles": {"a.txt": {"published": "2017-07-10", "stance": {"isis": "AGAINST", "united-nations": "NEUTRAL"}},
                      "missing.txt": {"stance": {"isis": "AGAINST"}}}}
        """);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    GoldEval.run(gold, dir, new PrintStream(out, true, StandardCharsets.UTF_8));
    String[] lines = lines(out);
    String last = lines[lines.length - 1];
    assertTrue(last.matches("pairs=3 stance_agree=\\d actor_f1=\\d\\.\\d{3} stance_f1m=\\d\\.\\d{3} agree=\\d\\.\\d{3} "
        + "f1m=\\d\\.\\d{3} neutral_agree=\\d\\.\\d{3} neutral_f1m=\\d\\.\\d{3} actor_p=\\d\\.\\d{3} actor_r=\\d\\.\\d{3}"), last);
    assertTrue(last.contains("neutral_agree=0.333"), "always NEUTRAL agrees on the UN pair only: " + last);
    assertTrue(last.contains("stance_agree=1"), "ISIS AGAINST agrees; the missing article and UN do not: " + out);
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("MISSING"), out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void goldEvalScoresOneSplitAndTheNeutralBaseline() throws IOException {
    Files.writeString(dir.resolve("t.txt"), " date 2017-07-10 ISIS terrorists massacred civilians in the Old City.\n");
    Files.writeString(dir.resolve("u.txt"), " date 2017-07-10 The UN official noted the report.\n");
    Path gold = dir.resolve("split.json");
    Files.writeString(gold, """
        {"articles": {"t.txt": {"split": "tune", "stance": {"isis": "AGAINST"}},
                      "u.txt": {"split": "test", "stance": {"united-nations": "NEUTRAL", "iraq": "FAVOR"}}}}
        """);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    GoldEval.run(gold, dir, "test", new org.stancewatch.nlp.ArticleAnalyzer(org.stancewatch.nlp.catalogue.ActorCatalogue.starter()),
        new PrintStream(out, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    String[] lines = lines(out);
    String last = lines[lines.length - 1];
    assertTrue(last.startsWith("pairs=2 "), "only the test article's two pairs: " + last);
    assertTrue(last.contains("neutral_agree=0.500"), last);
    // always NEUTRAL: F1(NEUTRAL) = 2/3, FAVOR and AGAINST 0 -> 0.222
    assertTrue(last.contains("neutral_f1m=0.222"), last);
    assertTrue(last.contains("actor_r=0.500") && last.contains("actor_p=1.000"), last);
    assertTrue(text.contains("missed actor iraq") && !text.contains("t.txt"), text);
    IOException e = assertThrows(IOException.class, () -> GoldEval.run(gold, dir, "dev",
        new org.stancewatch.nlp.ArticleAnalyzer(org.stancewatch.nlp.catalogue.ActorCatalogue.starter()), new PrintStream(out)));
    assertTrue(e.getMessage().contains("no article has split 'dev'") && e.getMessage().contains("tune"), e.getMessage());
  }

  /** The gold's "outlet" describes the page; the analyser gets the name a producer would give and the page's url. */
  @Test
  void goldArticlesArePublishedUnderTheirLeadingNameAndUrl() throws IOException {
    assertEquals("AFP", GoldEval.publisherName("AFP (via Daily Sabah)"));
    assertEquals("Afghan Voice Agency", GoldEval.publisherName("Afghan Voice Agency (AVA), relaying Press TV"));
    assertEquals("Press TV", GoldEval.publisherName("Press TV"));
    assertEquals(null, GoldEval.publisherName(null));
    assertEquals(null, GoldEval.publisherName(" (unsigned)"));
    var article = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        "{\"outlet\": \"Reuters (via Al Arabiya English)\", \"url\": \"https://english.alarabiya.net/x\"}");
    GoldEval.Input in = new GoldEval.Input("", "text", null).publishedAs(article);
    assertEquals("Reuters", in.outlet());
    assertEquals("https://english.alarabiya.net/x", in.url());
    assertEquals(java.util.Set.of("saudi-arabia"), org.stancewatch.nlp.catalogue.OutletSides.starter().sidesOf(in.outlet(), in.url()));
    GoldEval.Input none = new GoldEval.Input("", "text", null).publishedAs(new com.fasterxml.jackson.databind.ObjectMapper().readTree("{}"));
    assertEquals(null, none.outlet());
    assertEquals(null, none.url());
  }
}
