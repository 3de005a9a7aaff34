package org.stancewatch.nlp.neural;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Target-dependent sentence stance from the fine-tuned MiniLM: the five lower layers run once per
 * sentence in ONNX Runtime, the fine-tuned top layer and head once per target (in Java). Probabilities
 * are for negative, neutral, positive. Thread-safe; {@link #shared()} loads the committed model once per JVM.
 */
public final class NeuralStanceModel implements AutoCloseable {
  public static final String RESOURCE = "/stance/neural-stance.bin";
  private static final String MAGIC = "stancewatch-neural-stance-1";
  private static volatile NeuralStanceModel shared;

  private final MiniLmEncoder encoder;
  private final StanceNet net;

  /** One target in one sentence: char offsets [from, to). */
  public record Target(int from, int to) {}

  NeuralStanceModel(MiniLmEncoder encoder, StanceNet net) {
    this.encoder = encoder;
    this.net = net;
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
            StanceNet net = read(bytes, new String(sum, StandardCharsets.US_ASCII), "classpath:" + RESOURCE);
            m = new NeuralStanceModel(MiniLmEncoder.load(Math.max(1, Runtime.getRuntime().availableProcessors())), net);
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
    Path sumFile = file.resolveSibling(file.getFileName() + ".sha256");
    if (!Files.exists(sumFile)) throw new IOException(file + ": missing checksum file " + sumFile);
    StanceNet net = read(Files.readAllBytes(file), Files.readString(sumFile, StandardCharsets.US_ASCII), file.toString());
    return new NeuralStanceModel(MiniLmEncoder.load(threads), net);
  }

  static StanceNet read(byte[] bytes, String expectedSha256, String name) throws IOException {
    String expected = expectedSha256.trim().split("\\s+")[0].toLowerCase(java.util.Locale.ROOT);
    String actual = sha256(bytes);
    if (!actual.equals(expected))
      throw new IOException(name + ": checksum mismatch (SHA-256 " + actual + ", expected " + expected
          + "); the model file is corrupt or was replaced without its .sha256");
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (!MAGIC.equals(in.readUTF())) throw new IOException(name + ": not a stancewatch neural stance model");
      int n = in.readInt();
      Map<String, float[]> p = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        String key = in.readUTF();
        float[] v = new float[in.readInt()];
        for (int j = 0; j < v.length; j++) v[j] = in.readFloat();
        p.put(key, v);
      }
      return new StanceNet(p);
    }
  }

  static void save(StanceNet net, Path file) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(MAGIC);
      out.writeInt(net.p.size());
      for (Map.Entry<String, float[]> e : net.p.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeInt(e.getValue().length);
        for (float f : e.getValue()) out.writeFloat(f);
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

  MiniLmEncoder encoder() {
    return encoder;
  }

  /**
   * Probabilities (negative, neutral, positive) per target of each sentence: {@code targets.get(i)} are
   * the targets in {@code sentences.get(i)}. One encoder pass per sentence (batched by length).
   */
  public List<List<float[]>> classify(List<String> sentences, List<List<Target>> targets) {
    int n = sentences.size();
    List<WordPieceTokenizer.Encoding> encs = new ArrayList<>(n);
    for (String s : sentences) encs.add(encoder.tokenizer().encode(s, MiniLmEncoder.MAX_TOKENS));
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    java.util.Arrays.sort(order, (a, b) -> Integer.compare(encs.get(a).length(), encs.get(b).length()));
    MiniLmEncoder.Encoded[] done = new MiniLmEncoder.Encoded[n];
    for (int s = 0; s < n; s += BATCH) {
      List<WordPieceTokenizer.Encoding> batch = new ArrayList<>();
      for (int k = s; k < Math.min(n, s + BATCH); k++) batch.add(encs.get(order[k]));
      List<MiniLmEncoder.Encoded> out = encoder.encode(batch, false);
      for (int k = 0; k < out.size(); k++) done[order[s + k]] = out.get(k);
    }
    List<List<float[]>> result = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      List<float[]> per = new ArrayList<>();
      for (Target t : targets.get(i)) per.add(net.predict(done[i].layer4(), done[i].tokens().length(), done[i].tokens().tokensIn(t.from(), t.to())));
      result.add(per);
    }
    return result;
  }

  /** Probabilities (negative, neutral, positive) for one target. */
  public float[] classify(String sentence, int from, int to) {
    return classify(List.of(sentence), List.of(List.of(new Target(from, to)))).get(0).get(0);
  }

  static final int BATCH = 32;

  @Override
  public void close() {
    encoder.close();
  }
}
