package org.stancewatch.nlp.neural;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * BERT uncased WordPiece (the HuggingFace {@code tokenizer.json} of the encoder: BertNormalizer with
 * lower-casing and accent stripping, BertPreTokenizer, WordPiece with {@code ##}), written here so that
 * every token keeps the char span of the original text it came from: the stance model needs to know
 * which tokens are the target. Thread-safe (immutable).
 */
public final class WordPieceTokenizer {
  public static final int CLS = 101;
  public static final int SEP = 102;
  private static final int MAX_WORD_CHARS = 100;

  private final Map<String, Integer> vocab;
  private final int unk;

  /** Token ids with [CLS] first and [SEP] last; {@code start/end} are char offsets (-1 for the specials). */
  public record Encoding(int[] ids, int[] start, int[] end) {
    public int length() {
      return ids.length;
    }

    /** Token positions overlapping chars [from, to), or an empty array if none does. */
    public int[] tokensIn(int from, int to) {
      List<Integer> hit = new ArrayList<>();
      for (int i = 0; i < ids.length; i++) if (start[i] >= 0 && start[i] < to && end[i] > from) hit.add(i);
      return hit.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  private WordPieceTokenizer(Map<String, Integer> vocab) {
    this.vocab = vocab;
    this.unk = vocab.get("[UNK]");
  }

  public static WordPieceTokenizer load(InputStream tokenizerJson) throws IOException {
    JsonNode root = new ObjectMapper().readTree(tokenizerJson);
    JsonNode v = root.path("model").path("vocab");
    if (!"WordPiece".equals(root.path("model").path("type").asText()) || !v.isObject())
      throw new IOException("tokenizer.json: expected a WordPiece model with a vocab");
    Map<String, Integer> vocab = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      vocab.put(e.getKey(), e.getValue().asInt());
    }
    return new WordPieceTokenizer(vocab);
  }

  /** Encodes, truncating to at most {@code maxTokens} including [CLS] and [SEP]. */
  public Encoding encode(String text, int maxTokens) {
    // Normalised chars, each with the original char span it came from.
    StringBuilder norm = new StringBuilder();
    List<int[]> origin = new ArrayList<>();
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int n = Character.charCount(cp);
      if (cp == 0 || cp == 0xFFFD || (Character.isISOControl(cp) && !Character.isWhitespace(cp))) {
        i += n;
        continue;
      }
      String s = Character.isWhitespace(cp) || Character.isSpaceChar(cp) ? " " : stripAccents(new String(Character.toChars(cp)).toLowerCase(java.util.Locale.ROOT));
      boolean separate = isPunctuation(cp) || isCjk(cp);
      if (separate) {
        norm.append(' ');
        origin.add(new int[] {i, i + n});
      }
      for (int k = 0; k < s.length(); k++) {
        norm.append(s.charAt(k));
        origin.add(new int[] {i, i + n});
      }
      if (separate) {
        norm.append(' ');
        origin.add(new int[] {i, i + n});
      }
      i += n;
    }
    List<Integer> ids = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    List<Integer> ends = new ArrayList<>();
    ids.add(CLS);
    starts.add(-1);
    ends.add(-1);
    int limit = maxTokens - 1;
    int p = 0;
    while (p < norm.length() && ids.size() < limit) {
      if (norm.charAt(p) == ' ') {
        p++;
        continue;
      }
      int q = p;
      while (q < norm.length() && norm.charAt(q) != ' ') q++;
      wordPiece(norm, p, q, origin, ids, starts, ends, limit);
      p = q;
    }
    ids.add(SEP);
    starts.add(-1);
    ends.add(-1);
    return new Encoding(ids.stream().mapToInt(Integer::intValue).toArray(),
        starts.stream().mapToInt(Integer::intValue).toArray(), ends.stream().mapToInt(Integer::intValue).toArray());
  }

  private void wordPiece(CharSequence norm, int from, int to, List<int[]> origin, List<Integer> ids,
      List<Integer> starts, List<Integer> ends, int limit) {
    List<int[]> pieces = new ArrayList<>(); // {id, from, to}
    if (to - from > MAX_WORD_CHARS) {
      pieces.add(new int[] {unk, from, to});
    } else {
      int s = from;
      while (s < to) {
        int e = to;
        Integer id = null;
        while (e > s) {
          String sub = (s > from ? "##" : "") + norm.subSequence(s, e);
          id = vocab.get(sub);
          if (id != null) break;
          e--;
        }
        if (id == null) {
          pieces.clear();
          pieces.add(new int[] {unk, from, to});
          break;
        }
        pieces.add(new int[] {id, s, e});
        s = e;
      }
    }
    for (int[] pc : pieces) {
      if (ids.size() >= limit) return;
      ids.add(pc[0]);
      starts.add(origin.get(pc[1])[0]);
      ends.add(origin.get(pc[2] - 1)[1]);
    }
  }

  private static String stripAccents(String s) {
    String d = Normalizer.normalize(s, Normalizer.Form.NFD);
    StringBuilder b = new StringBuilder(d.length());
    for (int i = 0; i < d.length(); i++) if (Character.getType(d.charAt(i)) != Character.NON_SPACING_MARK) b.append(d.charAt(i));
    return b.toString();
  }

  private static boolean isPunctuation(int cp) {
    if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) return true;
    int t = Character.getType(cp);
    return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION || t == Character.START_PUNCTUATION
        || t == Character.END_PUNCTUATION || t == Character.INITIAL_QUOTE_PUNCTUATION || t == Character.FINAL_QUOTE_PUNCTUATION
        || t == Character.OTHER_PUNCTUATION;
  }

  private static boolean isCjk(int cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
        || (cp >= 0x2A700 && cp <= 0x2B81F) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
  }
}
