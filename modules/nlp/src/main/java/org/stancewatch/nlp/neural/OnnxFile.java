package org.stancewatch.nlp.neural;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The few parts of an ONNX ModelProto this package needs, read with a minimal protobuf wire-format
 * reader (no generated ONNX classes exist for Java): the float initializers by name, and the model
 * bytes with extra graph outputs appended (protobuf merges a repeated embedded field written twice,
 * so appending a second {@code graph} holding only {@code output} entries adds outputs to the graph).
 */
final class OnnxFile {
  private static final int MODEL_GRAPH = 7;
  private static final int GRAPH_INITIALIZER = 5;
  private static final int GRAPH_OUTPUT = 12;
  private static final int TENSOR_DIMS = 1;
  private static final int TENSOR_DATA_TYPE = 2;
  private static final int TENSOR_NAME = 8;
  private static final int TENSOR_RAW_DATA = 9;
  private static final int FLOAT = 1;

  private OnnxFile() {}

  /** Float tensors stored as raw_data initializers, by name (row-major, as in the file). */
  static Map<String, float[]> floatInitializers(byte[] model) {
    Map<String, float[]> out = new HashMap<>();
    rawFloatData(model).forEach((name, at) -> {
      float[] v = new float[at[1] / 4];
      ByteBuffer.wrap(model, at[0], at[1]).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
      out.put(name, v);
    });
    return out;
  }

  /**
   * A copy of the model with the named float initialisers' values replaced (same sizes): the raw_data bytes are
   * overwritten in place, so the graph and every other byte stay as they were. ONNX Runtime then runs the
   * fine-tuned weights with the stock graph and its optimisations.
   */
  static byte[] withInitializers(byte[] model, Map<String, float[]> values) {
    Map<String, int[]> at = rawFloatData(model);
    byte[] out = model.clone();
    for (Map.Entry<String, float[]> e : values.entrySet()) {
      int[] a = at.get(e.getKey());
      if (a == null) throw new IllegalArgumentException("ONNX graph has no float initialiser named " + e.getKey());
      if (a[1] != e.getValue().length * 4)
        throw new IllegalArgumentException("ONNX initialiser " + e.getKey() + " has " + a[1] / 4 + " values, not " + e.getValue().length);
      ByteBuffer.wrap(out, a[0], a[1]).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(e.getValue());
    }
    return out;
  }

  /** An initialiser's new value: ONNX data type (1 float, 2 uint8, 3 int8), dims, little-endian raw bytes. */
  record Tensor(int dataType, long[] dims, byte[] raw) {}

  /**
   * A copy of the model with the named initialisers re-encoded (any type and size; every other byte of the graph is
   * copied as it was). Every name must be an initialiser of the graph.
   */
  static byte[] withTensors(byte[] model, Map<String, Tensor> tensors) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(model.length);
    java.util.Set<String> done = new java.util.HashSet<>();
    Reader m = new Reader(model, 0, model.length);
    while (m.more()) {
      int from = m.pos;
      int tag = m.varint32();
      if (tag >>> 3 == MODEL_GRAPH && (tag & 7) == 2) {
        int len = m.varint32();
        ByteArrayOutputStream graph = new ByteArrayOutputStream(len);
        Reader g = new Reader(model, m.pos, m.pos + len);
        m.pos += len;
        while (g.more()) {
          int fieldFrom = g.pos;
          int gt = g.varint32();
          if (gt >>> 3 == GRAPH_INITIALIZER && (gt & 7) == 2) {
            int tl = g.varint32();
            String name = tensorName(model, g.pos, g.pos + tl);
            g.pos += tl;
            Tensor t = tensors.get(name);
            if (t != null) {
              byte[] enc = encode(name, t);
              graph.writeBytes(concat(new byte[] {(byte) (GRAPH_INITIALIZER << 3 | 2)}, varint(enc.length), enc));
              done.add(name);
              continue;
            }
          } else {
            g.skip(gt);
          }
          graph.write(model, fieldFrom, g.pos - fieldFrom);
        }
        byte[] gb = graph.toByteArray();
        out.writeBytes(concat(new byte[] {(byte) (MODEL_GRAPH << 3 | 2)}, varint(gb.length), gb));
      } else {
        m.skip(tag);
        out.write(model, from, m.pos - from);
      }
    }
    if (done.size() != tensors.size()) {
      throw new IllegalArgumentException("ONNX graph has no initialiser named " + tensors.keySet().stream().filter(k -> !done.contains(k)).toList());
    }
    return out.toByteArray();
  }

  private static String tensorName(byte[] b, int from, int to) {
    Reader t = new Reader(b, from, to);
    while (t.more()) {
      int tag = t.varint32();
      if (tag >>> 3 == TENSOR_NAME) {
        int l = t.varint32();
        return new String(b, t.pos, l, StandardCharsets.UTF_8);
      }
      t.skip(tag);
    }
    return null;
  }

  /** TensorProto{dims=1 (packed), data_type=2, name=8, raw_data=9}. */
  private static byte[] encode(String name, Tensor t) {
    ByteArrayOutputStream dims = new ByteArrayOutputStream();
    for (long d : t.dims()) dims.writeBytes(varint((int) d));
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    if (t.dims().length > 0) o.writeBytes(concat(new byte[] {(byte) (TENSOR_DIMS << 3 | 2)}, varint(dims.size()), dims.toByteArray()));
    o.writeBytes(concat(new byte[] {(byte) (TENSOR_DATA_TYPE << 3)}, varint(t.dataType())));
    o.writeBytes(concat(new byte[] {(byte) (TENSOR_NAME << 3 | 2)}, varint(n.length), n));
    o.writeBytes(concat(new byte[] {(byte) (TENSOR_RAW_DATA << 3 | 2)}, varint(t.raw().length), t.raw()));
    return o.toByteArray();
  }

  /** Name -> {offset, length} of each float initialiser's raw_data bytes. */
  private static Map<String, int[]> rawFloatData(byte[] model) {
    Map<String, int[]> out = new HashMap<>();
    Reader m = new Reader(model, 0, model.length);
    while (m.more()) {
      int tag = m.varint32();
      if (tag >>> 3 == MODEL_GRAPH && (tag & 7) == 2) {
        int len = m.varint32();
        Reader g = new Reader(model, m.pos, m.pos + len);
        m.pos += len;
        while (g.more()) {
          int gt = g.varint32();
          if (gt >>> 3 == GRAPH_INITIALIZER && (gt & 7) == 2) {
            int tl = g.varint32();
            readTensor(model, g.pos, g.pos + tl, out);
            g.pos += tl;
          } else {
            g.skip(gt);
          }
        }
      } else {
        m.skip(tag);
      }
    }
    return out;
  }

  private static void readTensor(byte[] b, int from, int to, Map<String, int[]> out) {
    Reader t = new Reader(b, from, to);
    String name = null;
    int type = 0;
    int rawFrom = -1;
    int rawLen = 0;
    while (t.more()) {
      int tag = t.varint32();
      int f = tag >>> 3;
      if (f == TENSOR_NAME) {
        int l = t.varint32();
        name = new String(b, t.pos, l, StandardCharsets.UTF_8);
        t.pos += l;
      } else if (f == TENSOR_DATA_TYPE) {
        type = t.varint32();
      } else if (f == TENSOR_RAW_DATA) {
        rawLen = t.varint32();
        rawFrom = t.pos;
        t.pos += rawLen;
      } else {
        t.skip(tag);
      }
    }
    if (name == null || type != FLOAT || rawFrom < 0) return;
    out.put(name, new int[] {rawFrom, rawLen});
  }

  /** The model with float tensor graph outputs added for the named intermediate values. */
  static byte[] withOutputs(byte[] model, String... names) {
    ByteArrayOutputStream graph = new ByteArrayOutputStream();
    for (String name : names) {
      // ValueInfoProto{name=1, type=2: TypeProto{tensor_type=1: Tensor{elem_type=1: FLOAT}}}
      byte[] tensor = {(byte) 0x08, (byte) FLOAT};
      byte[] typeProto = concat(new byte[] {0x0a}, varint(tensor.length), tensor);
      byte[] n = name.getBytes(StandardCharsets.UTF_8);
      byte[] info = concat(new byte[] {0x0a}, varint(n.length), n, new byte[] {0x12}, varint(typeProto.length), typeProto);
      graph.writeBytes(concat(new byte[] {(byte) (GRAPH_OUTPUT << 3 | 2)}, varint(info.length), info));
    }
    byte[] g = graph.toByteArray();
    return concat(model, new byte[] {(byte) (MODEL_GRAPH << 3 | 2)}, varint(g.length), g);
  }

  private static byte[] varint(int v) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    while ((v & ~0x7f) != 0) {
      o.write((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    o.write(v);
    return o.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) o.writeBytes(p);
    return o.toByteArray();
  }

  private static final class Reader {
    final byte[] b;
    int pos;
    final int end;

    Reader(byte[] b, int pos, int end) {
      this.b = b;
      this.pos = pos;
      this.end = end;
    }

    boolean more() {
      return pos < end;
    }

    long varint() {
      long r = 0;
      for (int s = 0; ; s += 7) {
        int c = b[pos++] & 0xff;
        r |= (long) (c & 0x7f) << s;
        if (c < 0x80) return r;
      }
    }

    int varint32() {
      return (int) varint();
    }

    void skip(int tag) {
      switch (tag & 7) {
        case 0 -> varint();
        case 1 -> pos += 8;
        case 2 -> {
          int len = varint32(); // read before adding: `pos += varint32()` would lose the varint's own advance
          pos += len;
        }
        case 5 -> pos += 4;
        default -> throw new IllegalArgumentException("ONNX file: unsupported protobuf wire type " + (tag & 7) + " at byte " + pos);
      }
    }
  }
}
