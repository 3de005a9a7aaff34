package org.stancewatch.nlp.neural;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fast inference path (shared pairs, windows, planned batches) against the reference path, on fixed sentences. */
class FastInferenceTest {
  /** {sentence, target}: short and long sentences, targets at the start, middle and far end. */
  static final String[][] PAIRS = {
      {"Critics slammed Trump for his disastrous and dishonest handling of the crisis.", "Trump"},
      {"Merkel was widely praised for her courageous and generous leadership.", "Merkel"},
      {"Macron will travel to Berlin on Tuesday, his office said.", "Macron"},
      {"Putin's forces were condemned for shelling the city, while the Red Cross was praised for evacuating children.", "Putin"},
      {"Putin's forces were condemned for shelling the city, while the Red Cross was praised for evacuating children.", "the Red Cross"},
      {"The ministry condemned the attack on civilians.", "ministry"},
      {"Short, by Merkel.", "Merkel"},
      {"The United Nations said on Monday that aid convoys had reached the besieged districts of the city after weeks of negotiations between"
          + " the government, the rebel groups that hold the eastern neighbourhoods and the Red Crescent, which has repeatedly warned that food, fuel"
          + " and medicine were running out and that hundreds of wounded civilians needed to be evacuated, but the rebels accused the government of"
          + " blocking the convoys for political gain.", "the rebels"},
      {"The United Nations said on Monday that aid convoys had reached the besieged districts of the city after weeks of negotiations between"
          + " the government, the rebel groups that hold the eastern neighbourhoods and the Red Crescent, which has repeatedly warned that food, fuel"
          + " and medicine were running out and that hundreds of wounded civilians needed to be evacuated, but the rebels accused the government of"
          + " blocking the convoys for political gain.", "The United Nations"},
      {"Critics slammed Trump for his disastrous and dishonest handling of the crisis.", "Trump"}, // a duplicate: run once
  };

  static NeuralStanceModel fast;
  static NeuralStanceModel int8;
  static NeuralStanceModel reference;

  @BeforeAll
  static void load() throws IOException {
    Map<String, float[]> params = NeuralStanceModel.read(MiniLmEncoder.resource(NeuralStanceModel.RESOURCE),
        new String(MiniLmEncoder.resource(NeuralStanceModel.RESOURCE + ".sha256")), NeuralStanceModel.RESOURCE);
    fast = new NeuralStanceModel(params, 1, NeuralStanceModel.Inference.FAST);
    int8 = new NeuralStanceModel(params, 1, NeuralStanceModel.Inference.INT8);
    reference = new NeuralStanceModel(params, 1, NeuralStanceModel.Inference.REFERENCE);
  }

  @AfterAll
  static void close() {
    fast.close();
    int8.close();
    reference.close();
  }

  static List<List<float[]>> run(NeuralStanceModel m) {
    return classifyPairs(m, PAIRS);
  }

  /** Each {sentence, target} pair classified in one call, the target at its first occurrence in the sentence. */
  static List<List<float[]>> classifyPairs(NeuralStanceModel m, String[][] pairs) {
    List<String> sentences = new ArrayList<>();
    List<List<NeuralStanceModel.Target>> targets = new ArrayList<>();
    for (String[] p : pairs) {
      int from = p[0].indexOf(p[1]);
      sentences.add(p[0]);
      targets.add(List.of(new NeuralStanceModel.Target(from, from + p[1].length())));
    }
    return m.classify(sentences, targets);
  }

  @Test
  void theDefaultIsInt8() {
    assertEquals(NeuralStanceModel.Inference.INT8, NeuralStanceModel.configuredInference());
  }

  @Test
  void fastPathGivesTheReferenceLabels() {
    sameLabelsAsReference(fast);
  }

  @Test
  void int8PathGivesTheReferenceLabels() {
    sameLabelsAsReference(int8);
  }

  private static void sameLabelsAsReference(NeuralStanceModel fast) {
    NeuralStanceModel.Stats before = fast.stats();
    List<List<float[]>> f = run(fast);
    List<List<float[]>> r = run(reference);
    assertEquals(PAIRS.length - 1, fast.stats().encoded() - before.encoded(), "the duplicate pair is encoded once");
    for (int i = 0; i < PAIRS.length; i++) {
      float[] a = f.get(i).get(0), b = r.get(i).get(0);
      String what = PAIRS[i][1] + " in " + PAIRS[i][0] + ": fast " + a[0] + "/" + a[1] + "/" + a[2] + " reference " + b[0] + "/" + b[1] + "/" + b[2];
      assertEquals(StanceTrainer.argmax(b), StanceTrainer.argmax(a), what);
      // Short sentences see the same input (padding is masked); the long one sees a window and may move a little.
      boolean windowed = fast.tokenizer().encode(PAIRS[i][0], 512).length() > NeuralStanceModel.WINDOW;
      for (int c = 0; c < 3; c++) assertEquals(b[c], a[c], windowed ? 0.15 : fast.tolerance(), what);
    }
    assertArrayEquals(f.get(0).get(0), f.get(PAIRS.length - 1).get(0), 0f);
  }

  @Test
  void windowKeepsTheTargetAndCentresIt() {
    WordPieceTokenizer tok = fast.tokenizer();
    String s = PAIRS[7][0];
    int from = s.indexOf("the rebels accused");
    WordPieceTokenizer.Encoding e = tok.encode(s, 512);
    assertTrue(e.length() > 64, "the long sentence is longer than the window");
    int[] marks = e.tokensIn(from, from + 10);
    assertTrue(marks[0] > 40, "the target lies past the first window's centre: the window must move");
    NeuralStanceModel.Windowed w = NeuralStanceModel.window(e, marks, 64);
    assertEquals(64, w.encoding().length());
    assertEquals(WordPieceTokenizer.CLS, w.encoding().ids()[0]);
    assertEquals(WordPieceTokenizer.SEP, w.encoding().ids()[63]);
    assertArrayEquals(w.encoding().tokensIn(from, from + 10), w.marks(), "marks point at the target's pieces in the window");
    assertEquals(marks.length, w.marks().length);
    int mid = (w.marks()[0] + w.marks()[w.marks().length - 1] + 1) / 2;
    boolean atEnd = w.encoding().ids()[62] == e.ids()[e.length() - 2] && w.encoding().end()[62] == e.end()[e.length() - 2];
    assertTrue(Math.abs(mid - 32) <= 1 || atEnd, "centred on the target, or ending with the sentence: target at " + mid);
  }

  @Test
  void planSplitsWherePaddingCostsMoreThanACall() {
    assertArrayEquals(new int[] {3, 4}, NeuralStanceModel.plan(new int[] {10, 10, 10, 100}, 16, 48));
    assertArrayEquals(new int[] {4}, NeuralStanceModel.plan(new int[] {10, 11, 12, 13}, 16, 48));
    assertArrayEquals(new int[] {2, 4}, NeuralStanceModel.plan(new int[] {10, 10, 10, 10}, 2, 48), "at most maxBatch per call");
    assertArrayEquals(new int[] {}, NeuralStanceModel.plan(new int[] {}, 16, 48));
  }
}
