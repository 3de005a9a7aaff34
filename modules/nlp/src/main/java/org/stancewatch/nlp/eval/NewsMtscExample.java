package org.stancewatch.nlp.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One NewsMTSC line: a sentence, the target span [from, to) and polarity -1/0/1. */
public record NewsMtscExample(String sentence, int from, int to, String mention, int polarity) {

  /** Reads a JSONL file; a malformed line fails with the file, line number and reason. */
  public static List<NewsMtscExample> read(Path jsonl) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<NewsMtscExample> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) continue;
        try {
          JsonNode o = json.readTree(line);
          String s = required(o, "sentence").asText();
          int from = required(o, "from").asInt(), to = required(o, "to").asInt();
          int pol = required(o, "polarity").asInt();
          if (from < 0 || to > s.length() || from >= to) throw new IllegalArgumentException("span " + from + ".." + to + " outside the sentence");
          if (pol < -1 || pol > 1) throw new IllegalArgumentException("polarity " + pol + " not in -1..1");
          out.add(new NewsMtscExample(s, from, to, o.path("mention").asText(s.substring(from, to)), pol));
        } catch (IOException | IllegalArgumentException e) {
          throw new IOException(jsonl + " line " + n + ": " + e.getMessage(), e);
        }
      }
    }
    return out;
  }

  /** Writes examples as JSONL that {@link #read} reads back (the record's fields, which are the ones it reads). */
  public static void write(Path jsonl, List<NewsMtscExample> examples) throws IOException {
    ObjectMapper json = new ObjectMapper();
    StringBuilder b = new StringBuilder();
    for (NewsMtscExample e : examples) b.append(json.writeValueAsString(e)).append('\n');
    Files.writeString(jsonl, b, StandardCharsets.UTF_8);
  }

  private static JsonNode required(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) throw new IllegalArgumentException("missing field '" + field + "'");
    return v;
  }
}
