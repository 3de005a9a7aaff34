package org.stancewatch.nlp.neural;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.stancewatch.nlp.eval.ClassScores;
import org.stancewatch.nlp.eval.NewsMtscExample;

/**
 * Fine-tunes {@link StanceNet} (MiniLM's top layer + target vector + head) on NewsMTSC-format JSONL.
 * The lower five layers are frozen, so their outputs are computed once (ONNX Runtime) and cached in
 * memory. Seeded and reproducible: batches are split over a fixed number of worker threads and their
 * gradients summed in a fixed order. Keeps the epoch with the best dev macro-F1.
 */
public final class StanceTrainer {
  /** Hyper-parameters; the defaults are the ones chosen on NewsMTSC dev (see the model card). */
  public record Options(Path train, Path dev, Path out, int epochs, long seed, int batch, float layerLr, float headLr,
      float weightDecay, float dropout, int threads, boolean frozen) {
    public static Options defaults(Path train, Path dev, Path out) {
      return new Options(train, dev, out, 4, 13, 16, 1e-4f, 1e-3f, 0.01f, 0.1f, 2, false);
    }
  }

  /** {@code pooled[0]}: the frozen layer's pooled features, computed once when the layer is frozen. */
  private record Example(int[] target, int label, MiniLmEncoder.Encoded enc, float[][] pooled) {}

  private final Options o;
  private final PrintStream log;

  public StanceTrainer(Options options, PrintStream log) {
    this.o = options;
    this.log = log;
  }

  /** Trains, writes the model (and its .sha256) to {@code out} if set, and returns the best dev macro-F1. */
  public double run() throws IOException {
    long t0 = System.nanoTime();
    MiniLmEncoder encoder = MiniLmEncoder.load(o.threads());
    log.printf(Locale.ROOT, "encoder loaded in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    List<Example> train = encode(encoder, NewsMtscExample.read(o.train()), "encode train");
    List<Example> dev = encode(encoder, NewsMtscExample.read(o.dev()), "encode dev");
    StanceNet net = StanceNet.fromPretrained(encoder.topLayerInitializers(), o.seed());
    Map<String, float[]> best = null;
    double bestF1 = -1;
    int bestEpoch = 0;
    ExecutorService pool = Executors.newFixedThreadPool(o.threads());
    try {
      Map<String, float[]> m = net.zeros();
      Map<String, float[]> v = net.zeros();
      int stepsPerEpoch = (train.size() + o.batch() - 1) / o.batch();
      int totalSteps = stepsPerEpoch * o.epochs();
      int step = 0;
      for (int epoch = 1; epoch <= o.epochs(); epoch++) {
        int[] order = shuffled(train.size(), new SplittableRandom(o.seed() * 31 + epoch));
        Progress bar = new Progress("epoch " + epoch + "/" + o.epochs(), train.size(), log);
        double lossSum = 0;
        for (int s = 0; s < order.length; s += o.batch()) {
          int[] idx = Arrays.copyOfRange(order, s, Math.min(order.length, s + o.batch()));
          int e0 = epoch;
          List<Future<Object[]>> parts = new ArrayList<>();
          for (int w = 0; w < o.threads(); w++) {
            int worker = w;
            parts.add(pool.submit(() -> {
              Map<String, float[]> g = net.zeros();
              double loss = 0;
              for (int k = worker; k < idx.length; k += o.threads())
                loss += backward(net, train.get(idx[k]), g, idx.length, new SplittableRandom(o.seed() ^ (e0 * 1_000_003L + idx[k])));
              return new Object[] {g, loss};
            }));
          }
          Map<String, float[]> grad = null;
          for (Future<Object[]> f : parts) {
            Object[] r = get(f);
            @SuppressWarnings("unchecked")
            Map<String, float[]> g = (Map<String, float[]>) r[0];
            lossSum += (double) r[1];
            if (grad == null) grad = g;
            else for (Map.Entry<String, float[]> e : grad.entrySet()) add(e.getValue(), g.get(e.getKey()));
          }
          step++;
          adamw(net, grad, m, v, step, totalSteps);
          bar.advance(idx.length);
        }
        bar.done();
        ClassScores sc = evaluate(net, dev, pool);
        log.printf(Locale.ROOT, "epoch %d: train loss %.4f, dev n=%d acc=%.3f F1m=%.3f%n", epoch, lossSum / train.size(),
            sc.total(), sc.accuracy(), sc.macroF1());
        if (sc.macroF1() > bestF1) {
          bestF1 = sc.macroF1();
          bestEpoch = epoch;
          best = copy(net.p);
          // Written at once, so a long run stopped later still leaves its best epoch.
          if (o.out() != null) NeuralStanceModel.save(new StanceNet(best), o.out());
        }
      }
    } finally {
      pool.shutdownNow();
      encoder.close();
    }
    log.printf(Locale.ROOT, "best dev F1m=%.3f at epoch %d; %.1f min in all%n", bestF1, bestEpoch, (System.nanoTime() - t0) / 6e10);
    if (o.out() != null) log.println("wrote " + o.out() + " (+ .sha256), epoch " + bestEpoch);
    return bestF1;
  }

  private List<Example> encode(MiniLmEncoder encoder, List<NewsMtscExample> data, String what) {
    List<WordPieceTokenizer.Encoding> encs = new ArrayList<>();
    for (NewsMtscExample e : data) encs.add(encoder.tokenizer().encode(e.sentence(), MiniLmEncoder.MAX_TOKENS));
    Integer[] order = new Integer[data.size()];
    for (int i = 0; i < order.length; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> Integer.compare(encs.get(a).length(), encs.get(b).length()));
    MiniLmEncoder.Encoded[] out = new MiniLmEncoder.Encoded[data.size()];
    Progress bar = new Progress(what, data.size(), log);
    for (int s = 0; s < order.length; s += NeuralStanceModel.BATCH) {
      List<WordPieceTokenizer.Encoding> batch = new ArrayList<>();
      for (int k = s; k < Math.min(order.length, s + NeuralStanceModel.BATCH); k++) batch.add(encs.get(order[k]));
      List<MiniLmEncoder.Encoded> r = encoder.encode(batch, false);
      for (int k = 0; k < r.size(); k++) out[order[s + k]] = r.get(k);
      bar.advance(batch.size());
    }
    bar.done();
    List<Example> ex = new ArrayList<>();
    int noTarget = 0;
    for (int i = 0; i < data.size(); i++) {
      NewsMtscExample e = data.get(i);
      int[] t = out[i].tokens().tokensIn(e.from(), e.to());
      if (t.length == 0) noTarget++;
      ex.add(new Example(t, e.polarity() + 1, out[i], new float[1][]));
    }
    if (noTarget > 0) log.printf(Locale.ROOT, "%s: %d of %d targets fall after the %d-token cut%n", what, noTarget, data.size(), MiniLmEncoder.MAX_TOKENS);
    return ex;
  }

  /** Forward + backward of one example; adds grad/batchSize to g; returns its loss. */
  private double backward(StanceNet net, Example ex, Map<String, float[]> g, int batchSize, SplittableRandom rnd) {
    int t = ex.enc().tokens().length();
    StanceNet.LayerCache c = null;
    float[] f = ex.pooled()[0];
    if (f == null) {
      c = net.layer(ex.enc().layer4(), t, ex.target(), true);
      f = StanceNet.pool(c.y, t, c.isTarget);
      if (o.frozen()) ex.pooled()[0] = f;
    }
    boolean[] drop = new boolean[StanceNet.HIDDEN];
    for (int i = 0; i < drop.length; i++) drop[i] = rnd.nextDouble() < o.dropout();
    float[] hidden = new float[StanceNet.HIDDEN];
    // Inverted dropout: scale the kept features so inference needs no change.
    float keep = 1f / (1f - o.dropout());
    float[] logits = net.head(f, hidden, drop);
    for (int i = 0; i < hidden.length; i++) hidden[i] *= keep;
    logits = Tensors.matmul(hidden, 1, StanceNet.HIDDEN, net.w2, net.b2, StanceNet.CLASSES);
    float[] p = StanceNet.softmax(logits);
    float[] dl = new float[StanceNet.CLASSES];
    for (int k = 0; k < dl.length; k++) dl[k] = (p[k] - (k == ex.label() ? 1f : 0f)) / batchSize;
    // d hidden through the dropout scale: headBackward treats hidden as the ReLU output, so rescale dh via w2.
    float[] scaledW2Grad = dl;
    float[] df = headBackwardWithDropout(net, f, hidden, scaledW2Grad, g, keep);
    if (!o.frozen()) net.layerBackward(c, StanceNet.poolBackward(df, t, c.isTarget), g, true);
    return -Math.log(Math.max(1e-12, p[ex.label()]));
  }

  /** The head's backward when the hidden units were scaled by {@code keep} (dropped ones are 0). */
  private static float[] headBackwardWithDropout(StanceNet net, float[] f, float[] hidden, float[] dl, Map<String, float[]> g, float keep) {
    Tensors.accumulateWeightGrad(hidden, dl, 1, StanceNet.HIDDEN, StanceNet.CLASSES, g.get("w2"), g.get("b2"));
    float[] dh = new float[StanceNet.HIDDEN];
    Tensors.backpropInput(dl, 1, StanceNet.HIDDEN, StanceNet.CLASSES, net.w2, dh);
    for (int i = 0; i < dh.length; i++) dh[i] = hidden[i] > 0f ? dh[i] * keep : 0f;
    Tensors.accumulateWeightGrad(f, dh, 1, StanceNet.FEATURES, StanceNet.HIDDEN, g.get("w1"), g.get("b1"));
    float[] df = new float[StanceNet.FEATURES];
    Tensors.backpropInput(dh, 1, StanceNet.FEATURES, StanceNet.HIDDEN, net.w1, df);
    return df;
  }

  private ClassScores evaluate(StanceNet net, List<Example> dev, ExecutorService pool) {
    int[] pred = new int[dev.size()];
    List<Future<?>> fs = new ArrayList<>();
    for (int w = 0; w < o.threads(); w++) {
      int worker = w;
      fs.add(pool.submit(() -> {
        for (int i = worker; i < dev.size(); i += o.threads()) {
          Example e = dev.get(i);
          pred[i] = argmax(net.predict(e.enc().layer4(), e.enc().tokens().length(), e.target()));
        }
      }));
    }
    for (Future<?> f : fs) get(f);
    ClassScores sc = new ClassScores(List.of("negative", "neutral", "positive"));
    for (int i = 0; i < dev.size(); i++) sc.add(dev.get(i).label(), pred[i]);
    return sc;
  }

  private static final double B1 = 0.9;
  private static final double B2 = 0.999;

  private void adamw(StanceNet net, Map<String, float[]> grad, Map<String, float[]> m, Map<String, float[]> v, int step, int total) {
    // Global-norm clipping at 1.0, then linear warm-up (first 6 %) and linear decay.
    double norm = 0;
    for (float[] g : grad.values()) for (float x : g) norm += (double) x * x;
    norm = Math.sqrt(norm);
    float clip = norm > 1.0 ? (float) (1.0 / norm) : 1f;
    int warm = Math.max(1, (int) (0.06 * total));
    double sched = step < warm ? (double) step / warm : Math.max(0.0, (double) (total - step) / Math.max(1, total - warm));
    double c1 = 1 - Math.pow(B1, step);
    double c2 = 1 - Math.pow(B2, step);
    List<String> layer = StanceNet.layerNames();
    for (Map.Entry<String, float[]> e : net.p.entrySet()) {
      String name = e.getKey();
      boolean isLayer = layer.contains(name) || name.equals("target");
      if (isLayer && o.frozen()) continue;
      double lr = (isLayer ? o.layerLr() : o.headLr()) * sched;
      boolean decay = name.startsWith("w") && !name.equals("target");
      float[] p = e.getValue();
      float[] g = grad.get(name);
      float[] mm = m.get(name);
      float[] vv = v.get(name);
      for (int i = 0; i < p.length; i++) {
        float gi = g[i] * clip;
        mm[i] = (float) (B1 * mm[i] + (1 - B1) * gi);
        vv[i] = (float) (B2 * vv[i] + (1 - B2) * gi * gi);
        double upd = (mm[i] / c1) / (Math.sqrt(vv[i] / c2) + 1e-8);
        if (decay) upd += o.weightDecay() * p[i];
        p[i] -= (float) (lr * upd);
      }
    }
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

  private static void add(float[] a, float[] b) {
    for (int i = 0; i < a.length; i++) a[i] += b[i];
  }

  private static Map<String, float[]> copy(Map<String, float[]> p) {
    Map<String, float[]> c = new LinkedHashMap<>();
    p.forEach((k, v) -> c.put(k, v.clone()));
    return c;
  }

  private static <T> T get(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
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

  public static void main(String[] args) throws IOException {
    Map<String, String> a = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) a.put(args[i], args[i + 1]);
    if (!a.containsKey("--train") || !a.containsKey("--dev")) {
      System.err.println("usage: StanceTrainer --train FILE --dev FILE [--out FILE] [--epochs N] [--seed N] [--layer-lr X] [--head-lr X] [--threads N] [--frozen true]");
      System.exit(2);
    }
    Options d = Options.defaults(Path.of(a.get("--train")), Path.of(a.get("--dev")), a.containsKey("--out") ? Path.of(a.get("--out")) : null);
    Options o = new Options(d.train(), d.dev(), d.out(), Integer.parseInt(a.getOrDefault("--epochs", "" + d.epochs())),
        Long.parseLong(a.getOrDefault("--seed", "" + d.seed())), Integer.parseInt(a.getOrDefault("--batch", "" + d.batch())),
        Float.parseFloat(a.getOrDefault("--layer-lr", "" + d.layerLr())), Float.parseFloat(a.getOrDefault("--head-lr", "" + d.headLr())),
        d.weightDecay(), Float.parseFloat(a.getOrDefault("--dropout", "" + d.dropout())),
        Integer.parseInt(a.getOrDefault("--threads", "" + d.threads())), Boolean.parseBoolean(a.getOrDefault("--frozen", "false")));
    new StanceTrainer(o, System.err).run();
  }
}
