package org.stancewatch.nlp.bench;

import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.stancewatch.nlp.ArticleAnalyzer;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.neural.NeuralStanceModel;
import org.stancewatch.nlp.parse.DependencyParser;
import org.stancewatch.nlp.stance.StanceSource;

/**
 * Runs {@link NlpBenchmark} single-threaded in this JVM (the shared 2-core machines make forks
 * costly: each would reload 1 GB of models) and prints articles/s, ratios against the tokenisation
 * baseline of the same run, model load time and heap after warm-up.
 * <pre>java -Xmx5g -cp target/classes:target/test-classes:CP org.stancewatch.nlp.bench.NlpBench [neural|noparse|noparse-pooled]</pre>
 * With {@code neural}, {@code noparse} or {@code noparse-pooled} only that analyser runs and ClearNLP is never loaded, for its own
 * load time, heap and resident memory. NOPARSE runs with the marked model, noparse-pooled with the pooled one
 * (one encoder pass per sentence), whatever {@code stancewatch.neural.model} says.
 */
public final class NlpBench {
  private NlpBench() {}

  public static void main(String[] args) throws RunnerException {
    // "neural" / "noparse" / "noparse-pooled": only that analyser (no ClearNLP in the JVM), for its own load time and heap.
    String only = args.length > 0 ? args[0] : "";
    if (!only.isEmpty() && !List.of("neural", "noparse", "noparse-pooled").contains(only))
      throw new IllegalArgumentException("NlpBench [neural|noparse|noparse-pooled], not " + only);
    boolean pooledOnly = only.equals("noparse-pooled");
    NeuralStanceModel.Variant pooledModel = NlpBenchmark.pooledVariant();
    boolean neuralOnly = !only.isEmpty();
    System.setProperty(NlpBenchmark.NEURAL_ONLY, String.valueOf(neuralOnly));
    long t0 = System.nanoTime();
    if (!neuralOnly) DependencyParser.shared();
    double loadSeconds = (System.nanoTime() - t0) / 1e9;
    t0 = System.nanoTime();
    NeuralStanceModel.shared(pooledOnly ? pooledModel : NeuralStanceModel.Variant.MARKED);
    double neuralLoadSeconds = (System.nanoTime() - t0) / 1e9;
    double pooledLoadSeconds = Double.NaN;
    if (!neuralOnly) {
      t0 = System.nanoTime();
      NeuralStanceModel.shared(pooledModel);
      pooledLoadSeconds = (System.nanoTime() - t0) / 1e9;
    }
    StanceSource onlySource = pooledOnly ? StanceSource.NOPARSE : neuralOnly ? StanceSource.parse(only) : null;
    NeuralStanceModel.Variant onlyModel = pooledOnly ? pooledModel : NeuralStanceModel.Variant.MARKED;
    ArticleAnalyzer analyzer = new ArticleAnalyzer(ActorCatalogue.starter(), neuralOnly ? onlySource : StanceSource.CLASSIC).withNeuralModel(onlyModel);
    ArticleAnalyzer neural = new ArticleAnalyzer(ActorCatalogue.starter(), neuralOnly ? onlySource : StanceSource.NOPARSE).withNeuralModel(onlyModel);
    ArticleAnalyzer pooled = neural.withNeuralModel(pooledModel);
    List<String> seeds = NlpBenchmarkSeeds.load();
    for (int i = 0; i < 20; i++) for (String s : seeds) {
      analyzer.analyze("", s, LocalDate.of(2017, 7, 12));
      neural.analyze("", s, LocalDate.of(2017, 7, 12));
      if (!neuralOnly) pooled.analyze("", s, LocalDate.of(2017, 7, 12));
    }
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long heapMb = (rt.totalMemory() - rt.freeMemory()) >> 20;
    // Before JMH's set-up, which loads every analyser's model.
    long rssMb = residentMb();

    Options opt = new OptionsBuilder()
        .include(NlpBenchmark.class.getName() + (neuralOnly ? ".(baselineTokenize|" + (pooledOnly ? "noparsePooled|noparsePooledThresholds" : only) + "Analysis)" : ""))
        .forks(0)
        .threads(1)
        .warmupIterations(2).warmupTime(TimeValue.seconds(3))
        .measurementIterations(3).measurementTime(TimeValue.seconds(4))
        .build();
    Collection<RunResult> results = new Runner(opt).run();
    Map<String, Double> perSecond = new HashMap<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      perSecond.put(name.substring(name.lastIndexOf('.') + 1), r.getPrimaryResult().getScore());
    }
    double base = perSecond.getOrDefault("baselineTokenize", Double.NaN);
    double match = perSecond.getOrDefault("matchOnly", Double.NaN);
    double full = perSecond.getOrDefault("fullAnalysis", Double.NaN);
    double neuralRate = perSecond.getOrDefault("neuralAnalysis", Double.NaN);
    double fusedRate = perSecond.getOrDefault("fusedAnalysis", Double.NaN);
    double noparseRate = perSecond.getOrDefault("noparseAnalysis", Double.NaN);
    double pooledRate = perSecond.getOrDefault("noparsePooledAnalysis", Double.NaN);
    double thresholdsRate = perSecond.getOrDefault("noparsePooledThresholdsAnalysis", Double.NaN);
    System.out.printf(Locale.ROOT, "model_load_s=%.1f neural_model_load_s=%.1f (%s) pooled_model_load_s=%.1f (%s; inference %s) heap_after_warmup_mb=%d"
        + " rss_after_warmup_mb=%d%s%n", loadSeconds, neuralLoadSeconds, onlyModel.label(), pooledLoadSeconds, pooledModel.label(),
        NeuralStanceModel.configuredInference(), heapMb, rssMb,
        neuralOnly ? " (" + only + " analyser only, ClearNLP loaded: " + (DependencyParser.loadMillis() >= 0) + ")" : " (ClearNLP and neural analysers)");
    System.out.printf(Locale.ROOT, "articles/s per core: baseline_tokenize=%.0f match=%.0f full(classic)=%.1f neural=%.1f fused=%.1f noparse=%.1f"
        + " noparse_pooled=%.1f%n", base, match, full, neuralRate, fusedRate, noparseRate, pooledRate);
    System.out.printf(Locale.ROOT, "ratio vs baseline: match=%.4f full=%.6f neural=%.6f fused=%.6f noparse=%.6f noparse_pooled=%.6f; vs classic in this"
        + " run: neural/classic=%.2f fused/classic=%.2f noparse/classic=%.2f noparse_pooled/classic=%.2f (seed articles, avg %d chars)%n", match / base,
        full / base, neuralRate / base, fusedRate / base, noparseRate / base, pooledRate / base, neuralRate / full, fusedRate / full, noparseRate / full,
        pooledRate / full, seeds.stream().mapToInt(String::length).sum() / seeds.size());
    System.out.printf(Locale.ROOT, "the learned article decision in this run: noparse_pooled=%.1f without it=%.1f with/without=%.2f%n", pooledRate,
        thresholdsRate, pooledRate / thresholdsRate);
    if (!neuralOnly || pooledOnly) {
      double[] r = interleavedRatios(pooled, pooled.withArticleDecision(false), seeds, INTERLEAVED_ROUNDS);
      System.out.printf(Locale.ROOT, "the learned article decision, interleaved: with/without median=%.2f (quartiles %.2f-%.2f, %d rounds of"
          + " the %d seeds twice)%n", r[r.length / 2], r[r.length / 4], r[3 * r.length / 4], r.length, seeds.size());
    }
  }

  static final int INTERLEAVED_ROUNDS = 31;

  /**
   * Throughput ratios {@code with} / {@code without}, one per round, sorted. JMH runs one case after the other, so a
   * machine that speeds up or slows down within the run moves their ratio (0.76 once, where the code made no
   * difference: eval/heldout README, rule v6); rounds that alternate the two cases, each analysing every seed, cancel
   * that drift. Hand-written because JMH has no interleaving.
   */
  static double[] interleavedRatios(ArticleAnalyzer with, ArticleAnalyzer without, List<String> seeds, int rounds) {
    double[] ratios = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      long withNanos, withoutNanos;
      if (round % 2 == 0) {
        withNanos = timeAll(with, seeds);
        withoutNanos = timeAll(without, seeds);
      } else {
        withoutNanos = timeAll(without, seeds);
        withNanos = timeAll(with, seeds);
      }
      ratios[round] = (double) withoutNanos / withNanos;
    }
    java.util.Arrays.sort(ratios);
    return ratios;
  }

  private static long timeAll(ArticleAnalyzer analyzer, List<String> seeds) {
    long t0 = System.nanoTime();
    for (int i = 0; i < 2; i++) for (String s : seeds) analyzer.analyze("", s, LocalDate.of(2017, 7, 12));
    return System.nanoTime() - t0;
  }

  /** VmRSS of this process (Java heap + ONNX Runtime's native memory), -1 where /proc is missing. */
  private static long residentMb() {
    try {
      for (String l : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", "")) >> 10;
      }
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
