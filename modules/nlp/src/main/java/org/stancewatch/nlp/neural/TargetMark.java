package org.stancewatch.nlp.neural;

import java.util.Locale;

/**
 * How the stance model is told which span is the target. {@link #TYPE}: token type 1 on the target's word pieces
 * (one encoder pass per sentence-target pair; {@code neural-stance.bin}). {@link #NONE}: every token type 0, the
 * target enters only through the head's mean over its pieces, so one pass per sentence serves every target in it
 * ({@code neural-stance-pooled.bin}).
 */
public enum TargetMark {
  TYPE,
  NONE;

  /** {@code type} / {@code none}, as on the command line. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
