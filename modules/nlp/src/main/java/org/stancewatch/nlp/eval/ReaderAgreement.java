package org.stancewatch.nlp.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * How far two readers agree on the same pairs (eval/heldout README, rule R2): the SECOND file's stances scored against
 * the FIRST's, with the agreement and macro-F1 {@code eval gold} prints for the analyser ({@link GoldEval#stanceF1m}),
 * next to always-NEUTRAL on the same pairs. Both files are in the gold format ({"articles": {"file.txt": {"split": ...,
 * "stance": {"actor-id": "FAVOR", ...}}}}); every article of SECOND (of {@code split} in FIRST, when given) is scored, and
 * must be in FIRST with a label for each of FIRST's actors. It says what a held-out figure can reach when the labels are
 * one reader's judgement. Last line:
 * {@code pairs=<n> agree=<x.xxx> f1m=<x.xxx> neutral_agree=<x.xxx> neutral_f1m=<x.xxx>}.
 */
public final class ReaderAgreement {
  private ReaderAgreement() {}

  /**
   * Scores SECOND against FIRST and prints the two tables and the last line.
   *
   * @throws IOException when a file is unreadable, an article of SECOND is not in FIRST, an actor of FIRST has no label
   *     in SECOND, a label is unknown, or no article of SECOND has the split
   */
  public static ClassScores run(Path first, Path second, String split, PrintStream out) throws IOException {
    JsonNode firstArticles = GoldEval.articlesOf(first), secondArticles = GoldEval.articlesOf(second);
    ClassScores reader = new ClassScores(GoldEval.LABELS), neutral = new ClassScores(GoldEval.LABELS);
    int articles = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = secondArticles.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> a = it.next();
      String file = a.getKey();
      JsonNode firstStances = firstArticles.path(file).path("stance");
      if (!firstStances.isObject()) throw new IOException(second + ": " + file + " is not an article of " + first);
      if (split != null && !split.equals(firstArticles.path(file).path("split").asText())) continue;
      JsonNode secondStances = a.getValue().path("stance");
      articles++;
      for (Iterator<Map.Entry<String, JsonNode>> actors = firstStances.fields(); actors.hasNext(); ) {
        Map.Entry<String, JsonNode> actor = actors.next();
        int truth = label(first, file, actor.getKey(), actor.getValue());
        JsonNode other = secondStances.get(actor.getKey());
        if (other == null) throw new IOException(second + ": " + file + " has no label for " + actor.getKey());
        reader.add(truth, label(second, file, actor.getKey(), other));
        neutral.add(truth, GoldEval.NEUTRAL);
      }
    }
    if (articles == 0) throw new IOException(second + ": no article" + (split == null ? "" : " of split '" + split + "'") + " to score");
    out.printf(Locale.ROOT, "articles=%d%s: %s scored against %s%n", articles, split == null ? "" : " split=" + split, second, first);
    out.println("stance (second reader):");
    reader.print(out);
    out.println("stance (always NEUTRAL, same pairs):");
    neutral.print(out);
    out.printf(Locale.ROOT, "pairs=%d agree=%.3f f1m=%.3f neutral_agree=%.3f neutral_f1m=%.3f%n", reader.total(), reader.accuracy(),
        GoldEval.stanceF1m(reader), neutral.accuracy(), GoldEval.stanceF1m(neutral));
    return reader;
  }

  private static int label(Path file, String article, String actor, JsonNode value) throws IOException {
    int i = GoldEval.LABELS.indexOf(value.asText());
    if (i < 0 || i == GoldEval.LABELS.indexOf("NONE")) {
      throw new IOException(file + ": " + article + " labels " + actor + " '" + value.asText() + "' (FAVOR, AGAINST, NEUTRAL or MIXED)");
    }
    return i;
  }
}
