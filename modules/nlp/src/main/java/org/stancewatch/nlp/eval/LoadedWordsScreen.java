package org.stancewatch.nlp.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.stancewatch.nlp.stance.ArticleEmbeddingDecision;
import org.stancewatch.nlp.stance.SoftmaxRegression;

/**
 * Screen S1 of issue 13 (eval/heldout/README.md, "Session 38"): do words that carry the writer's side add to the 13
 * evidence features? Every report set since test9 reads a partisan outlet's own side NEUTRAL; the sentence model scores
 * "martyred fighters" or "the Zionist regime" as it scores any sentence, and the article decision never sees the word.
 * Three features per pair, from fixed lists written before the run ({@link #PRO}, {@link #ANTI}): the share of the
 * actor's evidence sentences with a "pro" word, the same with an "anti" word, and the share of all the article's
 * evidence sentences with either. Judged as the 13 features are in {@link ArticleEmbeddingCv} (k = 0, its 24 settings,
 * nested leave-one-split-out, rule v2's chooser, scored as the decision ships), with and without the three.
 * Nothing ships from it; a later refit would carry the features if they help.
 * <pre>java -cp ... org.stancewatch.nlp.eval.LoadedWordsScreen SEED_GOLD.json SEED_DIR HELDOUT_GOLD.json HELDOUT_DIR TRAIN_SPLITS</pre>
 * Prints last {@code loaded pairs=N default_agree=A default_f1m=F without_agree=A without_f1m=F with_agree=A with_f1m=F helps=true|false}.
 */
public final class LoadedWordsScreen {
  private LoadedWordsScreen() {}

  /** Words that praise the side they are written of (rule S1's list; not tuned). */
  static final Set<String> PRO = Set.of("martyr", "martyred", "martyrs", "heroic", "hero", "heroes", "brave", "valiant", "steadfast",
      "resistance", "liberation", "liberate", "liberated");
  /** Words that condemn the side they are written of (rule S1's list; not tuned). */
  static final Set<String> ANTI = Set.of("terrorist", "terrorists", "terror", "regime", "occupation", "occupying", "occupier", "occupiers",
      "aggression", "aggressor", "aggressors", "puppet", "puppets", "zionist", "criminal", "criminals", "crimes", "atrocities", "massacre",
      "butcher", "invaders", "invasion", "mercenaries", "thugs");

  /** Whether a sentence has a word of {@code words} (letters only, lower case). */
  static boolean has(String sentence, Set<String> words) {
    for (String w : sentence.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) if (words.contains(w)) return true;
    return false;
  }

  /** The three loaded-word features of one actor in one analysed article. */
  static double[] loaded(ArticleDecisionCv.Source source) {
    ArticleDecisionCv.EvidenceSentences sentences = source.evidenceSentences();
    List<String> own = sentences.own(), article = sentences.article();
    return new double[] {share(own, s -> has(s, PRO)), share(own, s -> has(s, ANTI)), share(article, s -> has(s, PRO) || has(s, ANTI))};
  }

  private static double share(List<String> sentences, java.util.function.Predicate<String> test) {
    return sentences.isEmpty() ? 0 : (double) sentences.stream().filter(test).count() / sentences.size();
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 5) {
      System.err.println("usage: LoadedWordsScreen SEED_GOLD.json SEED_DIR HELDOUT_GOLD.json HELDOUT_DIR TRAIN_SPLITS");
      System.exit(2);
    }
    Set<String> train = new TreeSet<>(List.of(args[4].split(",")));
    PrintStream out = System.out;
    Map<ArticleDecisionCv.Pair, ArticleDecisionCv.Source> sources = new IdentityHashMap<>();
    List<ArticleDecisionCv.Pair> pairs = ArticleDecisionCv.readLabelled(args, train, sources).stream().filter(p -> train.contains(p.split())).toList();
    Map<ArticleDecisionCv.Pair, double[]> loaded = new IdentityHashMap<>();
    for (ArticleDecisionCv.Pair p : pairs) if (p.evidence() != null) loaded.put(p, loaded(sources.get(p)));
    long withWords = loaded.values().stream().filter(x -> x[0] > 0 || x[1] > 0).count();
    out.printf(Locale.ROOT, "train %s: %d pairs; %d found actors with a loaded word in their evidence%n", train, pairs.size(), withWords);

    List<ArticleEmbeddingCv.Embedded> grid = ArticleEmbeddingCv.grid(new int[] {0});
    ClassScores base = ArticleDecisionCv.decideAll(pairs, ArticleDecisionCv::defaultDecision);
    ArticleDecisionCv.print(out, "DEFAULT", base);
    ClassScores[] nested = new ClassScores[2];
    for (int withLoaded = 0; withLoaded < 2; withLoaded++) {
      boolean extra = withLoaded == 1;
      java.util.function.Function<ArticleDecisionCv.Pair, double[]> features = p -> {
        double[] evidence = ArticleEmbeddingDecision.evidenceFeatures(p.evidence(), p.evaluative());
        if (!extra) return evidence;
        double[] x = java.util.Arrays.copyOf(evidence, evidence.length + 3);
        System.arraycopy(loaded.get(p), 0, x, evidence.length, 3);
        return x;
      };
      ArticleDecisionCv.Fitter<ArticleEmbeddingCv.Embedded> fitter = ArticleDecisionCv.memoised((fitOn, s) -> {
        SoftmaxRegression r = ArticleDecisionCv.fitRegression(ArticleEmbeddingCv.trainingPairs(fitOn, s), s.lambda(), s.balanced(), features);
        return p -> ArticleDecisionCv.asShipped(p, q -> ArticleEmbeddingDecision.CLASSES.get(r.predict(features.apply(q))));
      });
      List<String> chosen = new ArrayList<>();
      nested[withLoaded] = ArticleDecisionCv.nested(pairs, train, grid, fitter, ArticleDecisionCv.Choice.AGREEMENT_PLUS_F1M, chosen);
      ArticleDecisionCv.print(out, "nested cv, 13 evidence features" + (extra ? " + 3 loaded-word features" : ""), nested[withLoaded]);
      out.printf(Locale.ROOT, "chosen per held split: %s%n", chosen);
    }
    double f1Without = FusedArticleTuning.goldF1m(nested[0]), f1With = FusedArticleTuning.goldF1m(nested[1]);
    out.printf(Locale.ROOT, "loaded pairs=%d default_agree=%d default_f1m=%.3f without_agree=%d without_f1m=%.3f with_agree=%d with_f1m=%.3f helps=%s%n",
        pairs.size(), base.correct(), FusedArticleTuning.goldF1m(base), nested[0].correct(), f1Without, nested[1].correct(), f1With,
        nested[1].correct() > nested[0].correct() && f1With > f1Without);
  }
}
