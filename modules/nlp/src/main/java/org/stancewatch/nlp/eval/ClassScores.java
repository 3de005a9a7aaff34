package org.stancewatch.nlp.eval;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Confusion counts over named classes: per-class precision/recall/F1, accuracy, macro-F1. */
public final class ClassScores {
  private final List<String> labels;
  private final int[][] confusion; // [gold][predicted]

  public ClassScores(List<String> labels) {
    this.labels = List.copyOf(labels);
    this.confusion = new int[labels.size()][labels.size()];
  }

  public void add(int gold, int predicted) { confusion[gold][predicted]++; }

  /** Adds another confusion over the same labels (pooling cross-validation folds). */
  public void add(ClassScores other) {
    if (!other.labels.equals(labels)) throw new IllegalArgumentException("labels " + other.labels + " are not " + labels);
    for (int g = 0; g < confusion.length; g++) for (int p = 0; p < confusion.length; p++) confusion[g][p] += other.confusion[g][p];
  }

  public int total() {
    int n = 0;
    for (int[] row : confusion) for (int v : row) n += v;
    return n;
  }

  public int correct() {
    int n = 0;
    for (int i = 0; i < confusion.length; i++) n += confusion[i][i];
    return n;
  }

  public double accuracy() { return total() == 0 ? 0 : (double) correct() / total(); }

  public double precision(int c) {
    int p = 0;
    for (int[] row : confusion) p += row[c];
    return p == 0 ? 0 : (double) confusion[c][c] / p;
  }

  public double recall(int c) {
    int g = 0;
    for (int v : confusion[c]) g += v;
    return g == 0 ? 0 : (double) confusion[c][c] / g;
  }

  public double f1(int c) {
    double p = precision(c), r = recall(c);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** Macro-F1 over the classes that occur in gold or predictions. */
  public double macroF1() {
    double sum = 0;
    int k = 0;
    for (int c = 0; c < labels.size(); c++) {
      int g = 0, p = 0;
      for (int j = 0; j < labels.size(); j++) { g += confusion[c][j]; p += confusion[j][c]; }
      if (g + p == 0) continue;
      sum += f1(c);
      k++;
    }
    return k == 0 ? 0 : sum / k;
  }

  /** Gold items of class {@code c}. */
  public int goldCount(int c) {
    int g = 0;
    for (int v : confusion[c]) g += v;
    return g;
  }

  /** Items predicted as class {@code c}. */
  public int predictedCount(int c) {
    int p = 0;
    for (int[] row : confusion) p += row[c];
    return p;
  }

  /** Macro-F1 over the given classes, whether or not they occur (a class nobody uses scores 0). */
  public double macroF1(java.util.Collection<Integer> classes) {
    double sum = 0;
    for (int c : classes) sum += f1(c);
    return classes.isEmpty() ? 0 : sum / classes.size();
  }

  public void print(PrintStream out) {
    out.printf(Locale.ROOT, "%-10s %6s %6s %6s %6s%n", "class", "P", "R", "F1", "gold");
    for (int c = 0; c < labels.size(); c++) {
      int g = 0;
      for (int v : confusion[c]) g += v;
      out.printf(Locale.ROOT, "%-10s %6.3f %6.3f %6.3f %6d%n", labels.get(c), precision(c), recall(c), f1(c), g);
    }
  }
}
