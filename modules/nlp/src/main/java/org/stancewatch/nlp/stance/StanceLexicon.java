package org.stancewatch.nlp.stance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The polarity lexicon and closed word classes from {@code stance/lexicon.tsv} and {@code stance/cues.tsv}. */
public final class StanceLexicon {
  private static final StanceLexicon DEFAULT = new StanceLexicon();

  private final Map<String, Double> polarity = new HashMap<>();
  private final Map<String, Set<String>> classes = new HashMap<>();

  private StanceLexicon() {
    read("/stance/lexicon.tsv", (a, b) -> polarity.put(a, Double.parseDouble(b)));
    read("/stance/cues.tsv", (a, b) -> classes.computeIfAbsent(a, k -> new HashSet<>()).add(b));
  }

  public static StanceLexicon get() { return DEFAULT; }

  /** Polarity in [-2, 2] of a lemma, 0 if unknown. */
  public double polarity(String lemma) {
    Double p = polarity.get(lemma);
    return p == null ? 0 : p;
  }

  public boolean is(String wordClass, String lemma) {
    Set<String> s = classes.get(wordClass);
    return s != null && s.contains(lemma);
  }

  private interface Row { void accept(String a, String b); }

  private static void read(String resource, Row row) {
    try (InputStream in = StanceLexicon.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("Missing classpath resource " + resource);
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank() || line.startsWith("#")) continue;
        String[] f = line.split("\t");
        if (f.length != 2) throw new IllegalStateException(resource + " line " + n + ": expected two tab-separated fields: " + line);
        row.accept(f[0].trim(), f[1].trim());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + resource, e);
    }
  }
}
