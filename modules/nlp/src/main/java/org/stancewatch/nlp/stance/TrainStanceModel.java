package org.stancewatch.nlp.stance;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.stancewatch.nlp.eval.ClassScores;
import org.stancewatch.nlp.eval.NewsMtscExample;
import org.stancewatch.nlp.parse.DependencyParser;
import org.stancewatch.nlp.parse.ParsedSentence;

/**
 * Rebuilds the bundled sentence-stance model from NewsMTSC:
 * <pre>java -Xmx5g -cp ... org.stancewatch.nlp.stance.TrainStanceModel --train train.jsonl --out model.bin.gz [--folds 5] [--dev dev.jsonl]</pre>
 * Prints k-fold cross-validation on the training file, then (with --dev) the dev score of the final
 * model trained on all of it. The data is read from the given path and never bundled.
 */
public final class TrainStanceModel {
  static final int BITS = 20;
  static final int EPOCHS = 8;
  static final double RATE = 0.05;
  static final double L2 = 1e-6;
  static final long SEED = 17;

  public static void main(String[] args) throws IOException {
    Path train = null, out = null, dev = null;
    int folds = 5;
    boolean grid = false;
    boolean bands = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--train" -> train = Path.of(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--dev" -> dev = Path.of(args[++i]);
        case "--folds" -> folds = Integer.parseInt(args[++i]);
        case "--grid" -> grid = true;
        case "--bands" -> bands = true;
        default -> throw new IllegalArgumentException("Unknown argument " + args[i]
            + "; usage: --train FILE --out FILE [--folds K] [--dev FILE]");
      }
    }
    if (train == null || out == null) throw new IllegalArgumentException("usage: --train FILE --out FILE [--folds K] [--dev FILE]");
    List<NewsMtscExample> data = NewsMtscExample.read(train);
    System.out.println("train examples: " + data.size());
    long t0 = System.nanoTime();
    List<ParsedSentence> parsed = parseAll(data);
    List<List<String>> xs = new ArrayList<>(data.size());
    for (int i = 0; i < data.size(); i++) {
      NewsMtscExample e = data.get(i);
      xs.add(SentenceFeatures.extract(parsed.get(i), e.from(), e.to()).features);
    }
    System.out.printf(Locale.ROOT, "parsed + features in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    int[] ys = data.stream().mapToInt(e -> e.polarity() + 1).toArray();

    if (grid) {
      // Hyper-parameter search by cross-validation on the training file only (never on dev).
      for (int epochs : new int[] {4, 8, 15}) {
        for (double rate : new double[] {0.02, 0.05, 0.1}) {
          for (double l2 : new double[] {0, 1e-6, 1e-5}) {
            ClassScores cv = crossValidate(data, parsed, xs, ys, folds, epochs, rate, l2, SentenceStance.NEUTRAL_BAND);
            System.out.printf(Locale.ROOT, "grid epochs=%d rate=%.2f l2=%.0e cv F1m=%.3f acc=%.3f%n", epochs, rate, l2, cv.macroF1(), cv.accuracy());
          }
        }
      }
      return;
    }
    if (bands) {
      // Width of the neutral band on P(pos) - P(neg) + rules, chosen by cross-validation on train only.
      for (double band : new double[] {0.1, 0.2, 0.3, 0.4}) {
        ClassScores cv = crossValidate(data, parsed, xs, ys, folds, EPOCHS, RATE, L2, band);
        System.out.printf(Locale.ROOT, "band=%.1f cv F1m=%.3f acc=%.3f%n", band, cv.macroF1(), cv.accuracy());
      }
    }
    if (folds > 1) {
      ClassScores cv = crossValidate(data, parsed, xs, ys, folds, EPOCHS, RATE, L2, SentenceStance.NEUTRAL_BAND);
      cv.print(System.out);
      System.out.printf(Locale.ROOT, "cv folds=%d n=%d acc=%.3f F1m=%.3f%n", folds, cv.total(), cv.accuracy(), cv.macroF1());
    }
    HashedLogisticModel model = HashedLogisticModel.train(xs, ys, BITS, EPOCHS, RATE, L2, SEED);
    Files.createDirectories(out.toAbsolutePath().getParent());
    try (OutputStream o = Files.newOutputStream(out)) {
      model.write(o);
    }
    System.out.println("wrote " + out + " (" + Files.size(out) + " bytes, fingerprint " + model.fingerprint() + ")");
    if (dev != null) {
      org.stancewatch.nlp.eval.NewsMtscEval.run(dev, new SentenceStanceClassifier(model), System.out);
    }
  }

  static ClassScores crossValidate(List<NewsMtscExample> data, List<ParsedSentence> parsed, List<List<String>> xs, int[] ys,
                                   int folds, int epochs, double rate, double l2, double band) {
    ClassScores cv = new ClassScores(List.of("negative", "neutral", "positive"));
    for (int k = 0; k < folds; k++) {
      List<List<String>> trX = new ArrayList<>();
      List<Integer> trY = new ArrayList<>();
      List<Integer> test = new ArrayList<>();
      for (int i = 0; i < xs.size(); i++) {
        if (i % folds == k) test.add(i);
        else { trX.add(xs.get(i)); trY.add(ys[i]); }
      }
      HashedLogisticModel m = HashedLogisticModel.train(trX, trY.stream().mapToInt(v -> v).toArray(), BITS, epochs, rate, l2, SEED);
      SentenceStanceClassifier c = new SentenceStanceClassifier(m);
      for (int i : test) {
        NewsMtscExample e = data.get(i);
        double score = c.classify(parsed.get(i), e.from(), e.to()).score();
        cv.add(ys[i], score > band ? 2 : score < -band ? 0 : 1);
      }
    }
    return cv;
  }

  /** Parses each example once, in parallel (the parser is thread-safe). */
  static List<ParsedSentence> parseAll(List<NewsMtscExample> data) {
    DependencyParser parser = DependencyParser.shared();
    ParsedSentence[] ps = new ParsedSentence[data.size()];
    IntStream.range(0, data.size()).parallel().forEach(i -> ps[i] = parser.parse(data.get(i).sentence()));
    return List.of(ps);
  }
}
