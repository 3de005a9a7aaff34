package org.stancewatch.nlp.neural;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancewatch.nlp.eval.NewsMtscExample;

/** The DJL trainer on a tiny made-up set: offline, seeded and reproducible, and it writes a loadable model. */
class StanceTrainerTest {
  private static final String[][] DATA = {
      {"Critics slammed %s for the disastrous handling of the crisis.", "-1"},
      {"%s was praised for a generous and courageous decision.", "1"},
      {"%s will travel to Berlin on Tuesday.", "0"},
      {"Protesters accused %s of corruption.", "-1"},
      {"Fans cheered %s after an inspiring speech.", "1"},
      {"%s is expected to announce the figures next week.", "0"},
  };
  private static final String[] NAMES = {"Merkel", "the senator", "Macron", "the governor"};

  private static Path write(Path file, int copies) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> lines = new ArrayList<>();
    for (int c = 0; c < copies; c++) {
      for (String[] d : DATA) {
        String name = NAMES[(c + lines.size()) % NAMES.length];
        String s = String.format(d[0], name);
        int from = s.indexOf(name);
        lines.add(json.writeValueAsString(Map.of("mention", name, "polarity", Integer.parseInt(d[1]), "from", from,
            "to", from + name.length(), "sentence", s, "id", "t" + lines.size())));
      }
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  private static StanceTrainer.Options options(Path dir, String out, long seed) throws IOException {
    StanceTrainer.Options d = StanceTrainer.Options.defaults(write(dir.resolve("train.jsonl"), 4), write(dir.resolve("dev.jsonl"), 1), dir.resolve(out));
    return new StanceTrainer.Options(d.train(), d.dev(), d.out(), 1, seed, 8, d.encoderLr(), d.headLr(), d.weightDecay(), d.dropout(),
        d.warmup(), 1, TargetMark.TYPE, null);
  }

  @Test
  void trainsOfflineReproduciblyAndWritesALoadableModel(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (OfflineGuard guard = OfflineGuard.install()) {
      PrintStream ps = new PrintStream(log, true, StandardCharsets.UTF_8);
      new StanceTrainer(options(dir, "a.bin", 5), ps).run();
      new StanceTrainer(options(dir, "b.bin", 5), ps).run();
      new StanceTrainer(options(dir, "c.bin", 6), ps).run();
      assertEquals(List.of(), guard.attempts(), "the trainer tried the network");
    }
    assertEquals("true", System.getProperty("ai.djl.offline"));
    String out = log.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("epoch 1/1") && out.contains("ETA") && out.contains("dev acc="), out);
    // Same seed, same thread count: the same bytes; another seed: other weights.
    assertEquals(Files.readString(dir.resolve("a.bin.sha256")).split(" ")[0], Files.readString(dir.resolve("b.bin.sha256")).split(" ")[0]);
    assertNotEquals(Files.readString(dir.resolve("a.bin.sha256")).split(" ")[0], Files.readString(dir.resolve("c.bin.sha256")).split(" ")[0]);
    try (NeuralStanceModel m = NeuralStanceModel.load(dir.resolve("a.bin"), 1)) {
      float[] p = m.classify("Merkel will travel to Berlin on Tuesday.", 0, 6);
      assertEquals(1.0, p[0] + p[1] + p[2], 1e-4);
    }
    // The file is fp16: about 2 bytes per fine-tuned parameter (~10.85 M), not 4.
    long params = MiniLm.modelShapes().values().stream().mapToLong(Integer::longValue).sum();
    long size = Files.size(dir.resolve("a.bin"));
    assertTrue(size > 2 * params && size < 2 * params + 100_000, size + " bytes for " + params + " parameters");
  }

  /**
   * {@code --target-mark none --init FILE}: starts from the file's encoder and head (with both learning rates 0 the
   * written model is the initial one, byte for byte), trains without the marker, and the result loads as a pooled model.
   */
  @Test
  void trainsWithoutTheMarkerFromAnInitialModel(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(log, true, StandardCharsets.UTF_8);
    new StanceTrainer(options(dir, "a.bin", 5), ps).run();
    StanceTrainer.Options d = options(dir, "frozen.bin", 5);
    new StanceTrainer(new StanceTrainer.Options(d.train(), d.dev(), d.out(), 1, 5, 8, 0f, 0f, d.weightDecay(), d.dropout(), d.warmup(), 1,
        TargetMark.NONE, dir.resolve("a.bin")), ps).run();
    // Equal values (a -0.0 may come back as 0.0 from w - 0 * update, so not byte for byte).
    Map<String, float[]> initial = NeuralStanceModel.readFile(dir.resolve("a.bin"));
    Map<String, float[]> frozen = NeuralStanceModel.readFile(dir.resolve("frozen.bin"));
    assertEquals(initial.keySet(), frozen.keySet());
    for (String k : initial.keySet()) assertArrayEquals(initial.get(k), frozen.get(k), 0f, "learning rate 0 from --init keeps " + k);
    d = options(dir, "pooled.bin", 5);
    new StanceTrainer(new StanceTrainer.Options(d.train(), d.dev(), d.out(), 1, 5, 8, d.encoderLr(), d.headLr(), d.weightDecay(), d.dropout(),
        d.warmup(), 1, TargetMark.NONE, dir.resolve("a.bin")), ps).run();
    String out = log.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("target mark none") && out.contains("starting from " + dir.resolve("a.bin")), out);
    assertNotEquals(Files.readString(dir.resolve("a.bin.sha256")).split(" ")[0], Files.readString(dir.resolve("pooled.bin.sha256")).split(" ")[0]);
    try (NeuralStanceModel m = NeuralStanceModel.load(dir.resolve("pooled.bin"), 1, TargetMark.NONE)) {
      float[] p = m.classify("Merkel will travel to Berlin on Tuesday.", 0, 6);
      assertEquals(1.0, p[0] + p[1] + p[2], 1e-4);
    }
  }

  /**
   * {@code train stance --cv K}: every training example is scored once, by the one fold model that did not train on it
   * (pooled totals = examples, per class), the dev file is never read, nothing is written, and a rerun repeats.
   */
  @Test
  void crossValidationScoresEveryExampleOnceByAModelThatDidNotSeeIt(@TempDir Path dir) throws Exception {
    StanceTrainer.Options d = options(dir, "unused.bin", 7);
    Files.delete(d.dev()); // --cv reads only the training file
    StanceTrainer.Options o = new StanceTrainer.Options(d.train(), d.dev(), null, 1, 7, 8, d.encoderLr(), d.headLr(), d.weightDecay(),
        d.dropout(), d.warmup(), 1, TargetMark.TYPE, null);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(log, true, StandardCharsets.UTF_8);
    StanceTrainer.CrossValidation a = new StanceTrainer(o, ps).crossValidate(3);
    Path foldModels = dir.resolve("folds");
    StanceTrainer.CrossValidation b = new StanceTrainer(o, ps).crossValidate(3, foldModels);
    int examples = DATA.length * 4;
    assertEquals(examples, a.marked().total());
    assertEquals(examples, a.unmarked().total());
    for (int c = 0; c < 3; c++) assertEquals(examples / 3, a.marked().goldCount(c), "each example of class " + c + " scored once");
    assertEquals(a.marked().correct(), b.marked().correct(), "same seed, same folds and models");
    assertEquals(a.unmarked().correct(), b.unmarked().correct());
    String out = log.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("fold 3/3: 16 train / 8 held out") && out.contains("held fold 2 acc="), out);
    assertTrue(Files.notExists(dir.resolve("unused.bin")), "--cv writes no model");
    // --fold-models: each fold's model beside the examples it did not train on; together they are the training file.
    List<NewsMtscExample> held = new ArrayList<>();
    for (int k = 1; k <= 3; k++) {
      assertTrue(Files.exists(foldModels.resolve("fold-" + k + ".bin.sha256")), "fold " + k + " model");
      NeuralStanceModel.readFile(foldModels.resolve("fold-" + k + ".bin")); // checksum and shapes hold
      List<NewsMtscExample> fold = NewsMtscExample.read(foldModels.resolve("fold-" + k + "-held.jsonl"));
      assertEquals(examples / 3, fold.size());
      held.addAll(fold);
    }
    List<NewsMtscExample> train = new ArrayList<>(NewsMtscExample.read(o.train()));
    Comparator<NewsMtscExample> order = Comparator.comparing(NewsMtscExample::toString);
    held.sort(order);
    train.sort(order);
    assertEquals(train, held);
  }

  /**
   * A step skipped for a non-finite gradient must leave a clean gradient behind; multiplying by 0 kept the NaN, so the
   * next backward pass added to it and every later step was skipped too.
   */
  @Test
  void aNonFiniteGradientIsClearedNotCarriedIntoTheNextStep() {
    ai.djl.engine.Engine engine = StanceTrainer.engine(1);
    try (ai.djl.ndarray.NDManager m = engine.newBaseManager()) {
      ai.djl.ndarray.NDArray w = m.create(new float[] {1f, 2f, 3f});
      w.setRequiresGradient(true);
      ai.djl.ndarray.NDArray poison = m.create(new float[] {Float.NaN, Float.POSITIVE_INFINITY, 1f});
      try (ai.djl.training.GradientCollector gc = engine.newGradientCollector()) {
        gc.backward(w.mul(poison).sum());
      }
      w.getGradient().muli(0f); // the old clearing
      assertTrue(Float.isNaN(w.getGradient().toFloatArray()[0]) && Float.isNaN(w.getGradient().toFloatArray()[1]), "NaN * 0 stays NaN");
      StanceTrainer.clearGradient(w.getGradient());
      assertArrayEquals(new float[] {0f, 0f, 0f}, w.getGradient().toFloatArray());
      try (ai.djl.training.GradientCollector gc = engine.newGradientCollector()) {
        gc.backward(w.mul(m.create(new float[] {4f, 5f, 6f})).sum());
      }
      assertArrayEquals(new float[] {4f, 5f, 6f}, w.getGradient().toFloatArray(), "the next step's gradient alone");
    }
  }

  @Test
  void halfPrecisionRoundTripsWithinItsPrecision() {
    float[] xs = {0f, -0f, 1f, -2.5f, 0.1f, 3.14159f, 65504f, 6.1e-5f, 1e-7f, -0.033f, 1234.5f};
    for (float x : xs) {
      float y = Half.toFloat(Half.fromFloat(x));
      assertEquals(x, y, Math.max(Math.abs(x) * 0x1p-11f, 0x1p-24f), "fp16 round trip of " + x);
    }
    assertEquals(Float.POSITIVE_INFINITY, Half.toFloat(Half.fromFloat(1e6f)));
    assertTrue(Float.isNaN(Half.toFloat(Half.fromFloat(Float.NaN))));
    // Round to nearest even: 1 + 2^-11 is halfway between 1 and 1 + 2^-10 and goes to 1.
    assertEquals(1f, Half.toFloat(Half.fromFloat(1f + 0x1p-11f)));
    assertEquals(1f + 0x1p-10f, Half.toFloat(Half.fromFloat(1f + 0x1p-11f + 0x1p-20f)));
  }

  @Test
  void layerDecayLowersTheRateOfEachLowerLayerAndLeavesTheHeadAlone() {
    StanceTrainer.Options d = StanceTrainer.Options.defaults(Path.of("t"), Path.of("d"), null);
    StanceTrainer.Options o = new StanceTrainer.Options(d.train(), d.dev(), null, 2, 13, 16, 5e-5f, 1e-3f, d.weightDecay(), d.dropout(),
        d.warmup(), 2, TargetMark.TYPE, null, 0.5f);
    // Every tensor the trainer updates has a layer: the top layer keeps the encoder's rate, each layer below halves it.
    for (String name : MiniLm.encoderShapes().keySet()) {
      int layer = MiniLm.layer(name);
      assertTrue(layer >= -1 && layer < MiniLm.LAYERS, name + " -> " + layer);
    }
    assertEquals(5, MiniLm.layer(MiniLm.wout(5)));
    assertEquals(0, MiniLm.layer(MiniLm.wq(0)));
    assertEquals(3, MiniLm.layer(MiniLm.ln2b(3)));
    assertEquals(5e-5f, o.peakLr(MiniLm.wq(5)), 1e-12f);
    assertEquals(2.5e-5f, o.peakLr(MiniLm.bi(4)), 1e-12f);
    assertEquals(5e-5f / 32, o.peakLr(MiniLm.wout(0)), 1e-12f);
    assertEquals(5e-5f / 64, o.peakLr(MiniLm.POS), 1e-12f);
    assertEquals(1e-3f, o.peakLr(MiniLm.HEAD_W), 1e-12f);
    // Off (the committed recipe): every encoder tensor at the encoder's rate.
    assertEquals(d.encoderLr(), d.peakLr(MiniLm.POS), 1e-12f);
    assertEquals(d.encoderLr(), d.peakLr(MiniLm.wq(0)), 1e-12f);
    assertThrows(IllegalArgumentException.class, () -> new StanceTrainer.Options(d.train(), d.dev(), null, 2, 13, 16, 5e-5f, 1e-3f,
        d.weightDecay(), d.dropout(), d.warmup(), 2, TargetMark.TYPE, null, 0f));
  }
}
