package org.stancewatch.nlp.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stancewatch.nlp.ActorResult;
import org.stancewatch.nlp.ArticleAnalysis;
import org.stancewatch.nlp.ArticleAnalyzer;
import org.stancewatch.nlp.Stance;
import org.stancewatch.nlp.catalogue.ActorCatalogue;

/**
 * Scores actor tagging and article stance against hand labels in the seed-gold.json format
 * ({"articles": {"file.txt": {"published": ..., "stance": {"actor-id": "FAVOR", ...}}}}).
 * Actor P/R/F1 compares the set of tagged actor ids with the labelled ones per article; stance is
 * compared on every labelled pair (an untagged actor counts as a disagreement). Last line:
 * {@code pairs=<n> stance_agree=<k> actor_f1=<x.xxx> stance_f1m=<x.xxx>}.
 * <pre>java -Xmx5g -cp ... org.stancewatch.nlp.eval.GoldEval ../shared/data/seed-gold.json seeds</pre>
 */
public final class GoldEval {
  /** Raw seed files start with " date YYYY-MM-DD" before the text. */
  private static final Pattern DATE_LINE = Pattern.compile("^\\s*date (\\d{4}-\\d{2}-\\d{2})\\s*");

  private GoldEval() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: GoldEval GOLD.json ARTICLES_DIR");
      System.exit(2);
    }
    run(Path.of(args[0]), Path.of(args[1]), System.out);
  }

  public static ClassScores run(Path goldJson, Path articlesDir, PrintStream out) throws IOException {
    return run(goldJson, articlesDir, new ArticleAnalyzer(ActorCatalogue.starter()), out);
  }

  public static ClassScores run(Path goldJson, Path articlesDir, ArticleAnalyzer analyzer, PrintStream out) throws IOException {
    JsonNode gold = new ObjectMapper().readTree(goldJson.toFile()).path("articles");
    if (!gold.isObject()) throw new IOException(goldJson + ": no \"articles\" object");
    List<String> labels = List.of("FAVOR", "AGAINST", "NEUTRAL", "MIXED", "NONE");
    ClassScores stance = new ClassScores(labels);
    int tp = 0, fp = 0, fn = 0, pairs = 0, agree = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = gold.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> a = it.next();
      Path file = articlesDir.resolve(a.getKey());
      if (!Files.isRegularFile(file)) {
        out.println("MISSING " + file + ": gold article not found, its pairs count as disagreements");
      }
      Map<String, Stance> predicted = new HashMap<>();
      if (Files.isRegularFile(file)) {
        String raw = Files.readString(file, StandardCharsets.UTF_8);
        LocalDate day = parseDay(a.getValue().path("published").asText(null));
        Matcher m = DATE_LINE.matcher(raw);
        String body = raw;
        if (m.find()) {
          if (day == null) day = parseDay(m.group(1));
          body = raw.substring(m.end());
        }
        ArticleAnalysis analysis = analyzer.analyze("", body, day);
        for (ActorResult r : analysis.actors()) predicted.put(r.actorId(), r.stance());
      }
      Set<String> goldIds = new LinkedHashSet<>();
      a.getValue().path("stance").fieldNames().forEachRemaining(goldIds::add);
      for (String id : predicted.keySet()) if (goldIds.contains(id)) tp++; else { fp++; out.println(a.getKey() + " extra actor " + id + " (" + predicted.get(id) + ")"); }
      for (String id : goldIds) {
        String g = a.getValue().path("stance").path(id).asText();
        Stance p = predicted.get(id);
        if (p == null) { fn++; out.println(a.getKey() + " missed actor " + id); }
        String ps = p == null ? "NONE" : p.name();
        pairs++;
        if (ps.equals(g)) agree++;
        else out.println(a.getKey() + " " + id + " gold=" + g + " predicted=" + ps);
        int gi = labels.indexOf(g);
        if (gi < 0) throw new IOException(goldJson + ": unknown stance '" + g + "' for " + a.getKey() + "/" + id);
        stance.add(gi, labels.indexOf(ps));
      }
    }
    double p = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
    double r = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
    double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
    out.printf(Locale.ROOT, "actors P=%.3f R=%.3f F1=%.3f (tp=%d fp=%d fn=%d)%n", p, r, f1, tp, fp, fn);
    stance.print(out);
    out.printf(Locale.ROOT, "pairs=%d stance_agree=%d actor_f1=%.3f stance_f1m=%.3f%n", pairs, agree, f1, stance.macroF1());
    return stance;
  }

  private static LocalDate parseDay(String s) {
    if (s == null || s.isBlank() || s.equals("null")) return null;
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
