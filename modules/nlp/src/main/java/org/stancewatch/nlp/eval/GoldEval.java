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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stancewatch.nlp.ActorResult;
import org.stancewatch.nlp.ArticleAnalysis;
import org.stancewatch.nlp.ArticleAnalyzer;
import org.stancewatch.nlp.Stance;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.catalogue.AliasKind;
import org.stancewatch.nlp.match.Mention;

/**
 * Scores actor tagging and article stance against hand labels in the seed-gold.json format
 * ({"articles": {"file.txt": {"published": ..., "split": "tune"|"test", "stance": {"actor-id": "FAVOR", ...}}}}).
 * Actor P/R/F1 compares the set of tagged actor ids with the labelled ones per article; tagged actors are also
 * counted by the strongest kind of alias that found them (a name beats a role, a role a metonym...), so the
 * precision of demonyms, capitals and metonyms can be read apart. Stance is compared on every labelled pair (an
 * untagged actor counts as a disagreement), next to the always-NEUTRAL baseline on the same pairs. Macro-F1
 * {@code f1m} averages FAVOR, AGAINST and NEUTRAL (and MIXED when gold or the analyser uses it); the older
 * {@code stance_f1m} also averages the NONE column (untagged actors), as before. Last line:
 * {@code pairs=<n> stance_agree=<k> actor_f1=<x.xxx> stance_f1m=<x.xxx> agree=<k/n> f1m=<x.xxx>
 * neutral_agree=<k/n> neutral_f1m=<x.xxx> actor_p=<x.xxx> actor_r=<x.xxx>}.
 * <pre>java -Xmx5g -cp ... org.stancewatch.nlp.eval.GoldEval GOLD.json ARTICLES_DIR [tune|test]</pre>
 */
public final class GoldEval {
  /** Raw seed files start with " date YYYY-MM-DD" before the text. */
  private static final Pattern DATE_LINE = Pattern.compile("^\\s*date (\\d{4}-\\d{2}-\\d{2})\\s*");
  /** The gold format's stances, then NONE (the actor not found); the rows of every stance table this package prints. */
  static final List<String> LABELS = List.of("FAVOR", "AGAINST", "NEUTRAL", "MIXED", "NONE");
  private static final int MIXED = LABELS.indexOf("MIXED");
  static final int NEUTRAL = LABELS.indexOf("NEUTRAL");

  private GoldEval() {}

  /**
   * What the analyser gets of a gold article file: its title ("": none), its text and its day, and who published it
   * ({@code outlet} and {@code url}: null when unknown), as a producer's Article event would say.
   */
  public record Input(String title, String body, LocalDate day, String outlet, String url) {
    public Input(String title, String body, LocalDate day) {
      this(title, body, day, null, null);
    }

    /** This input published as the gold article says ({@link #publisherName} of its "outlet", and its "url"). */
    public Input publishedAs(JsonNode goldArticle) {
      return new Input(title, body, day, publisherName(goldArticle.path("outlet").asText(null)), goldArticle.path("url").asText(null));
    }
  }

  /**
   * The outlet's name as a producer would give it: the gold's "outlet" is a labeller's description ("AFP (via Daily
   * Sabah)", "Afghan Voice Agency (AVA), relaying Press TV"), so only its leading name counts, the part before any
   * bracket or comma; the site it was read on is in the url.
   */
  static String publisherName(String described) {
    if (described == null) return null;
    String name = described.split("[(,]", 2)[0].strip();
    return name.isEmpty() ? null : name;
  }

  /** The "articles" object of a file in the gold format, or an error naming the file. */
  static JsonNode articlesOf(Path goldJson) throws IOException {
    JsonNode articles = new ObjectMapper().readTree(goldJson.toFile()).path("articles");
    if (!articles.isObject()) throw new IOException(goldJson + ": no \"articles\" object");
    return articles;
  }

  /** How a gold article file becomes the analyser's input; {@code published}: the gold's date (null: none). */
  public interface ArticleReader {
    Input read(Path file, String published) throws IOException;
  }

  /**
   * No title: the text after a leading date line ({@link #input}). The nlp module's own tools read this way; {@code eval
   * gold} reads as {@code feed} does (the app's FeedArticleReader: the headline is the title, and counts 1.5x).
   */
  public static final ArticleReader PLAIN = (file, published) -> input(Files.readString(file, StandardCharsets.UTF_8), published);

  /** {@code published}: the gold's date (null: none); else the file's date line, if any. No title. */
  public static Input input(String raw, String published) {
    LocalDate day = parseDay(published);
    Matcher m = DATE_LINE.matcher(raw);
    String body = raw;
    if (m.find()) {
      if (day == null) day = parseDay(m.group(1));
      body = raw.substring(m.end());
    }
    return new Input("", body, day);
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 2 || args.length > 3) {
      System.err.println("usage: GoldEval GOLD.json ARTICLES_DIR [SPLIT]");
      System.exit(2);
    }
    run(Path.of(args[0]), Path.of(args[1]), args.length == 3 ? args[2] : null,
        new ArticleAnalyzer(ActorCatalogue.starter()), System.out);
  }

  public static ClassScores run(Path goldJson, Path articlesDir, PrintStream out) throws IOException {
    return run(goldJson, articlesDir, new ArticleAnalyzer(ActorCatalogue.starter()), out);
  }

  public static ClassScores run(Path goldJson, Path articlesDir, ArticleAnalyzer analyzer, PrintStream out) throws IOException {
    return run(goldJson, articlesDir, null, analyzer, out);
  }

  /**
   * Scores the articles of {@code split} (their {@code "split"} field; null: every article).
   *
   * @throws IOException when the gold file is unreadable, has no articles, uses an unknown label, or no article
   *     has the split
   */
  public static ClassScores run(Path goldJson, Path articlesDir, String split, ArticleAnalyzer analyzer, PrintStream out)
      throws IOException {
    return run(goldJson, articlesDir, split, analyzer, PLAIN, out);
  }

  /** As {@link #run(Path, Path, String, ArticleAnalyzer, PrintStream)}, each file read by {@code reader}. */
  public static ClassScores run(Path goldJson, Path articlesDir, String split, ArticleAnalyzer analyzer, ArticleReader reader,
                                PrintStream out) throws IOException {
    JsonNode gold = articlesOf(goldJson);
    ClassScores stance = new ClassScores(LABELS);
    ClassScores neutral = new ClassScores(LABELS);
    int tp = 0, fp = 0, fn = 0, pairs = 0, agree = 0, articles = 0;
    Map<AliasKind, int[]> byKind = new TreeMap<>(); // kind -> {true, false} tagged actors
    Set<String> splits = new LinkedHashSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = gold.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> a = it.next();
      String articleSplit = a.getValue().path("split").asText("");
      splits.add(articleSplit);
      if (split != null && !split.equals(articleSplit)) continue;
      articles++;
      Path file = articlesDir.resolve(a.getKey());
      if (!Files.isRegularFile(file)) {
        out.println("MISSING " + file + ": gold article not found, its pairs count as disagreements");
      }
      Map<String, ActorResult> predicted = new HashMap<>();
      if (Files.isRegularFile(file)) {
        Input in = reader.read(file, a.getValue().path("published").asText(null)).publishedAs(a.getValue());
        ArticleAnalysis analysis = analyzer.analyze(in.title(), in.body(), in.day(), in.outlet(), in.url());
        for (ActorResult r : analysis.actors()) predicted.put(r.actorId(), r);
      }
      Set<String> goldIds = new LinkedHashSet<>();
      a.getValue().path("stance").fieldNames().forEachRemaining(goldIds::add);
      for (ActorResult r : predicted.values()) {
        boolean right = goldIds.contains(r.actorId());
        byKind.computeIfAbsent(strongestKind(r.mentions()), k -> new int[2])[right ? 0 : 1]++;
        if (right) tp++;
        else {
          fp++;
          out.println(a.getKey() + " extra actor " + r.actorId() + " (" + r.stance() + ") from " + mentionTexts(r.mentions()));
        }
      }
      for (String id : goldIds) {
        String g = a.getValue().path("stance").path(id).asText();
        ActorResult p = predicted.get(id);
        if (p == null) { fn++; out.println(a.getKey() + " missed actor " + id); }
        String ps = p == null ? "NONE" : p.stance().name();
        pairs++;
        if (ps.equals(g)) agree++;
        else out.println(a.getKey() + " " + id + " gold=" + g + " predicted=" + ps);
        int gi = LABELS.indexOf(g);
        if (gi < 0 || g.equals("NONE")) {
          throw new IOException(goldJson + ": unknown stance '" + g + "' for " + a.getKey() + "/" + id);
        }
        stance.add(gi, LABELS.indexOf(ps));
        neutral.add(gi, NEUTRAL);
      }
    }
    if (articles == 0) {
      throw new IOException(goldJson + ": no article has split '" + split + "' (splits present: " + splits + ")");
    }
    double p = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
    double r = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
    double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
    out.printf(Locale.ROOT, "articles=%d%s%n", articles, split == null ? "" : " split=" + split);
    out.printf(Locale.ROOT, "actors P=%.3f R=%.3f F1=%.3f (tp=%d fp=%d fn=%d)%n", p, r, f1, tp, fp, fn);
    for (Map.Entry<AliasKind, int[]> e : byKind.entrySet()) {
      int[] c = e.getValue();
      out.printf(Locale.ROOT, "  tagged by %-8s P=%.3f (%d of %d)%n", e.getKey(), (double) c[0] / (c[0] + c[1]), c[0], c[0] + c[1]);
    }
    out.println("stance (analyser):");
    stance.print(out);
    out.println("stance (always NEUTRAL, same pairs):");
    neutral.print(out);
    out.printf(Locale.ROOT, "pairs=%d stance_agree=%d actor_f1=%.3f stance_f1m=%.3f agree=%.3f f1m=%.3f neutral_agree=%.3f "
            + "neutral_f1m=%.3f actor_p=%.3f actor_r=%.3f%n",
        pairs, agree, f1, stance.macroF1(), pairs == 0 ? 0 : (double) agree / pairs, stanceF1m(stance),
        neutral.accuracy(), stanceF1m(neutral), p, r);
    return stance;
  }

  /** Macro-F1 over FAVOR, AGAINST, NEUTRAL, and MIXED when gold or the predictions use it; NONE is not averaged. */
  static double stanceF1m(ClassScores s) {
    List<Integer> classes = new ArrayList<>(List.of(0, 1, NEUTRAL));
    if (s.goldCount(MIXED) + s.predictedCount(MIXED) > 0) classes.add(MIXED);
    return s.macroF1(classes);
  }

  private static AliasKind strongestKind(List<Mention> mentions) {
    AliasKind best = null;
    for (Mention m : mentions) {
      if (best == null || m.kind().compareTo(best) < 0) best = m.kind();
    }
    return best == null ? AliasKind.NAME : best;
  }

  private static String mentionTexts(List<Mention> mentions) {
    Set<String> texts = new LinkedHashSet<>();
    for (Mention m : mentions) texts.add("'" + m.text().replace('\n', ' ') + "'/" + m.kind());
    return texts.size() <= 4 ? String.join(", ", texts) : String.join(", ", new ArrayList<>(texts).subList(0, 4)) + ", ...";
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
