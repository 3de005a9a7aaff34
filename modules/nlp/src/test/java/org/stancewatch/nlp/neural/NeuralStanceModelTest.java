package org.stancewatch.nlp.neural;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.stancewatch.nlp.ArticleAnalysis;
import org.stancewatch.nlp.ArticleAnalyzer;
import org.stancewatch.nlp.Stance;
import org.stancewatch.nlp.bench.NlpBenchmarkSeeds;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.stance.StanceSource;
import org.junit.jupiter.api.io.TempDir;

class NeuralStanceModelTest {
  /** Clear cases, not from NewsMTSC: {sentence, target, expected class index (0 neg, 1 neu, 2 pos)}. */
  private static final String[][] KNOWN = {
      {"Critics slammed Trump for his disastrous and dishonest handling of the crisis.", "Trump", "0"},
      {"Protesters accused the governor of corruption and demanded his resignation.", "governor", "0"},
      {"Merkel was widely praised for her courageous and generous leadership.", "Merkel", "2"},
      {"Fans cheered as the senator delivered an inspiring speech that won broad admiration.", "senator", "2"},
      {"Macron will travel to Berlin on Tuesday, his office said.", "Macron", "1"},
      {"The minister is expected to announce the budget figures next week.", "minister", "1"},
  };

  @Test
  void knownSentencesGetKnownLabels() {
    NeuralStanceModel m = NeuralStanceModel.shared();
    for (String[] k : KNOWN) {
      int from = k[0].indexOf(k[1]);
      float[] p = m.classify(k[0], from, from + k[1].length());
      assertEquals(Integer.parseInt(k[2]), StanceTrainer.argmax(p), k[0] + " -> " + p[0] + "/" + p[1] + "/" + p[2]);
      assertEquals(1.0, p[0] + p[1] + p[2], 1e-4);
    }
  }

  @Test
  void targetsOfOneSentenceInOneCallEqualSeparateCallsAndTheTargetMatters() {
    String s = "Putin's forces were condemned for shelling the city, while the Red Cross was praised for evacuating children.";
    int a = s.indexOf("Putin");
    int b = s.indexOf("the Red Cross");
    List<float[]> both = NeuralStanceModel.shared().classify(List.of(s),
        List.of(List.of(new NeuralStanceModel.Target(a, a + 5), new NeuralStanceModel.Target(b, b + 13)))).get(0);
    // int8 quantises each batch's activations with one scale, so a pair's output moves with its batch mates: on NewsMTSC
    // dev, alone vs all in one call, by 0.023 on average (max 0.27, 9 of 343 change class; the fp32 paths move by 0).
    assertArrayEquals(NeuralStanceModel.shared().classify(s, a, a + 5), both.get(0), 1e-2f);
    assertTrue(both.get(0)[0] > both.get(1)[0], "Putin more negative than the Red Cross");
    assertTrue(both.get(1)[2] > both.get(0)[2], "the Red Cross more positive than Putin");
  }

  @Test
  void twoThreadsGiveTheSameOutputAsOne() throws Exception {
    NeuralStanceModel m = NeuralStanceModel.shared();
    List<String> sentences = new ArrayList<>();
    for (int i = 0; i < 6; i++) for (String[] k : KNOWN) sentences.add(k[0] + (i > 0 ? " Again " + i + "." : ""));
    List<List<NeuralStanceModel.Target>> targets = new ArrayList<>();
    for (int i = 0; i < sentences.size(); i++) {
      String[] k = KNOWN[i % KNOWN.length];
      int from = k[0].indexOf(k[1]);
      targets.add(List.of(new NeuralStanceModel.Target(from, from + k[1].length())));
    }
    List<List<float[]>> single = m.classify(sentences, targets);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<List<List<float[]>>>> runs = new ArrayList<>();
      for (int r = 0; r < 4; r++) runs.add(pool.submit(() -> m.classify(sentences, targets)));
      for (Future<List<List<float[]>>> f : runs) {
        List<List<float[]>> got = f.get();
        for (int i = 0; i < single.size(); i++) assertArrayEquals(single.get(i).get(0), got.get(i).get(0), 0f);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void analyserWithNeuralStanceGivesTheSameResultsOnTwoThreadsAsOnOne() throws Exception {
    ArticleAnalyzer analyzer = new ArticleAnalyzer(ActorCatalogue.starter(), StanceSource.NEURAL);
    List<String> seeds = NlpBenchmarkSeeds.load();
    LocalDate day = LocalDate.of(2017, 7, 12);
    List<ArticleAnalysis> single = new ArrayList<>();
    for (String s : seeds) single.add(analyzer.analyze("", s, day));
    assertTrue(single.stream().anyMatch(a -> a.actors().stream().anyMatch(r -> r.stance() != Stance.NEUTRAL)),
        "the neural source decides some stances");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<ArticleAnalysis>> runs = new ArrayList<>();
      for (int r = 0; r < 2; r++) for (String s : seeds) runs.add(pool.submit(() -> analyzer.analyze("", s, day)));
      for (int i = 0; i < runs.size(); i++) assertEquals(single.get(i % seeds.size()), runs.get(i).get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void checksumMismatchNamesTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("stance.bin");
    Map<String, float[]> params = new LinkedHashMap<>(MiniLm.pretrainedEncoder(OnnxFile.floatInitializers(MiniLmEncoder.resource(MiniLmEncoder.ONNX_RESOURCE))));
    params.putAll(DjlStanceNet.freshHead(5));
    NeuralStanceModel.save(params, file);
    // Intact: loads.
    NeuralStanceModel.load(file, 1).close();
    byte[] b = Files.readAllBytes(file);
    b[b.length / 2] ^= 1;
    Files.write(file, b);
    IOException e = assertThrows(IOException.class, () -> NeuralStanceModel.load(file, 1));
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("checksum mismatch"), e.getMessage());
    Files.delete(file.resolveSibling("stance.bin.sha256"));
    IOException missing = assertThrows(IOException.class, () -> NeuralStanceModel.load(file, 1));
    assertTrue(missing.getMessage().contains("missing checksum file"), missing.getMessage());
  }

  @Test
  void committedModelMatchesItsChecksum() throws IOException {
    byte[] model = MiniLmEncoder.resource(NeuralStanceModel.RESOURCE);
    String sum = new String(MiniLmEncoder.resource(NeuralStanceModel.RESOURCE + ".sha256")).trim().split("\\s+")[0];
    assertEquals(sum, NeuralStanceModel.sha256(model));
    assertTrue(model.length < 100_000_000);
  }

  /** Fails if loading or running the model opens any connection or resolves any host. */
  @Test
  void runsOffline() throws Exception {
    try (OfflineGuard guard = OfflineGuard.install()) {
      try (NeuralStanceModel m = NeuralStanceModel.load(writeModel(), 1)) {
        float[] p = m.classify("The talks in Vienna ended without agreement.", 10, 16);
        assertEquals(3, p.length);
      }
      assertEquals(List.of(), guard.attempts());
    }
  }

  private static Path writeModel() throws IOException {
    Path dir = Files.createTempDirectory("stance-offline");
    Path file = dir.resolve("neural-stance.bin");
    Files.write(file, MiniLmEncoder.resource(NeuralStanceModel.RESOURCE));
    Files.write(dir.resolve("neural-stance.bin.sha256"), MiniLmEncoder.resource(NeuralStanceModel.RESOURCE + ".sha256"));
    return file;
  }
}
