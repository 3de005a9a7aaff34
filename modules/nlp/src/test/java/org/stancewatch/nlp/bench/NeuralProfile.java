package org.stancewatch.nlp.bench;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.stancewatch.nlp.ArticleAnalyzer;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.neural.NeuralStanceModel;
import org.stancewatch.nlp.parse.DependencyParser;
import org.stancewatch.nlp.stance.StanceSource;

/**
 * Where the neural analysers spend their time on the seed articles: (sentence, target) pairs per article, word
 * pieces per pair, padding, share of the time inside the model, and (with {@code fused}) the classic and fused
 * analysers in the same run. A quick look, not a benchmark (use {@link NlpBench} for figures).
 * <pre>java -Xmx3g -cp target/classes:target/test-classes:CP org.stancewatch.nlp.bench.NeuralProfile [fused]</pre>
 */
public final class NeuralProfile {
  private NeuralProfile() {}

  public static void main(String[] args) {
    boolean withFused = args.length > 0 && args[0].equals("fused");
    long t0 = System.nanoTime();
    NeuralStanceModel model = NeuralStanceModel.shared();
    System.out.printf(Locale.ROOT, "neural model load %.2f s%n", (System.nanoTime() - t0) / 1e9);
    List<String> seeds = NlpBenchmarkSeeds.load();
    LocalDate day = LocalDate.of(2017, 7, 12);
    ArticleAnalyzer neural = new ArticleAnalyzer(ActorCatalogue.starter(), StanceSource.NEURAL);
    for (String s : seeds) neural.analyze("", s, day); // warm-up, and one pass to count
    NeuralStanceModel.Stats a = model.stats();
    System.out.printf(Locale.ROOT, "per article: %.1f pairs asked, %.1f encoded, %.1f encoder calls; %.1f word pieces per pair; padding %.1f%% of the"
            + " word pieces run%n", a.pairs() / (double) seeds.size(), a.encoded() / (double) seeds.size(), a.batches() / (double) seeds.size(),
        a.tokens() / (double) a.encoded(), 100.0 * (a.paddedTokens() - a.tokens()) / a.paddedTokens());
    int reps = 4;
    for (int r = 0; r < 2; r++) for (String s : seeds) neural.analyze("", s, day);
    NeuralStanceModel.Stats before = model.stats();
    t0 = System.nanoTime();
    for (int r = 0; r < reps; r++) for (String s : seeds) neural.analyze("", s, day);
    double secs = (System.nanoTime() - t0) / 1e9;
    long inModel = model.stats().nanos() - before.nanos();
    System.out.printf(Locale.ROOT, "neural: %.1f articles/s, %.0f%% of it in the model, %.2f ms per encoded pair%n", reps * seeds.size() / secs,
        100.0 * inModel / 1e9 / secs, inModel / 1e6 / (model.stats().encoded() - before.encoded()));
    if (!withFused) return;
    DependencyParser.shared();
    ArticleAnalyzer classic = new ArticleAnalyzer(ActorCatalogue.starter(), StanceSource.CLASSIC);
    ArticleAnalyzer fused = new ArticleAnalyzer(ActorCatalogue.starter(), StanceSource.FUSED);
    for (int r = 0; r < 2; r++) for (String s : seeds) {
      classic.analyze("", s, day);
      fused.analyze("", s, day);
    }
    t0 = System.nanoTime();
    for (int r = 0; r < reps; r++) for (String s : seeds) classic.analyze("", s, day);
    double classicSecs = (System.nanoTime() - t0) / 1e9;
    before = model.stats();
    t0 = System.nanoTime();
    for (int r = 0; r < reps; r++) for (String s : seeds) fused.analyze("", s, day);
    double fusedSecs = (System.nanoTime() - t0) / 1e9;
    double fusedModel = (model.stats().nanos() - before.nanos()) / 1e9;
    System.out.printf(Locale.ROOT, "classic: %.1f articles/s; fused: %.1f articles/s (%.0f%% in the model, %.2f s of %.2f s outside it: parse, rules)%n",
        reps * seeds.size() / classicSecs, reps * seeds.size() / fusedSecs, 100 * fusedModel / fusedSecs, fusedSecs - fusedModel, fusedSecs);
  }
}
