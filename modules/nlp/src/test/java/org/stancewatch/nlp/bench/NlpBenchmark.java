package org.stancewatch.nlp.bench;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.stancewatch.nlp.ArticleAnalyzer;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.match.ActorMatcher;
import org.stancewatch.nlp.neural.NeuralStanceModel;
import org.stancewatch.nlp.stance.StanceSource;

/**
 * Articles per second (one op = one seed-sized article, cycling over the seeds) for: a plain
 * regex tokenisation of the text (the baseline), actor matching alone, and the full analysis.
 * Run through {@link NlpBench#main} for ratios, heap and model load time.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class NlpBenchmark {
  private List<String> articles;
  private ActorMatcher matcher;
  private ArticleAnalyzer analyzer;
  private ArticleAnalyzer neural;
  private ArticleAnalyzer fused;
  private ArticleAnalyzer noparse;
  private ArticleAnalyzer noparsePooled;
  private ArticleAnalyzer noparsePooledThresholds;
  private int next;
  private final LocalDate day = LocalDate.of(2017, 7, 12);

  @Setup
  public void setUp() {
    articles = NlpBenchmarkSeeds.load();
    ActorCatalogue catalogue = ActorCatalogue.starter();
    matcher = new ActorMatcher(catalogue);
    analyzer = new ArticleAnalyzer(catalogue, StanceSource.CLASSIC);
    neural = new ArticleAnalyzer(catalogue, StanceSource.NEURAL);
    fused = new ArticleAnalyzer(catalogue, StanceSource.FUSED);
    noparse = new ArticleAnalyzer(catalogue, StanceSource.NOPARSE).withNeuralModel(NeuralStanceModel.Variant.MARKED);
    noparsePooled = noparse.withNeuralModel(pooledVariant());
    noparsePooledThresholds = noparsePooled.withArticleDecision(false);
    if (!Boolean.getBoolean(NEURAL_ONLY)) analyzer.analyze("", articles.get(0), day); // loads the shared parser before measuring
    neural.analyze("", articles.get(0), day); // loads the encoder and model
    noparsePooled.analyze("", articles.get(0), day); // and the pooled model
  }

  /**
   * The one-pass-per-sentence model: the trained pooled file, or without it the marked file run pooled (the same
   * graph, sequences and batches, so the same speed; only the scores differ).
   */
  static NeuralStanceModel.Variant pooledVariant() {
    return NeuralStanceModel.Variant.POOLED.available() ? NeuralStanceModel.Variant.POOLED : NeuralStanceModel.Variant.MARKED_POOLED;
  }

  /**
   * System property: skip loading ClearNLP (NlpBench neural / noparse), so heap and load time are those of an analyser
   * without the parse alone.
   */
  static final String NEURAL_ONLY = "nlpbench.neuralOnly";

  private String nextArticle() {
    String a = articles.get(next);
    next = (next + 1) % articles.size();
    return a;
  }

  @Benchmark
  public void baselineTokenize(Blackhole bh) {
    bh.consume(nextArticle().split("[\\s\\p{Punct}]+"));
  }

  @Benchmark
  public void matchOnly(Blackhole bh) {
    bh.consume(matcher.find(nextArticle(), day));
  }

  /** The analyser with the fine-tuned MiniLM as its stance source (no dependency parse). */
  @Benchmark
  public void neuralAnalysis(Blackhole bh) {
    bh.consume(neural.analyze("", nextArticle(), day));
  }

  /** The fine-tuned MiniLM, holders from the words, FUSED's article decision: no parse (issue 13 point 5). */
  @Benchmark
  public void noparseAnalysis(Blackhole bh) {
    bh.consume(noparse.analyze("", nextArticle(), day));
  }

  /** NOPARSE with the marker-free model: one encoder pass per sentence serves every actor in it (issue 13). */
  @Benchmark
  public void noparsePooledAnalysis(Blackhole bh) {
    bh.consume(noparsePooled.analyze("", nextArticle(), day));
  }

  /**
   * The same without the learned article decision (FusedArticleStance.DEFAULT alone): what the decision costs, measured
   * in the same run (it reads states the stance pass computes anyway, so it should cost next to nothing).
   */
  @Benchmark
  public void noparsePooledThresholdsAnalysis(Blackhole bh) {
    bh.consume(noparsePooledThresholds.analyze("", nextArticle(), day));
  }

  /** Parse + rules with the fine-tuned MiniLM in the hashed model's place. */
  @Benchmark
  public void fusedAnalysis(Blackhole bh) {
    bh.consume(fused.analyze("", nextArticle(), day));
  }

  @Benchmark
  public void fullAnalysis(Blackhole bh) {
    bh.consume(analyzer.analyze("", nextArticle(), day));
  }
}
