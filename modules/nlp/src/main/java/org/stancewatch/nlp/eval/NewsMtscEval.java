package org.stancewatch.nlp.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.stancewatch.nlp.parse.DependencyParser;
import org.stancewatch.nlp.parse.ParsedSentence;
import org.stancewatch.nlp.neural.NeuralStanceModel;
import org.stancewatch.nlp.stance.SentenceFeatures;
import org.stancewatch.nlp.stance.SentenceStance;
import org.stancewatch.nlp.stance.SentenceStanceClassifier;
import org.stancewatch.nlp.stance.StanceSource;

/**
 * Sentence-level target-dependent stance on a NewsMTSC JSONL file. Prints per-class P/R/F1 and,
 * last, {@code n=<count> acc=<x.xxx> F1m=<x.xxx>}.
 * <pre>java -Xmx5g -cp ... org.stancewatch.nlp.eval.NewsMtscEval ../shared/data/newsmtsc/dev.jsonl</pre>
 */
public final class NewsMtscEval {
  private NewsMtscEval() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: NewsMtscEval FILE.jsonl [classic|neural|fused|noparse|rules]");
      System.exit(2);
    }
    if (args.length == 2 && args[1].equals("rules")) rulesAlone(Path.of(args[0]), System.out);
    else run(Path.of(args[0]), args.length == 2 ? StanceSource.parse(args[1]) : StanceSource.configured(), System.out);
  }

  /**
   * With the given source. NEURAL and NOPARSE: the fine-tuned model's most probable class (NOPARSE differs from NEURAL
   * only in the article decision; a NewsMTSC sentence has no article). FUSED: that, unless a
   * construction rule fires, in which case P(pos) - P(neg) + the classic rule weight x rule, banded as CLASSIC.
   */
  public static ClassScores run(Path jsonl, StanceSource source, PrintStream out) throws IOException {
    if (source == StanceSource.CLASSIC) return run(jsonl, SentenceStanceClassifier.shared(), out);
    List<NewsMtscExample> data = NewsMtscExample.read(jsonl);
    List<List<float[]>> probs = NeuralStanceModel.shared(source.neuralModel()).classify(data.stream().map(NewsMtscExample::sentence).toList(),
        data.stream().map(e -> List.of(new NeuralStanceModel.Target(e.from(), e.to()))).toList());
    int[] predicted = new int[data.size()];
    IntStream.range(0, data.size()).parallel().forEach(i -> {
      float[] p = probs.get(i).get(0);
      int argmax = p[2] > p[1] && p[2] > p[0] ? 1 : p[0] > p[1] ? -1 : 0;
      if (source == StanceSource.NEURAL || source == StanceSource.NOPARSE) {
        predicted[i] = argmax;
        return;
      }
      NewsMtscExample e = data.get(i);
      double rule = Math.max(-1, Math.min(1, SentenceFeatures.extract(DependencyParser.shared().parse(e.sentence()), e.from(), e.to()).ruleScore));
      if (rule == 0) {
        predicted[i] = argmax;
      } else {
        double score = p[2] - p[0] + SentenceStanceClassifier.RULE_WEIGHT * rule;
        predicted[i] = score > SentenceStance.NEUTRAL_BAND ? 1 : score < -SentenceStance.NEUTRAL_BAND ? -1 : 0;
      }
    });
    return report(data, predicted, out);
  }

  /** The construction rules alone: the sign of the rule score, NEUTRAL where no rule fires. */
  public static ClassScores rulesAlone(Path jsonl, PrintStream out) throws IOException {
    List<NewsMtscExample> data = NewsMtscExample.read(jsonl);
    int[] predicted = new int[data.size()];
    IntStream.range(0, data.size()).parallel().forEach(i -> {
      NewsMtscExample e = data.get(i);
      double rule = SentenceFeatures.extract(DependencyParser.shared().parse(e.sentence()), e.from(), e.to()).ruleScore;
      predicted[i] = rule > 0 ? 1 : rule < 0 ? -1 : 0;
    });
    return report(data, predicted, out);
  }

  private static ClassScores report(List<NewsMtscExample> data, int[] predicted, PrintStream out) {
    ClassScores scores = new ClassScores(List.of("negative", "neutral", "positive"));
    for (int i = 0; i < data.size(); i++) scores.add(data.get(i).polarity() + 1, predicted[i] + 1);
    scores.print(out);
    out.printf(Locale.ROOT, "n=%d acc=%.3f F1m=%.3f%n", scores.total(), scores.accuracy(), scores.macroF1());
    return scores;
  }

  /** With {@link StanceSource#configured()}, the analyser's source. */
  public static ClassScores run(Path jsonl, PrintStream out) throws IOException {
    return run(jsonl, StanceSource.configured(), out);
  }

  public static ClassScores run(Path jsonl, SentenceStanceClassifier classifier, PrintStream out) throws IOException {
    List<NewsMtscExample> data = NewsMtscExample.read(jsonl);
    DependencyParser parser = DependencyParser.shared();
    int[] predicted = new int[data.size()];
    IntStream.range(0, data.size()).parallel().forEach(i -> {
      NewsMtscExample e = data.get(i);
      ParsedSentence p = parser.parse(e.sentence());
      predicted[i] = classifier.classify(p, e.from(), e.to()).polarity();
    });
    return report(data, predicted, out);
  }
}
