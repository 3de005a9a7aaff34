package org.stancewatch.nlp.neural;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Target-dependent sentence stance from the fine-tuned MiniLM: the stock ONNX graph with the fine-tuned weights
 * swapped in, run by ONNX Runtime on each (sentence, target) pair (the target's word pieces have token type 1, so
 * each pair is one encoder pass; pairs are batched by length), then the head on [CLS; mean of the target's pieces]
 * in Java. Probabilities are for negative, neutral, positive. Thread-safe; {@link #shared()} loads the committed
 * model once per JVM.
 */
public final class NeuralStanceModel implements AutoCloseable {
  public static final String RESOURCE = "/stance/neural-stance.bin";
  private static final String MAGIC = "stancewatch-neural-stance-2-fp16";
  static final int BATCH = 32;
  private static volatile NeuralStanceModel shared;

  private final MiniLmEncoder encoder;
  private final float[] headW;
  private final float[] headB;
  private final LongAdder pairsIn = new LongAdder();
  private final LongAdder pairsRun = new LongAdder();
  private final LongAdder batchesRun = new LongAdder();
  private final LongAdder tokensRun = new LongAdder();
  private final LongAdder paddedRun = new LongAdder();
  private final LongAdder nanosRun = new LongAdder();

  /**
   * What the model has done since it was loaded: (sentence, target) pairs asked for, pairs run through the encoder,
   * encoder calls, real word pieces, word pieces including padding, and nanoseconds in {@code classify}.
   */
  public record Stats(long pairs, long encoded, long batches, long tokens, long paddedTokens, long nanos) {}

  public Stats stats() {
    return new Stats(pairsIn.sum(), pairsRun.sum(), batchesRun.sum(), tokensRun.sum(), paddedRun.sum(), nanosRun.sum());
  }

  /** One target in one sentence: char offsets [from, to). */
  public record Target(int from, int to) {}

  NeuralStanceModel(Map<String, float[]> params, int threads) {
    Map<String, float[]> enc = new LinkedHashMap<>(params);
    this.headW = enc.remove(MiniLm.HEAD_W);
    this.headB = enc.remove(MiniLm.HEAD_B);
    this.encoder = MiniLmEncoder.load(threads, enc);
  }

  /** The committed model (classpath {@value #RESOURCE}), loaded on first use; its SHA-256 is checked. */
  public static NeuralStanceModel shared() {
    NeuralStanceModel m = shared;
    if (m == null) {
      synchronized (NeuralStanceModel.class) {
        m = shared;
        if (m == null) {
          try {
            byte[] bytes = MiniLmEncoder.resource(RESOURCE);
            byte[] sum = MiniLmEncoder.resource(RESOURCE + ".sha256");
            m = new NeuralStanceModel(read(bytes, new String(sum, StandardCharsets.US_ASCII), "classpath:" + RESOURCE),
                Math.max(1, Runtime.getRuntime().availableProcessors()));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          shared = m;
        }
      }
    }
    return m;
  }

  /** Loads a model file written by {@link #save}, checking it against {@code FILE.sha256} beside it. */
  public static NeuralStanceModel load(Path file, int threads) throws IOException {
    return new NeuralStanceModel(readFile(file), threads);
  }

  static Map<String, float[]> readFile(Path file) throws IOException {
    Path sumFile = file.resolveSibling(file.getFileName() + ".sha256");
    if (!Files.exists(sumFile)) throw new IOException(file + ": missing checksum file " + sumFile);
    return read(Files.readAllBytes(file), Files.readString(sumFile, StandardCharsets.US_ASCII), file.toString());
  }

  /** Parameters by name (fp16 on disk, float here), after the checksum and every name and size are checked. */
  static Map<String, float[]> read(byte[] bytes, String expectedSha256, String name) throws IOException {
    String expected = expectedSha256.trim().split("\\s+")[0].toLowerCase(Locale.ROOT);
    String actual = sha256(bytes);
    if (!actual.equals(expected))
      throw new IOException(name + ": checksum mismatch (SHA-256 " + actual + ", expected " + expected
          + "); the model file is corrupt or was replaced without its .sha256");
    Map<String, float[]> p = new LinkedHashMap<>();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (!MAGIC.equals(in.readUTF())) throw new IOException(name + ": not a stancewatch neural stance model (format " + MAGIC + ")");
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        String key = in.readUTF();
        float[] v = new float[in.readInt()];
        for (int j = 0; j < v.length; j++) v[j] = Half.toFloat(in.readShort());
        p.put(key, v);
      }
    }
    Map<String, Integer> shapes = MiniLm.modelShapes();
    for (Map.Entry<String, Integer> e : shapes.entrySet()) {
      float[] v = p.get(e.getKey());
      if (v == null || v.length != e.getValue())
        throw new IOException(name + ": parameter " + e.getKey() + (v == null ? " missing" : " has " + v.length + " values, expected " + e.getValue()));
    }
    if (p.size() != shapes.size()) throw new IOException(name + ": unexpected parameters " + p.keySet().stream().filter(k -> !shapes.containsKey(k)).toList());
    return p;
  }

  /** Writes the parameters as fp16 (half the size; the dev score is checked with them) plus FILE.sha256. */
  static void save(Map<String, float[]> params, Path file) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(MAGIC);
      out.writeInt(params.size());
      for (Map.Entry<String, float[]> e : params.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeInt(e.getValue().length);
        for (float f : e.getValue()) out.writeShort(Half.fromFloat(f));
      }
    }
    byte[] b = bytes.toByteArray();
    if (file.getParent() != null) Files.createDirectories(file.getParent());
    Files.write(file, b);
    Files.writeString(file.resolveSibling(file.getFileName() + ".sha256"), sha256(b) + "  " + file.getFileName() + "\n");
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  WordPieceTokenizer tokenizer() {
    return encoder.tokenizerInstance();
  }

  /**
   * Probabilities (negative, neutral, positive) per target of each sentence: {@code targets.get(i)} are the
   * targets in {@code sentences.get(i)}. Each (sentence, target) pair is one encoder pass, batched by length.
   */
  public List<List<float[]>> classify(List<String> sentences, List<List<Target>> targets) {
    List<WordPieceTokenizer.Encoding> encs = new ArrayList<>();
    List<int[]> marks = new ArrayList<>();
    List<int[]> owner = new ArrayList<>();
    for (int i = 0; i < sentences.size(); i++) {
      WordPieceTokenizer.Encoding e = tokenizer().encode(sentences.get(i), MiniLmEncoder.MAX_TOKENS);
      for (int k = 0; k < targets.get(i).size(); k++) {
        Target t = targets.get(i).get(k);
        encs.add(e);
        marks.add(e.tokensIn(t.from(), t.to()));
        owner.add(new int[] {i, k});
      }
    }
    float[][] probs = classifyPairs(encs, marks);
    List<List<float[]>> result = new ArrayList<>();
    for (int i = 0; i < sentences.size(); i++) result.add(new ArrayList<>(Arrays.asList(new float[targets.get(i).size()][])));
    for (int j = 0; j < probs.length; j++) result.get(owner.get(j)[0]).set(owner.get(j)[1], probs[j]);
    return result;
  }

  /** Probabilities for tokenised pairs (target piece positions per pair), batched by length. */
  float[][] classifyPairs(List<WordPieceTokenizer.Encoding> encs, List<int[]> marks) {
    long t0 = System.nanoTime();
    int n = encs.size();
    pairsIn.add(n);
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> Integer.compare(encs.get(a).length(), encs.get(b).length()));
    float[][] out = new float[n][];
    for (int s = 0; s < n; s += BATCH) {
      List<WordPieceTokenizer.Encoding> batch = new ArrayList<>();
      List<int[]> types = new ArrayList<>();
      for (int k = s; k < Math.min(n, s + BATCH); k++) {
        batch.add(encs.get(order[k]));
        types.add(marks.get(order[k]));
      }
      List<float[]> states = encoder.encode(batch, types);
      pairsRun.add(batch.size());
      batchesRun.increment();
      for (WordPieceTokenizer.Encoding e : batch) tokensRun.add(e.length());
      paddedRun.add((long) batch.size() * batch.get(batch.size() - 1).length());
      for (int k = 0; k < states.size(); k++) out[order[s + k]] = head(states.get(k), batch.get(k).length(), types.get(k));
    }
    nanosRun.add(System.nanoTime() - t0);
    return out;
  }

  /** softmax(W [CLS; mean of the target's pieces] + b), as {@link DjlStanceNet}'s head (no target: zeros). */
  private float[] head(float[] y, int t, int[] target) {
    int d = MiniLm.D;
    float[] f = new float[MiniLm.FEATURES];
    System.arraycopy(y, 0, f, 0, d);
    for (int i : target) for (int k = 0; k < d; k++) f[d + k] += y[i * d + k];
    float cnt = Math.max(1, target.length);
    for (int k = 0; k < d; k++) f[d + k] /= cnt;
    double[] logits = new double[MiniLm.CLASSES];
    for (int c = 0; c < MiniLm.CLASSES; c++) logits[c] = headB[c];
    for (int i = 0; i < f.length; i++) for (int c = 0; c < MiniLm.CLASSES; c++) logits[c] += (double) f[i] * headW[i * MiniLm.CLASSES + c];
    double max = Math.max(logits[0], Math.max(logits[1], logits[2]));
    double sum = 0;
    float[] p = new float[MiniLm.CLASSES];
    for (int c = 0; c < MiniLm.CLASSES; c++) sum += Math.exp(logits[c] - max);
    for (int c = 0; c < MiniLm.CLASSES; c++) p[c] = (float) (Math.exp(logits[c] - max) / sum);
    return p;
  }

  /** Probabilities (negative, neutral, positive) for one target. */
  public float[] classify(String sentence, int from, int to) {
    return classify(List.of(sentence), List.of(List.of(new Target(from, to)))).get(0).get(0);
  }

  @Override
  public void close() {
    encoder.close();
  }
}
