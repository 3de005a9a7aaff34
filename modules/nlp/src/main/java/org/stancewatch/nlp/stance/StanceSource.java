package org.stancewatch.nlp.stance;

import java.util.Locale;
import org.stancewatch.nlp.neural.NeuralStanceModel;

/**
 * Where sentence stance comes from. {@link #CLASSIC}: the hashed logistic model + construction rules over
 * ClearNLP parses. {@link #NEURAL}: the fine-tuned MiniLM alone (no parse). {@link #FUSED}: the fine-tuned
 * MiniLM in place of the hashed model, plus the construction rules (and holders) from the parse. {@link #NOPARSE}:
 * FUSED's article decision ({@link FusedArticleStance}) over the fine-tuned MiniLM's sentence scores alone, with the
 * speakers of reporting verbs found from the words ({@link SurfaceHolders}) instead of the parse, and no construction
 * rules: ClearNLP is never loaded (issue 13 point 5, "what the parse buys").
 */
public enum StanceSource {
  CLASSIC, NEURAL, FUSED, NOPARSE;

  /** The system property that picks the analyser's default source (also read from env STANCEWATCH_STANCE). */
  public static final String PROPERTY = "stancewatch.stance";
  /**
   * The default: NOPARSE (issue 13, "what the parse buys"): it scores as FUSED on NewsMTSC dev (sentence F1m 0.806 vs
   * 0.811, article path 0.762 vs 0.763) at 2.1x FUSED's articles/s, 1.6 s load instead of 11-14 s and ~25 MB of heap
   * instead of ~1.1 GB. The parse's rules only win on the seeds they were written on (39/43 vs 19/43, in-sample).
   * FUSED, CLASSIC and NEURAL stay selectable. Measured in the nlp README, so a change here needs the figures. It runs
   * the model without its marker ({@link #neuralModel()}): 0.797 dev F1m at 1.27-1.53x the classic analyser's speed.
   */
  public static final StanceSource DEFAULT = NOPARSE;

  /**
   * The committed neural model this source runs: {@code -Dstancewatch.neural.model} when set, else NOPARSE's own default,
   * the marked weights run without their marker (one encoder pass per sentence for every actor in it: 1.27-1.53x the
   * classic analyser's articles/s where the marked model gives 0.83-0.89x, at NewsMTSC dev F1m 0.797 vs 0.806; nlp
   * README), and for NEURAL and FUSED the marked model their figures and calibration were measured with.
   */
  public NeuralStanceModel.Variant neuralModel() {
    return NeuralStanceModel.Variant.configuredOr(
        this == NOPARSE ? NeuralStanceModel.Variant.MARKED_POOLED : NeuralStanceModel.Variant.MARKED);
  }

  /** True for the sources that load ClearNLP (and so need a multi-GB heap). */
  public boolean parses() {
    return this == CLASSIC || this == FUSED;
  }

  /** {@link #PROPERTY}, else env STANCEWATCH_STANCE, else {@link #DEFAULT}. */
  public static StanceSource configured() {
    String v = System.getProperty(PROPERTY);
    if (v == null || v.isBlank()) v = System.getenv("STANCEWATCH_STANCE");
    return v == null || v.isBlank() ? DEFAULT : parse(v);
  }

  public static StanceSource parse(String v) {
    try {
      return valueOf(v.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown stance source '" + v + "' (expected classic, neural, fused or noparse)");
    }
  }
}
