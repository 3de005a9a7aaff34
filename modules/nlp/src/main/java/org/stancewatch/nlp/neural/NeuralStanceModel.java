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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Target-dependent sentence stance from the fine-tuned MiniLM: the stock ONNX graph with the fine-tuned weights
 * swapped in, run by ONNX Runtime, then the head on [CLS; mean of the target's pieces] in Java. Two committed models
 * ({@link Variant}): MARKED gives the target's word pieces token type 1, so each (sentence, target) pair is one encoder
 * pass; POOLED was trained with every token type 0, so each sentence is encoded once and every target in it is scored
 * from the same last-layer states. Inputs are batched by length. Probabilities are for negative, neutral, positive.
 * Thread-safe; {@link #shared()} loads the configured model once per JVM.
 */
public final class NeuralStanceModel implements AutoCloseable {
  public static final String RESOURCE = "/stance/neural-stance.bin";
  /** The marker-free model: one encoder pass per sentence ({@link TargetMark#NONE}). */
  public static final String POOLED_RESOURCE = "/stance/neural-stance-pooled.bin";
  /** System property choosing the committed model: {@code marked} (default), {@code pooled} or {@code marked-pooled}. */
  public static final String MODEL_PROPERTY = "stancewatch.neural.model";
  private static final String MAGIC = "stancewatch-neural-stance-2-fp16";
  /** Pairs per encoder call at most; {@link #CALL_COST}: what one call costs, in word pieces (padding and calls are weighed by it). */
  static final int MAX_BATCH = 16;
  static final int CALL_COST = 48;
  /**
   * The fast path's window, in word pieces around the target (the reference path cuts sentences at
   * {@link MiniLmEncoder#MAX_TOKENS}). NewsMTSC dev F1m: 0.802 at 128, 96 and 64, 0.793 at 48, 0.772 at 32.
   */
  static final int WINDOW = Integer.getInteger("stancewatch.neural.window", 64);
  /** Loaded models; a lookup takes no lock once a model is in (the analyser asks for every article). */
  private static final Map<Variant, NeuralStanceModel> SHARED = new java.util.concurrent.ConcurrentHashMap<>();

  /** The committed models: which file, and how it is run (whether the target gets token type 1). */
  public enum Variant {
    /** {@code neural-stance.bin} as trained: token type 1 on the target, one encoder pass per (sentence, target) pair. */
    MARKED(RESOURCE, TargetMark.TYPE),
    /** {@code neural-stance-pooled.bin}, trained with every token type 0: one pass per sentence. */
    POOLED(POOLED_RESOURCE, TargetMark.NONE),
    /**
     * {@code neural-stance.bin} run without its marker (every token type 0), one pass per sentence: no retraining; the
     * head's mean over the target's pieces is all that tells the targets apart (model card: dev F1m 0.797 vs 0.806).
     */
    MARKED_POOLED(RESOURCE, TargetMark.NONE);

    private final String resource;
    private final TargetMark mark;

    Variant(String resource, TargetMark mark) {
      this.resource = resource;
      this.mark = mark;
    }

    public String resource() {
      return resource;
    }

    public TargetMark mark() {
      return mark;
    }

    /** Whether its file is on the classpath (a model not yet trained is not). */
    public boolean available() {
      return NeuralStanceModel.class.getResource(resource) != null;
    }

    /** As in {@code stancewatch.neural.model}: marked, pooled, marked-pooled. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** From {@code stancewatch.neural.model} ({@code marked}, {@code pooled} or {@code marked-pooled}; default marked). */
    public static Variant configured() {
      return configuredOr(MARKED);
    }

    /** From {@code stancewatch.neural.model} when it is set, else {@code fallback} (a stance source's own default). */
    public static Variant configuredOr(Variant fallback) {
      String set = System.getProperty(MODEL_PROPERTY);
      if (set == null || set.isBlank()) return fallback;
      String v = set.trim().toLowerCase(Locale.ROOT);
      for (Variant x : values()) if (x.label().equals(v)) return x;
      throw new IllegalArgumentException("-D" + MODEL_PROPERTY + " must be marked, pooled or marked-pooled, not '"
          + System.getProperty(MODEL_PROPERTY) + "'");
    }
  }

  /**
   * REFERENCE: the path this model was validated with (fp32, one encoder call per pair, sentences cut after
   * {@link MiniLmEncoder#MAX_TOKENS} pieces). FAST: identical pairs once, a window around the target, batches
   * planned by length. INT8: FAST on the dynamically quantised graph, the weights quantised at load ({@link Int8Graph}).
   */
  public enum Inference { REFERENCE, FAST, INT8 }

  private final MiniLmEncoder encoder;
  private final TargetMark mark;
  private final Inference inference;
  private final int window;
  private final float[] headW;
  private final float[] headB;
  private final LongAdder pairsIn = new LongAdder();
  private final LongAdder pairsRun = new LongAdder();
  private final LongAdder batchesRun = new LongAdder();
  private final LongAdder tokensRun = new LongAdder();
  private final LongAdder paddedRun = new LongAdder();
  private final LongAdder nanosRun = new LongAdder();

  /**
   * What the model has done since it was loaded: (sentence, target) pairs asked for, sequences run through the encoder
   * (one per distinct pair for MARKED; one per distinct sentence or window for POOLED), encoder calls, real word
   * pieces, word pieces including padding, and nanoseconds in {@code classify}.
   */
  public record Stats(long pairs, long encoded, long batches, long tokens, long paddedTokens, long nanos) {}

  public Stats stats() {
    return new Stats(pairsIn.sum(), pairsRun.sum(), batchesRun.sum(), tokensRun.sum(), paddedRun.sum(), nanosRun.sum());
  }

  /** One target in one sentence: char offsets [from, to). */
  public record Target(int from, int to) {}

  NeuralStanceModel(Map<String, float[]> params, int threads) {
    this(params, threads, configuredInference());
  }

  NeuralStanceModel(Map<String, float[]> params, int threads, Inference inference) {
    this(params, threads, inference, TargetMark.TYPE);
  }

  NeuralStanceModel(Map<String, float[]> params, int threads, Inference inference, TargetMark mark) {
    this.mark = mark;
    Map<String, float[]> enc = new LinkedHashMap<>(params);
    this.headW = enc.remove(MiniLm.HEAD_W);
    this.headB = enc.remove(MiniLm.HEAD_B);
    this.inference = inference;
    this.window = WINDOW;
    this.encoder = MiniLmEncoder.load(threads, enc, inference == Inference.INT8);
  }

  /**
   * System property {@code stancewatch.neural.inference} (int8, fast or reference; default int8), so eval can score
   * each. NewsMTSC dev F1m neural / fused: reference 0.802 / 0.807, fast 0.802 / 0.807, int8 0.806 / 0.811.
   */
  public static Inference configuredInference() {
    return Inference.valueOf(System.getProperty("stancewatch.neural.inference", "int8").toUpperCase(Locale.ROOT));
  }

  public Inference inference() {
    return inference;
  }

  /** How this model sees the target: TYPE (one pass per pair) or NONE (one pass per sentence). */
  public TargetMark targetMark() {
    return mark;
  }

  /**
   * How far a probability of this path may move from the reference path's on the same input: float noise of padded
   * batches for FAST; for INT8 the quantisation (0.12 on the largest of FastInferenceTest's pairs; labels there and
   * the dev score hold).
   */
  double tolerance() {
    return inference == Inference.INT8 ? 0.15 : 1e-4;
  }

  /** The configured committed model ({@link Variant#configured()}), loaded on first use; its SHA-256 is checked. */
  public static NeuralStanceModel shared() {
    return shared(Variant.configured());
  }

  /** That committed model (classpath {@link Variant#resource()}), loaded once per JVM; its SHA-256 is checked. */
  public static NeuralStanceModel shared(Variant variant) {
    NeuralStanceModel m = SHARED.get(variant);
    return m != null ? m : SHARED.computeIfAbsent(variant, NeuralStanceModel::loadShared);
  }

  private static NeuralStanceModel loadShared(Variant variant) {
    String resource = variant.resource();
    try {
      byte[] bytes = MiniLmEncoder.resource(resource);
      byte[] sum = MiniLmEncoder.resource(resource + ".sha256");
      return new NeuralStanceModel(read(bytes, new String(sum, StandardCharsets.US_ASCII), "classpath:" + resource),
          Math.max(1, Runtime.getRuntime().availableProcessors()), configuredInference(), variant.mark());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads a model file written by {@link #save}, checking it against {@code FILE.sha256} beside it. */
  public static NeuralStanceModel load(Path file, int threads) throws IOException {
    return new NeuralStanceModel(readFile(file), threads);
  }

  /** As {@link #load(Path, int)}, for a model trained with that target mark. */
  public static NeuralStanceModel load(Path file, int threads, TargetMark mark) throws IOException {
    return new NeuralStanceModel(readFile(file), threads, configuredInference(), mark);
  }

  static NeuralStanceModel load(Path file, int threads, Inference inference) throws IOException {
    return new NeuralStanceModel(readFile(file), threads, inference);
  }

  static NeuralStanceModel load(Path file, int threads, Inference inference, TargetMark mark) throws IOException {
    return new NeuralStanceModel(readFile(file), threads, inference, mark);
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

  /** SHA-256 of a model file's bytes, hex (what its {@code .sha256} line holds when the file is intact). */
  public static String fileSha256(Path file) throws IOException {
    return sha256(Files.readAllBytes(file));
  }

  /** SHA-256 of bytes, hex: the identity the committed model and calibration files are checked against. */
  public static String sha256(byte[] b) {
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
   * targets in {@code sentences.get(i)}. MARKED: each (sentence, target) pair is one encoder pass; POOLED: each
   * sentence (or window of it) is one pass serving all its targets. Passes are batched by length.
   */
  public List<List<float[]>> classify(List<String> sentences, List<List<Target>> targets) {
    return classify(sentences, targets, false).probabilities();
  }

  /**
   * {@code probabilities} as {@link #classify}; {@code sentenceStates}: per sentence, the mean of the last-layer states
   * its passes computed (every word piece of its windows, unit length), null where it had no target or the model is
   * MARKED (whose passes see one target each). With POOLED the states come free with the stance pass: a sentence
   * representation an article decision can use at no encoder cost. {@code targetStates}: per sentence and target (as
   * {@code probabilities}), the unit mean of the last-layer states of the target's own word pieces, what the head reads
   * beside [CLS]; unlike the sentence state it differs between two targets of one sentence. Null where the target has
   * no piece in its window, and wherever {@code sentenceStates} is null.
   */
  public record Classified(List<List<float[]>> probabilities, List<double[]> sentenceStates, List<List<double[]>> targetStates) {}

  public Classified classifyWithStates(List<String> sentences, List<List<Target>> targets) {
    return classify(sentences, targets, true);
  }

  /** {@code withStates} false: the states are not averaged (all null), as {@link #classify} needs none. */
  private Classified classify(List<String> sentences, List<List<Target>> targets, boolean withStates) {
    if (sentences.size() != targets.size())
      throw new IllegalArgumentException(sentences.size() + " sentences but " + targets.size() + " target lists");
    if (mark == TargetMark.NONE) return classifyPooled(sentences, targets, withStates);
    List<List<double[]>> none = new ArrayList<>();
    for (List<Target> ts : targets) none.add(Arrays.asList(new double[ts.size()][]));
    return new Classified(classifyMarked(sentences, targets), Arrays.asList(new double[sentences.size()][]), none);
  }

  private List<List<float[]>> classifyMarked(List<String> sentences, List<List<Target>> targets) {
    List<WordPieceTokenizer.Encoding> encs = new ArrayList<>();
    List<int[]> marks = new ArrayList<>();
    List<int[]> owner = new ArrayList<>();
    boolean fast = inference != Inference.REFERENCE;
    for (int i = 0; i < sentences.size(); i++) {
      if (targets.get(i).isEmpty()) continue;
      WordPieceTokenizer.Encoding e = tokenizer().encode(sentences.get(i), fast ? MiniLm.MAX_POSITIONS : MiniLmEncoder.MAX_TOKENS);
      for (int k = 0; k < targets.get(i).size(); k++) {
        Target t = targets.get(i).get(k);
        int[] m = e.tokensIn(t.from(), t.to());
        if (fast && e.length() > window) {
          Windowed w = window(e, m, window);
          encs.add(w.encoding());
          marks.add(w.marks());
        } else {
          encs.add(e);
          marks.add(m);
        }
        owner.add(new int[] {i, k});
      }
    }
    float[][] probs = fast ? classifyPairs(encs, marks) : classifyOneByOne(encs, marks);
    List<List<float[]>> result = new ArrayList<>();
    for (int i = 0; i < sentences.size(); i++) result.add(new ArrayList<>(Arrays.asList(new float[targets.get(i).size()][])));
    for (int j = 0; j < probs.length; j++) result.get(owner.get(j)[0]).set(owner.get(j)[1], probs[j]);
    return result;
  }

  record Windowed(WordPieceTokenizer.Encoding encoding, int[] marks) {}

  /**
   * At most {@code size} word pieces ([CLS] and [SEP] included) centred on the target's pieces: a long sentence's
   * far end says little about the target, and the encoder's cost grows faster than its length. With no target
   * piece, the sentence's start (as the training cut did).
   */
  static Windowed window(WordPieceTokenizer.Encoding e, int[] marks, int size) {
    int from = marks.length > 0 ? windowStart(e, marks[0], marks[marks.length - 1], size) : 1;
    WordPieceTokenizer.Encoding cut = cut(e, from, size);
    return new Windowed(cut, shift(marks, from, size));
  }

  /**
   * First piece of a {@code size}-piece window centred on pieces [first, last] (the sentence's other pieces as far as
   * the window reaches); a span longer than the window keeps its start.
   */
  static int windowStart(WordPieceTokenizer.Encoding e, int first, int last, int size) {
    int inner = size - 2;
    int body = e.length() - 2; // pieces 1..body
    int centre = (first + last + 1) / 2;
    int from = Math.max(1, Math.min(body + 1 - inner, centre - inner / 2));
    return Math.min(from, first);
  }

  /** Target piece positions as seen in the window starting at piece {@code from} (pieces outside it dropped). */
  static int[] shift(int[] marks, int from, int size) {
    int inner = size - 2;
    int shift = from - 1;
    return Arrays.stream(marks).map(i -> i - shift).filter(i -> i >= 1 && i <= inner).toArray();
  }

  /** [CLS] + pieces from..from+size-3 + [SEP]. */
  static WordPieceTokenizer.Encoding cut(WordPieceTokenizer.Encoding e, int from, int size) {
    int inner = size - 2;
    int[] ids = new int[size], start = new int[size], end = new int[size];
    ids[0] = WordPieceTokenizer.CLS;
    start[0] = end[0] = -1;
    System.arraycopy(e.ids(), from, ids, 1, inner);
    System.arraycopy(e.start(), from, start, 1, inner);
    System.arraycopy(e.end(), from, end, 1, inner);
    ids[size - 1] = WordPieceTokenizer.SEP;
    start[size - 1] = end[size - 1] = -1;
    return new WordPieceTokenizer.Encoding(ids, start, end);
  }

  /** One POOLED encoder input: a sentence or a window of it, and the targets it serves (piece positions, owner). */
  private record Shared(WordPieceTokenizer.Encoding encoding, List<int[]> marks, List<int[]> owners) {}

  /**
   * POOLED: each sentence encoded once with every token type 0 and each target scored from the same states. A sentence
   * over the window: one window covering all its targets if they fit in it, else a window per target (as MARKED).
   */
  private Classified classifyPooled(List<String> sentences, List<List<Target>> targets, boolean withStates) {
    boolean fast = inference != Inference.REFERENCE;
    List<Shared> inputs = new ArrayList<>();
    int pairs = 0;
    for (int i = 0; i < sentences.size(); i++) {
      List<Target> ts = targets.get(i);
      if (ts.isEmpty()) continue;
      pairs += ts.size();
      WordPieceTokenizer.Encoding e = tokenizer().encode(sentences.get(i), fast ? MiniLm.MAX_POSITIONS : MiniLmEncoder.MAX_TOKENS);
      List<int[]> marks = new ArrayList<>();
      List<int[]> owners = new ArrayList<>();
      int first = Integer.MAX_VALUE;
      int last = -1;
      for (int k = 0; k < ts.size(); k++) {
        int[] m = e.tokensIn(ts.get(k).from(), ts.get(k).to());
        marks.add(m);
        owners.add(new int[] {i, k});
        if (m.length > 0) {
          first = Math.min(first, m[0]);
          last = Math.max(last, m[m.length - 1]);
        }
      }
      if (!fast || e.length() <= window) {
        inputs.add(new Shared(e, marks, owners));
      } else if (last < 0 || last - first + 1 <= window - 2) {
        int from = last < 0 ? 1 : windowStart(e, first, last, window);
        List<int[]> shifted = new ArrayList<>();
        for (int[] m : marks) shifted.add(shift(m, from, window));
        inputs.add(new Shared(cut(e, from, window), shifted, owners));
      } else {
        for (int k = 0; k < marks.size(); k++) {
          Windowed w = window(e, marks.get(k), window);
          inputs.add(new Shared(w.encoding(), List.of(w.marks()), List.of(owners.get(k))));
        }
      }
    }
    long t0 = System.nanoTime();
    pairsIn.add(pairs);
    List<float[]> states = fast ? encodeShared(inputs) : encodeOneByOne(inputs);
    List<List<float[]>> result = new ArrayList<>();
    List<List<double[]>> targetStates = new ArrayList<>();
    for (int i = 0; i < sentences.size(); i++) {
      result.add(new ArrayList<>(Arrays.asList(new float[targets.get(i).size()][])));
      targetStates.add(Arrays.asList(new double[targets.get(i).size()][]));
    }
    double[][] sums = new double[sentences.size()][];
    for (int j = 0; j < inputs.size(); j++) {
      Shared in = inputs.get(j);
      for (int k = 0; k < in.marks().size(); k++) {
        int[] o = in.owners().get(k);
        result.get(o[0]).set(o[1], head(states.get(j), in.encoding().length(), in.marks().get(k)));
        if (withStates) targetStates.get(o[0]).set(o[1], targetState(states.get(j), in.marks().get(k)));
      }
      if (!withStates) continue;
      int sentence = in.owners().get(0)[0];
      if (sums[sentence] == null) sums[sentence] = new double[MiniLm.D];
      double[] sum = sums[sentence];
      float[] st = states.get(j);
      for (int t = 0; t < in.encoding().length(); t++) for (int d = 0; d < MiniLm.D; d++) sum[d] += st[t * MiniLm.D + d];
    }
    List<double[]> sentenceStates = new ArrayList<>(sentences.size());
    for (double[] sum : sums) sentenceStates.add(sum == null ? null : MiniLmEncoder.unit(sum));
    nanosRun.add(System.nanoTime() - t0);
    return new Classified(result, sentenceStates, targetStates);
  }

  /** The unit mean of the target pieces' states (null for none): the target half of what {@link #head} reads. */
  private static double[] targetState(float[] y, int[] target) {
    if (target.length == 0) return null;
    double[] m = new double[MiniLm.D];
    for (int i : target) for (int d = 0; d < MiniLm.D; d++) m[d] += y[i * MiniLm.D + d];
    return MiniLmEncoder.unit(m);
  }

  /** POOLED reference path: one encoder call per input, no padding. */
  private List<float[]> encodeOneByOne(List<Shared> inputs) {
    List<float[]> out = new ArrayList<>();
    for (Shared in : inputs) {
      out.add(encoder.encode(List.of(in.encoding()), null).get(0));
      count(1, in.encoding().length(), in.encoding().length());
    }
    return out;
  }

  /** Last-layer states per POOLED input (no marker), through {@link #encodeDistinct}. */
  private List<float[]> encodeShared(List<Shared> inputs) {
    Encoded e = encodeDistinct(inputs.stream().map(Shared::encoding).toList(), null);
    List<float[]> out = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) out.add(e.states()[e.slot()[i]]);
    return out;
  }

  private static final int[] NO_MARKS = new int[0];

  /** The path before batching: one encoder call per pair, no padding, no sharing (the fast path's reference). */
  private float[][] classifyOneByOne(List<WordPieceTokenizer.Encoding> encs, List<int[]> marks) {
    long t0 = System.nanoTime();
    float[][] out = new float[encs.size()][];
    for (int i = 0; i < out.length; i++) {
      List<float[]> states = encoder.encode(List.of(encs.get(i)), List.of(marks.get(i)));
      count(1, encs.get(i).length(), encs.get(i).length());
      out[i] = head(states.get(0), encs.get(i).length(), marks.get(i));
    }
    pairsIn.add(out.length);
    nanosRun.add(System.nanoTime() - t0);
    return out;
  }

  private void count(int pairs, long tokens, long padded) {
    pairsRun.add(pairs);
    batchesRun.increment();
    tokensRun.add(tokens);
    paddedRun.add(padded);
  }

  /** Identity of an encoder input: word pieces and target positions. */
  private record PairKey(int[] ids, int[] marks) {
    @Override
    public boolean equals(Object o) {
      return o instanceof PairKey k && Arrays.equals(ids, k.ids) && Arrays.equals(marks, k.marks);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(ids) + Arrays.hashCode(marks);
    }
  }

  /**
   * Probabilities for tokenised pairs (target piece positions per pair): identical pairs are run once, the rest
   * sorted by length and cut into the batches {@link #plan} finds cheapest.
   */
  float[][] classifyPairs(List<WordPieceTokenizer.Encoding> encs, List<int[]> marks) {
    long t0 = System.nanoTime();
    int n = encs.size();
    pairsIn.add(n);
    Encoded e = encodeDistinct(encs, marks);
    float[][] byUnique = new float[e.states().length][];
    for (int u = 0; u < byUnique.length; u++) {
      int i = e.first()[u];
      byUnique[u] = head(e.states()[u], encs.get(i).length(), marks.get(i));
    }
    float[][] out = new float[n][];
    for (int i = 0; i < n; i++) out[i] = byUnique[e.slot()[i]];
    nanosRun.add(System.nanoTime() - t0);
    return out;
  }

  /** Last-layer states per distinct input ({@code states}), the distinct input of each input ({@code slot}), and each distinct input's first occurrence ({@code first}). */
  private record Encoded(float[][] states, int[] slot, int[] first) {}

  /**
   * Runs the distinct inputs through the encoder: identical (word pieces, target positions) run once, the rest sorted
   * by length and cut into the batches {@link #plan} finds cheapest. {@code types}: the target's piece positions per
   * input (token type 1, MARKED), or null for none (POOLED). Shared by both, so they batch and count alike.
   */
  private Encoded encodeDistinct(List<WordPieceTokenizer.Encoding> encs, List<int[]> types) {
    int n = encs.size();
    Map<PairKey, Integer> seen = new HashMap<>();
    int[] slot = new int[n];
    List<Integer> unique = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Integer u = seen.putIfAbsent(new PairKey(encs.get(i).ids(), types == null ? NO_MARKS : types.get(i)), unique.size());
      slot[i] = u == null ? unique.size() : u;
      if (u == null) unique.add(i);
    }
    Integer[] order = unique.toArray(new Integer[0]);
    Arrays.sort(order, (a, b) -> Integer.compare(encs.get(a).length(), encs.get(b).length()));
    int[] lengths = new int[order.length];
    for (int k = 0; k < order.length; k++) lengths[k] = encs.get(order[k]).length();
    float[][] byUnique = new float[unique.size()][];
    int s = 0;
    for (int e : plan(lengths, MAX_BATCH, CALL_COST)) {
      List<WordPieceTokenizer.Encoding> batch = new ArrayList<>();
      List<int[]> batchTypes = types == null ? null : new ArrayList<>();
      long tokens = 0;
      for (int k = s; k < e; k++) {
        batch.add(encs.get(order[k]));
        if (batchTypes != null) batchTypes.add(types.get(order[k]));
        tokens += lengths[k];
      }
      List<float[]> states = encoder.encode(batch, batchTypes);
      count(batch.size(), tokens, (long) batch.size() * lengths[e - 1]);
      for (int k = 0; k < states.size(); k++) byUnique[slot[order[s + k]]] = states.get(k);
      s = e;
    }
    return new Encoded(byUnique, slot, unique.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * Batch ends for ascending {@code lengths} minimising the summed cost of the encoder calls, a call costing
   * {@code callCost} plus (pairs x longest length) word pieces: padding is paid for, and so is each call. Dynamic
   * programming over the sorted lengths (a cheapest cut never interleaves lengths).
   */
  static int[] plan(int[] lengths, int maxBatch, int callCost) {
    int n = lengths.length;
    long[] best = new long[n + 1];
    int[] cut = new int[n + 1];
    for (int e = 1; e <= n; e++) {
      best[e] = Long.MAX_VALUE;
      for (int b = Math.max(0, e - maxBatch); b < e; b++) {
        long c = best[b] + callCost + (long) (e - b) * lengths[e - 1];
        if (c < best[e]) {
          best[e] = c;
          cut[e] = b;
        }
      }
    }
    List<Integer> ends = new ArrayList<>();
    for (int e = n; e > 0; e = cut[e]) ends.add(0, e);
    return ends.stream().mapToInt(Integer::intValue).toArray();
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

  /** Each sentence's mean last-layer state of this fine-tuned encoder, unit length ({@link MiniLmEncoder#sentenceEmbeddings}). */
  public List<double[]> sentenceEmbeddings(List<String> sentences) {
    return encoder.sentenceEmbeddings(sentences);
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
