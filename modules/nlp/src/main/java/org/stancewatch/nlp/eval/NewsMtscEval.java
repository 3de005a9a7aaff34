package org.stancewatch.nlp.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.stancewatch.nlp.parse.DependencyParser;
import org.stancewatch.nlp.parse.ParsedSentence;
import org.stancewatch.nlp.stance.SentenceStanceClassifier;

/**
 * Sentence-level target-dependent stance on a NewsMTSC JSONL file. Prints per-class P/R/F1 and,
 * last, {@code n=<count> acc=<x.xxx> F1m=<x.xxx>}.
 * <pre>java -Xmx5g -cp ... org.stancewatch.nlp.eval.NewsMtscEval ../shared/data/newsmtsc/dev.jsonl</pre>
 */
public final class NewsMtscEval {
  private NewsMtscEval() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: NewsMtscEval FILE.jsonl");
      System.exit(2);
    }
    run(Path.of(args[0]), System.out);
  }

  public static ClassScores run(Path jsonl, PrintStream out) throws IOException {
    return run(jsonl, SentenceStanceClassifier.shared(), out);
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
    ClassScores scores = new ClassScores(List.of("negative", "neutral", "positive"));
    for (int i = 0; i < data.size(); i++) scores.add(data.get(i).polarity() + 1, predicted[i] + 1);
    scores.print(out);
    out.printf(Locale.ROOT, "n=%d acc=%.3f F1m=%.3f%n", scores.total(), scores.accuracy(), scores.macroF1());
    return scores;
  }
}
