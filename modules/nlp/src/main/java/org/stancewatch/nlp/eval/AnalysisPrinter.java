package org.stancewatch.nlp.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import org.stancewatch.nlp.ActorResult;
import org.stancewatch.nlp.ArticleAnalysis;
import org.stancewatch.nlp.ArticleAnalyzer;
import org.stancewatch.nlp.Evidence;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.discover.Candidate;

/**
 * Renders an {@link ArticleAnalysis} as readable text or as JSON (Jackson).
 * <pre>java -Xmx5g -cp ... org.stancewatch.nlp.eval.AnalysisPrinter [--json] FILE...</pre>
 */
public final class AnalysisPrinter {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private AnalysisPrinter() {}

  public static String json(ArticleAnalysis a) {
    try {
      return JSON.writeValueAsString(a);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot render analysis as JSON", e);
    }
  }

  public static void text(ArticleAnalysis a, PrintStream out) {
    out.printf(Locale.ROOT, "language=%s mainTextEnd=%d actors=%d%n", a.language(), a.mainTextEnd(), a.actors().size());
    if (!a.publisherSides().isEmpty()) {
      // The decision reads who publishes (rules v16-v17): say so, or a FAVOR beside plain sentences looks unexplained.
      out.printf(Locale.ROOT, "publisher: an organ of %s (the stance decision reads the outlet's own side and that it takes sides)%n",
          String.join(", ", a.publisherSides()));
    }
    for (ActorResult r : a.actors()) {
      out.printf(Locale.ROOT, "%-30s %-8s %+.2f  mentions=%d  (%s, %s)%n", r.actorId(), r.stance(), r.score(), r.mentions().size(), r.name(), r.type());
      int shown = 0;
      for (Evidence e : r.evidence()) {
        if (shown++ >= 3) break;
        String s = e.sentence().length() > 160 ? e.sentence().substring(0, 157) + "..." : e.sentence();
        out.printf(Locale.ROOT, "    %+.2f %s%s%n      cues: %s%n", e.score(), s.replace('\n', ' '),
            e.holder() == null ? "" : "  [holder: " + e.holder() + "]", String.join(", ", e.cues()));
      }
    }
    if (!a.candidates().isEmpty()) {
      out.print("candidates:");
      for (Candidate c : a.candidates()) out.print(" " + c.name() + "(" + c.count() + ")");
      out.println();
    }
  }

  public static void main(String[] args) throws IOException {
    boolean json = false;
    ArticleAnalyzer analyzer = new ArticleAnalyzer(ActorCatalogue.starter());
    for (String arg : args) {
      if (arg.equals("--json")) { json = true; continue; }
      Path file = Path.of(arg);
      String raw;
      try {
        raw = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        System.err.println(file + ": cannot read (" + e.getMessage() + "), skipped");
        continue;
      }
      ArticleAnalysis a = analyzer.analyze("", raw.replaceFirst("^\\s*date \\d{4}-\\d{2}-\\d{2}\\s*", ""), LocalDate.now());
      System.out.println("== " + file);
      if (json) System.out.println(json(a));
      else text(a, System.out);
    }
  }
}
