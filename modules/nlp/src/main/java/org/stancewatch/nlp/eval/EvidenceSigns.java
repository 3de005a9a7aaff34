package org.stancewatch.nlp.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.stancewatch.nlp.Stance;
import org.stancewatch.nlp.stance.FusedArticleStance;

/**
 * How far the sentence evidence can carry the article decision (eval/heldout/README.md, "Session 42"): per gold class,
 * the share of labelled pairs whose actor has only positive evidence sentences (DEFAULT's score at least
 * {@link #STRONG}), only negative ones, neither or both. The article decision reads these scores; where a gold FAVOR
 * actor has only negative sentences (a state outlet's own state "under attack"), no decision over them finds it, and
 * the sentence model, trained on how a sentence portrays its target, is the limit rather than the decision.
 * <pre>java -cp ... org.stancewatch.nlp.eval.EvidenceSigns SEED_GOLD.json SEED_DIR HELDOUT_GOLD.json HELDOUT_DIR SPLITS</pre>
 * Last line: {@code evidence_signs pairs=N favor_any_positive=F favor_only_negative=F against_any_negative=F
 * neutral_neither=F neutral_only_negative=F}.
 */
public final class EvidenceSigns {
  private EvidenceSigns() {}

  /** A sentence scored at least this far from 0 takes a side: DEFAULT's strong sentence (0.3), read from it, not restated. */
  static final double STRONG = FusedArticleStance.DEFAULT.strong();

  /** Which sides an actor's evidence sentences take. */
  enum Signs { ONLY_POSITIVE, ONLY_NEGATIVE, NEITHER, BOTH }

  static Signs of(List<Double> scores) {
    boolean positive = scores.stream().anyMatch(s -> s >= STRONG), negative = scores.stream().anyMatch(s -> s <= -STRONG);
    return positive && negative ? Signs.BOTH : positive ? Signs.ONLY_POSITIVE : negative ? Signs.ONLY_NEGATIVE : Signs.NEITHER;
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 5) {
      System.err.println("usage: EvidenceSigns SEED_GOLD.json SEED_DIR HELDOUT_GOLD.json HELDOUT_DIR SPLITS");
      System.exit(2);
    }
    PrintStream out = System.out;
    Set<String> splits = new TreeSet<>(List.of(args[4].split(",")));
    List<ArticleDecisionCv.Pair> pairs = ArticleDecisionCv.readLabelled(args, splits, null);
    Map<Stance, Map<Signs, Integer>> counts = new EnumMap<>(Stance.class);
    int found = 0;
    for (ArticleDecisionCv.Pair p : pairs) {
      if (p.evidence() == null) continue;
      found++;
      List<Double> scores = p.evidence().sentences().stream().map(FusedArticleStance.DEFAULT::score).toList();
      counts.computeIfAbsent(p.truth(), t -> new EnumMap<>(Signs.class)).merge(of(scores), 1, Integer::sum);
    }
    for (Map.Entry<Stance, Map<Signs, Integer>> e : counts.entrySet()) {
      int n = e.getValue().values().stream().mapToInt(Integer::intValue).sum();
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-8s pairs %4d:", e.getKey(), n));
      for (Signs s : Signs.values()) line.append(String.format(Locale.ROOT, " %s %.2f", s, share(e.getValue(), s)));
      out.println(line);
    }
    out.printf(Locale.ROOT, "evidence_signs pairs=%d favor_any_positive=%.2f favor_only_negative=%.2f against_any_negative=%.2f "
            + "neutral_neither=%.2f neutral_only_negative=%.2f%n", found,
        share(counts.get(Stance.FAVOR), Signs.ONLY_POSITIVE, Signs.BOTH), share(counts.get(Stance.FAVOR), Signs.ONLY_NEGATIVE),
        share(counts.get(Stance.AGAINST), Signs.ONLY_NEGATIVE, Signs.BOTH), share(counts.get(Stance.NEUTRAL), Signs.NEITHER),
        share(counts.get(Stance.NEUTRAL), Signs.ONLY_NEGATIVE));
  }

  /** The share of a class's pairs whose signs are any of {@code wanted} (0 for a class with no pairs). */
  static double share(Map<Signs, Integer> byClass, Signs... wanted) {
    if (byClass == null) return 0;
    int n = byClass.values().stream().mapToInt(Integer::intValue).sum();
    int hits = 0;
    for (Signs s : wanted) hits += byClass.getOrDefault(s, 0);
    return n == 0 ? 0 : (double) hits / n;
  }
}
