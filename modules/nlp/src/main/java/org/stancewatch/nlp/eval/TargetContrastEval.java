package org.stancewatch.nlp.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.stancewatch.nlp.neural.NeuralStanceModel;
import org.stancewatch.nlp.neural.TargetMark;

/**
 * How target-dependent a stance model is (issue 13): on a NewsMTSC-format file, the sentences with two or more targets
 * of different gold polarity ("contrast sentences"), scored target by target. A model that reads only the sentence's
 * tone gives every target the same class and gets at most one of two right. Prints the F1m over all examples, then
 * for the contrast sentences the share of targets right, the share of sentences with every target right, and the
 * share where the model gives the targets different classes at all.
 * <pre>java -cp ... org.stancewatch.nlp.eval.TargetContrastEval MODEL.bin FILE.jsonl [type|none]</pre>
 * MODEL.bin needs MODEL.bin.sha256 beside it; the mark is how the model is run (default none: the analyser's
 * marked-pooled way). Last line: {@code n=.. F1m=.. contrast_sentences=.. contrast_target_acc=.. contrast_all_right=.. contrast_split=..}.
 */
public final class TargetContrastEval {
  private TargetContrastEval() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2 || args.length > 3) {
      System.err.println("usage: TargetContrastEval MODEL.bin FILE.jsonl [type|none]");
      System.exit(2);
    }
    TargetMark mark = args.length == 3 && args[2].equals("type") ? TargetMark.TYPE : TargetMark.NONE;
    List<NewsMtscExample> examples = NewsMtscExample.read(Path.of(args[1]));
    int[] predicted = new int[examples.size()];
    try (NeuralStanceModel model = NeuralStanceModel.load(Path.of(args[0]), Math.max(1, Runtime.getRuntime().availableProcessors()), mark)) {
      for (int i = 0; i < examples.size(); i++) {
        NewsMtscExample e = examples.get(i);
        predicted[i] = argmax(model.classify(e.sentence(), e.from(), e.to())) - 1;
      }
    }
    System.out.println(score(examples, predicted));
  }

  /** The report line for gold {@code examples} and {@code predicted} polarities (-1, 0, 1), in the same order. */
  static String score(List<NewsMtscExample> examples, int[] predicted) {
    ClassScores all = new ClassScores(List.of("negative", "neutral", "positive"));
    Map<String, List<Integer>> bySentence = new LinkedHashMap<>();
    for (int i = 0; i < examples.size(); i++) {
      all.add(examples.get(i).polarity() + 1, predicted[i] + 1);
      bySentence.computeIfAbsent(examples.get(i).sentence(), k -> new ArrayList<>()).add(i);
    }
    int sentences = 0, targets = 0, targetsRight = 0, allRight = 0, split = 0;
    for (List<Integer> ids : bySentence.values()) {
      if (ids.stream().map(i -> examples.get(i).polarity()).distinct().count() < 2) continue;
      sentences++;
      boolean every = true;
      for (int i : ids) {
        targets++;
        if (predicted[i] == examples.get(i).polarity()) targetsRight++;
        else every = false;
      }
      if (every) allRight++;
      if (ids.stream().map(i -> predicted[i]).distinct().count() > 1) split++;
    }
    return String.format(Locale.ROOT, "n=%d F1m=%.3f contrast_sentences=%d contrast_target_acc=%.3f contrast_all_right=%.3f contrast_split=%.3f",
        examples.size(), all.macroF1(), sentences, ratio(targetsRight, targets), ratio(allRight, sentences), ratio(split, sentences));
  }

  private static double ratio(int a, int b) {
    return b == 0 ? 0 : (double) a / b;
  }

  private static int argmax(float[] p) {
    int best = 0;
    for (int c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
    return best;
  }
}
