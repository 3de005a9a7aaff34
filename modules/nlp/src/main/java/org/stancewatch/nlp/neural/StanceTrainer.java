package org.stancewatch.nlp.neural;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.stancewatch.nlp.eval.ClassScores;
import org.stancewatch.nlp.eval.NewsMtscExample;

/**
 * Fine-tunes the whole MiniLM encoder + stance head on NewsMTSC-format JSONL with DJL's PyTorch engine (autograd,
 * AdamW written here over NDArrays). Offline: {@code ai.djl.offline=true} and the native library from the
 * pytorch-native-cpu jar on the classpath. Seeded: the data order comes from the seed, dropout from the engine's
 * seed; with the same thread count a run repeats. Keeps the epoch with the best dev macro-F1 and writes it
 * as the committed model format (fp16, {@link NeuralStanceModel#save}).
 */
public final class StanceTrainer {
  /** Epochs of the committed model's recipe (model card; 3 was measured by 5-fold CV and not adopted). */
  public static final int DEFAULT_EPOCHS = 2;
  /** Peak encoder learning rate of the committed model's recipe (model card). */
  public static final String DEFAULT_ENCODER_LR = "5e-5";

  /**
   * Hyper-parameters; the defaults are the committed model's recipe (model card: chosen on NewsMTSC dev and 5-fold CV
   * on train), so a run without options trains what is shipped.
   */
  public record Options(Path train, Path dev, Path out, int epochs, long seed, int batch, float encoderLr, float headLr,
      float weightDecay, float dropout, float warmup, int threads, TargetMark targetMark, Path init, float layerDecay) {
    public Options {
      if (!(layerDecay > 0 && layerDecay <= 1)) throw new IllegalArgumentException("layer decay must be in (0, 1], got " + layerDecay);
    }

    /** Without layer-wise learning-rate decay (every encoder layer at the encoder's rate, as the committed model). */
    public Options(Path train, Path dev, Path out, int epochs, long seed, int batch, float encoderLr, float headLr,
        float weightDecay, float dropout, float warmup, int threads, TargetMark targetMark, Path init) {
      this(train, dev, out, epochs, seed, batch, encoderLr, headLr, weightDecay, dropout, warmup, threads, targetMark, init, 1f);
    }

    /**
     * The peak learning rate of one tensor: the head's, or the encoder's times layerDecay^(layers above it), so
     * the lower layers, which hold more general features, move less (layer-wise learning-rate decay).
     */
    public float peakLr(String tensor) {
      int layer = MiniLm.layer(tensor);
      if (layer == MiniLm.LAYERS) return headLr;
      return (float) (encoderLr * Math.pow(layerDecay, MiniLm.LAYERS - 1 - layer));
    }

    public static Options defaults(Path train, Path dev, Path out) {
      return new Options(train, dev, out, DEFAULT_EPOCHS, 13, 16, Float.parseFloat(DEFAULT_ENCODER_LR), 1e-3f, 0.01f, 0.1f, 0.1f, 2,
          TargetMark.TYPE, null);
    }
  }

  /** The stance classes in label order (polarity + 1). */
  private static final List<String> LABELS = List.of("negative", "neutral", "positive");

  private final Options o;
  private final PrintStream log;

  public StanceTrainer(Options options, PrintStream log) {
    this.o = options;
    this.log = log;
  }

  /**
   * The PyTorch engine, offline. The thread count only takes effect if the engine is not loaded yet in this JVM.
   * Fails (rather than downloading) if the native library is not on the classpath.
   */
  static Engine engine(int threads) {
    System.setProperty("ai.djl.offline", "true");
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    return Engine.getEngine("PyTorch");
  }

  /** Trains, writes the best epoch's model (and its .sha256) to {@code out} if set, and returns the best dev macro-F1. */
  public double run() throws IOException {
    long t0 = System.nanoTime();
    Engine engine = engine(o.threads());
    engine.setRandomSeed((int) o.seed());
    WordPieceTokenizer tok = MiniLmEncoder.tokenizer();
    List<DjlStanceNet.Example> train = examples(tok, NewsMtscExample.read(o.train()), "train");
    List<DjlStanceNet.Example> dev = examples(tok, NewsMtscExample.read(o.dev()), "dev");
    log.printf(Locale.ROOT, "PyTorch %s (DJL, offline, %s threads); %d train / %d dev examples; target mark %s; loaded in %.1f s%n",
        engine.getVersion(), System.getProperty("ai.djl.pytorch.num_threads"), train.size(), dev.size(), o.targetMark().label(),
        (System.nanoTime() - t0) / 1e9);
    double[] best = new double[] {-1, 0};
    fit(engine, onnxInitializers(), train, dev, "dev", (epoch, net, predicted, sc) -> {
      if (sc.macroF1() > best[0]) {
        best[0] = sc.macroF1();
        best[1] = epoch;
        // Written at once, so a long run stopped later still leaves its best epoch.
        if (o.out() != null) NeuralStanceModel.save(net.export(), o.out());
      }
    });
    log.printf(Locale.ROOT, "best dev F1m=%.3f at epoch %d; %.1f min in all%n", best[0], (int) best[1], (System.nanoTime() - t0) / 6e10);
    if (o.out() != null) log.println("wrote " + o.out() + " (+ .sha256), epoch " + (int) best[1]);
    return best[0];
  }

  /** What to do with the net after each epoch, given that epoch's scores on the evaluation set. */
  private interface EpochEnd {
    void accept(int epoch, DjlStanceNet net, int[] predicted, ClassScores scores) throws IOException;
  }

  /** Pooled predictions of a cross-validation: every training example scored by the fold that did not train on it. */
  public record CrossValidation(int folds, ClassScores marked, ClassScores unmarked) {
  }

  /**
   * K-fold cross-validation of this recipe on the training file alone (the dev file is not read): the examples are
   * dealt to {@code folds} folds by a shuffle seeded with {@link Options#seed()}; for each fold a fresh model is
   * trained on the others for {@link Options#epochs()} epochs and its last epoch scores the held fold. The last
   * epoch, not the best: letting the held fold pick an epoch would score it on data that chose the model. Scores
   * the held fold twice: with the recipe's target mark, and with every token type 0 (how the analyser's default
   * {@code marked-pooled} runs a marked model).
   */
  public CrossValidation crossValidate(int folds) throws IOException {
    return crossValidate(folds, null);
  }

  /**
   * As {@link #crossValidate(int)}; with {@code foldModels} set, also writes each fold's last-epoch model there as
   * {@code fold-K.bin} (+ {@code .sha256}) with the examples it did not train on as {@code fold-K-held.jsonl}: out-of-fold
   * scores for fitting a calibration on the whole training file ({@code StanceCalibrationBuilder --out-of-fold}).
   */
  public CrossValidation crossValidate(int folds, Path foldModels) throws IOException {
    if (folds < 2) throw new IllegalArgumentException("--cv needs at least 2 folds, got " + folds);
    long t0 = System.nanoTime();
    Engine engine = engine(o.threads());
    engine.setRandomSeed((int) o.seed());
    List<NewsMtscExample> lines = NewsMtscExample.read(o.train());
    List<DjlStanceNet.Example> all = examples(MiniLmEncoder.tokenizer(), lines, "train");
    if (foldModels != null) java.nio.file.Files.createDirectories(foldModels);
    if (all.size() < folds) throw new IllegalArgumentException(o.train() + " has " + all.size() + " examples, fewer than " + folds + " folds");
    int[] order = shuffled(all.size(), new SplittableRandom(o.seed() ^ 0x5DEECE66DL));
    int[] fold = new int[all.size()];
    for (int i = 0; i < order.length; i++) fold[order[i]] = i % folds;
    ClassScores marked = new ClassScores(LABELS);
    ClassScores unmarked = new ClassScores(LABELS);
    Map<String, float[]> init = onnxInitializers();
    log.printf(Locale.ROOT, "PyTorch %s (DJL, offline, %s threads); %d-fold cross-validation on %d examples of %s; %d epochs per fold%n",
        engine.getVersion(), System.getProperty("ai.djl.pytorch.num_threads"), folds, all.size(), o.train(), o.epochs());
    for (int k = 0; k < folds; k++) {
      List<DjlStanceNet.Example> train = new ArrayList<>();
      List<DjlStanceNet.Example> held = new ArrayList<>();
      List<NewsMtscExample> heldLines = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        if (fold[i] != k) {
          train.add(all.get(i));
        } else {
          held.add(all.get(i));
          heldLines.add(lines.get(i));
        }
      }
      int foldNo = k + 1;
      log.printf(Locale.ROOT, "fold %d/%d: %d train / %d held out (%.1f min so far)%n", foldNo, folds, train.size(), held.size(),
          (System.nanoTime() - t0) / 6e10);
      fit(engine, init, train, held, "held fold " + foldNo, (epoch, net, byMark, sc) -> {
        if (epoch < o.epochs()) return;
        int[] byPool = predictAll(net, held, TargetMark.NONE);
        addTo(marked, held, byMark);
        addTo(unmarked, held, byPool);
        ClassScores pooled = scores(held, byPool);
        log.printf(Locale.ROOT, "fold %d/%d: held-out F1m=%.3f (every token type 0: %.3f)%n", foldNo, folds, sc.macroF1(), pooled.macroF1());
        if (foldModels != null) {
          NeuralStanceModel.save(net.export(), foldModels.resolve("fold-" + foldNo + ".bin"));
          NewsMtscExample.write(foldModels.resolve("fold-" + foldNo + "-held.jsonl"), heldLines);
          log.printf(Locale.ROOT, "fold %d/%d: wrote %s and its %d held-out examples%n", foldNo, folds, foldModels.resolve("fold-" + foldNo + ".bin"), heldLines.size());
        }
      });
    }
    log.printf(Locale.ROOT, "%d folds in %.1f min%n", folds, (System.nanoTime() - t0) / 6e10);
    return new CrossValidation(folds, marked, unmarked);
  }

  /** The pretrained MiniLM weights, read once per run (a cross-validation starts every fold from them). */
  private static Map<String, float[]> onnxInitializers() throws IOException {
    return OnnxFile.floatInitializers(MiniLmEncoder.resource(MiniLmEncoder.ONNX_RESOURCE));
  }

  /**
   * Trains a fresh model (or {@link Options#init()}) on {@code train}, scoring {@code eval} after every epoch. {@code init}: the
   * pretrained ONNX initialisers (the frozen word embeddings always come from them).
   */
  private void fit(Engine engine, Map<String, float[]> init, List<DjlStanceNet.Example> train, List<DjlStanceNet.Example> eval,
      String evalName, EpochEnd after) throws IOException {
    // --init: start from a trained model file (encoder and head, checksum checked) instead of the pretrained encoder.
    Map<String, float[]> start = o.init() == null ? MiniLm.pretrainedEncoder(init) : NeuralStanceModel.readFile(o.init());
    Map<String, float[]> head = o.init() == null ? DjlStanceNet.freshHead(o.seed()) : Map.of();
    if (o.init() != null) log.println("starting from " + o.init());
    try (DjlStanceNet net = new DjlStanceNet(engine.newBaseManager(), start, init.get(MiniLm.WORD), head)) {
      AdamW opt = new AdamW(net);
      SplittableRandom rnd = new SplittableRandom(o.seed());
      int perEpoch = (train.size() + o.batch() - 1) / o.batch();
      int total = perEpoch * o.epochs();
      int step = 0;
      for (int epoch = 1; epoch <= o.epochs(); epoch++) {
        List<List<DjlStanceNet.Example>> batches = batches(train, rnd);
        Progress bar = new Progress("epoch " + epoch + "/" + o.epochs(), train.size(), log);
        double lossSum = 0;
        for (List<DjlStanceNet.Example> b : batches) {
          DjlStanceNet.Batch batch = DjlStanceNet.Batch.of(b, o.targetMark());
          try (NDManager s = net.base.newSubManager()) {
            try (GradientCollector gc = engine.newGradientCollector()) {
              NDArray loss = DjlStanceNet.loss(s, net.forward(s, batch, true, o.dropout()), batch);
              gc.backward(loss);
              lossSum += loss.getFloat() * b.size();
            }
            opt.step(s, ++step, total);
          }
          bar.advance(b.size());
        }
        bar.done();
        int[] predicted = predictAll(net, eval, o.targetMark());
        ClassScores sc = scores(eval, predicted);
        log.printf(Locale.ROOT, "epoch %d: train loss %.4f, %s acc=%.3f F1m=%.3f%s%n", epoch, lossSum / train.size(), evalName, sc.accuracy(),
            sc.macroF1(), opt.skipped > 0 ? " (" + opt.skipped + " steps skipped so far: non-finite gradient)" : "");
        after.accept(epoch, net, predicted, sc);
      }
    }
  }

  /** Tokenised pairs; the target's word pieces get token type 1. */
  static List<DjlStanceNet.Example> examples(WordPieceTokenizer tok, List<NewsMtscExample> data, String what) {
    List<DjlStanceNet.Example> out = new ArrayList<>();
    int noTarget = 0;
    for (NewsMtscExample e : data) {
      WordPieceTokenizer.Encoding enc = tok.encode(e.sentence(), MiniLmEncoder.MAX_TOKENS);
      int[] t = enc.tokensIn(e.from(), e.to());
      if (t.length == 0) noTarget++;
      out.add(new DjlStanceNet.Example(enc.ids(), t, e.polarity() + 1));
    }
    if (noTarget > 0) System.err.printf(Locale.ROOT, "%s: %d of %d targets fall after the %d-token cut%n", what, noTarget, data.size(), MiniLmEncoder.MAX_TOKENS);
    return out;
  }

  /** Shuffled, then sorted by length within windows of 50 batches (less padding), then the batches shuffled. */
  private List<List<DjlStanceNet.Example>> batches(List<DjlStanceNet.Example> data, SplittableRandom rnd) {
    int[] order = shuffled(data.size(), rnd);
    int window = o.batch() * 50;
    List<List<DjlStanceNet.Example>> out = new ArrayList<>();
    for (int w = 0; w < order.length; w += window) {
      Integer[] win = new Integer[Math.min(window, order.length - w)];
      for (int i = 0; i < win.length; i++) win[i] = order[w + i];
      Arrays.sort(win, (a, b) -> Integer.compare(data.get(a).ids().length, data.get(b).ids().length));
      for (int i = 0; i < win.length; i += o.batch()) {
        List<DjlStanceNet.Example> b = new ArrayList<>();
        for (int k = i; k < Math.min(win.length, i + o.batch()); k++) b.add(data.get(win[k]));
        out.add(b);
      }
    }
    int[] perm = shuffled(out.size(), rnd);
    List<List<DjlStanceNet.Example>> shuffledBatches = new ArrayList<>();
    for (int i : perm) shuffledBatches.add(out.get(i));
    return shuffledBatches;
  }

  static ClassScores scores(List<DjlStanceNet.Example> data, int[] predicted) {
    return addTo(new ClassScores(LABELS), data, predicted);
  }

  private static ClassScores addTo(ClassScores sc, List<DjlStanceNet.Example> data, int[] predicted) {
    for (int i = 0; i < data.size(); i++) sc.add(data.get(i).label(), predicted[i]);
    return sc;
  }

  static int[] predictAll(DjlStanceNet net, List<DjlStanceNet.Example> data, TargetMark mark) {
    float[][] p = probabilities(net, data, mark);
    int[] pred = new int[p.length];
    for (int i = 0; i < p.length; i++) pred[i] = argmax(p[i]);
    return pred;
  }

  /** Probabilities per example, in batches of 32 sorted by length. */
  static float[][] probabilities(DjlStanceNet net, List<DjlStanceNet.Example> data) {
    return probabilities(net, data, TargetMark.TYPE);
  }

  static float[][] probabilities(DjlStanceNet net, List<DjlStanceNet.Example> data, TargetMark mark) {
    Integer[] order = new Integer[data.size()];
    for (int i = 0; i < order.length; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> Integer.compare(data.get(a).ids().length, data.get(b).ids().length));
    float[][] out = new float[data.size()][];
    for (int s = 0; s < order.length; s += 32) {
      List<DjlStanceNet.Example> b = new ArrayList<>();
      for (int k = s; k < Math.min(order.length, s + 32); k++) b.add(data.get(order[k]));
      try (NDManager m = net.base.newSubManager()) {
        float[][] p = net.predict(m, DjlStanceNet.Batch.of(b, mark));
        for (int k = 0; k < p.length; k++) out[order[s + k]] = p[k];
      }
    }
    return out;
  }

  /**
   * AdamW (decoupled weight decay on matrices) with global gradient-norm clipping at 1.0, linear warm-up over the
   * first {@link Options#warmup()} of the steps and linear decay to 0. Runs outside the gradient collector, so the
   * in-place updates are not recorded; gradients are zeroed after each step.
   */
  private final class AdamW {
    private static final float B1 = 0.9f;
    private static final float B2 = 0.999f;
    private final DjlStanceNet net;
    private final Map<String, NDArray> m = new LinkedHashMap<>();
    private final Map<String, NDArray> v = new LinkedHashMap<>();
    /** Steps skipped for a non-finite gradient. */
    int skipped;

    AdamW(DjlStanceNet net) {
      this.net = net;
      net.p.forEach((k, w) -> {
        m.put(k, net.base.zeros(w.getShape()));
        v.put(k, net.base.zeros(w.getShape()));
      });
    }

    void step(NDManager s, int step, int total) {
      Map<String, NDArray> grads = new LinkedHashMap<>();
      double sq = 0;
      for (Map.Entry<String, NDArray> e : net.p.entrySet()) {
        NDArray g = e.getValue().getGradient();
        g.attach(s);
        grads.put(e.getKey(), g);
        sq += g.square().sum().getFloat();
      }
      double norm = Math.sqrt(sq);
      if (!Double.isFinite(norm)) {
        // One non-finite gradient would make every weight NaN (seen once, in epoch 2 at lr 5e-5): skip the step.
        skipped++;
        for (NDArray g : grads.values()) clearGradient(g);
        return;
      }
      float clip = norm > 1.0 ? (float) (1.0 / norm) : 1f;
      int warm = Math.max(1, (int) (o.warmup() * total));
      double sched = step < warm ? (double) step / warm : Math.max(0.0, (double) (total - step) / Math.max(1, total - warm));
      float c1 = (float) (1 - Math.pow(B1, step));
      float c2 = (float) (1 - Math.pow(B2, step));
      for (Map.Entry<String, NDArray> e : net.p.entrySet()) {
        String name = e.getKey();
        NDArray w = e.getValue();
        NDArray g = grads.get(name);
        float lr = (float) (o.peakLr(name) * sched);
        NDArray gc = g.mul(clip);
        m.get(name).muli(B1).addi(gc.mul(1 - B1));
        v.get(name).muli(B2).addi(gc.square().muli(1 - B2));
        NDArray vh = v.get(name).div(c2);
        vh.attach(s);
        NDArray den = vh.sqrt().addi(1e-8f);
        NDArray upd = m.get(name).div(c1);
        upd.attach(s);
        upd.divi(den).muli(lr);
        if (MiniLm.decays(name)) w.muli(1 - lr * o.weightDecay());
        w.subi(upd);
        clearGradient(g);
      }
    }
  }

  /**
   * Sets an accumulated gradient to exactly 0, in place. Multiplying by 0 is not enough: NaN * 0 and inf * 0 are NaN,
   * so one non-finite gradient stayed in the buffer, every later step of that model was skipped as non-finite and the
   * model froze where it was (a cross-validation fold stopped learning half-way through its first epoch: held-out
   * F1m 0.678 against 0.75-0.78 for the others).
   */
  static void clearGradient(NDArray g) {
    g.set(new NDIndex("..."), 0f);
  }

  static int argmax(float[] p) {
    int b = 0;
    for (int i = 1; i < p.length; i++) if (p[i] > p[b]) b = i;
    return b;
  }

  private static int[] shuffled(int n, SplittableRandom r) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) a[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int x = a[i];
      a[i] = a[j];
      a[j] = x;
    }
    return a;
  }




  /** A one-line progress bar with rate and ETA, redrawn at most twice a second. */
  static final class Progress {
    private final String what;
    private final int total;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private long lastDraw;
    private int done;

    Progress(String what, int total, PrintStream out) {
      this.what = what;
      this.total = total;
      this.out = out;
    }

    void advance(int n) {
      done += n;
      long now = System.nanoTime();
      if (now - lastDraw > 500_000_000L || done >= total) {
        lastDraw = now;
        draw(now);
      }
    }

    private void draw(long now) {
      double secs = (now - start) / 1e9;
      double rate = done / Math.max(1e-9, secs);
      long eta = rate > 0 ? Math.round((total - done) / rate) : 0;
      int w = 30;
      int filled = (int) ((long) w * done / Math.max(1, total));
      out.printf(Locale.ROOT, "\r%s [%s%s] %d/%d %.1f/s ETA %dm%02ds ", what, "=".repeat(filled), " ".repeat(w - filled),
          done, total, rate, eta / 60, eta % 60);
      out.flush();
    }

    void done() {
      draw(System.nanoTime());
      out.printf(Locale.ROOT, "(%.1f s)%n", (System.nanoTime() - start) / 1e9);
    }
  }

  /** {@code StanceTrainer --train FILE --dev FILE [--out FILE] [--epochs N] [--seed N] [--encoder-lr X] [--head-lr X] [--batch N] [--threads N] [--target-mark type|none]}. */
  public static void main(String[] args) throws IOException {
    Map<String, String> a = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) a.put(args[i], args[i + 1]);
    if (!a.containsKey("--train") || !a.containsKey("--dev")) {
      System.err.println("usage: StanceTrainer --train FILE --dev FILE [--out FILE] [--epochs N] [--seed N] [--encoder-lr X] [--head-lr X] [--batch N] [--threads N] [--target-mark type|none]");
      System.exit(2);
    }
    Options d = Options.defaults(Path.of(a.get("--train")), Path.of(a.get("--dev")), a.containsKey("--out") ? Path.of(a.get("--out")) : null);
    Options o = new Options(d.train(), d.dev(), d.out(), Integer.parseInt(a.getOrDefault("--epochs", "" + d.epochs())),
        Long.parseLong(a.getOrDefault("--seed", "" + d.seed())), Integer.parseInt(a.getOrDefault("--batch", "" + d.batch())),
        Float.parseFloat(a.getOrDefault("--encoder-lr", "" + d.encoderLr())), Float.parseFloat(a.getOrDefault("--head-lr", "" + d.headLr())),
        d.weightDecay(), d.dropout(), d.warmup(), Integer.parseInt(a.getOrDefault("--threads", "" + d.threads())),
        TargetMark.valueOf(a.getOrDefault("--target-mark", "type").toUpperCase(Locale.ROOT)), a.containsKey("--init") ? Path.of(a.get("--init")) : null);
    new StanceTrainer(o, System.err).run();
  }
}
