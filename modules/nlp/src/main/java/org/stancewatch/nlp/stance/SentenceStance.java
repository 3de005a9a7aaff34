package org.stancewatch.nlp.stance;

import java.util.List;

/**
 * Stance of one sentence toward one target: {@code score} in [-1, 1], class probabilities
 * (negative, neutral, positive) from the model, the model's P(pos) - P(neg) and the summed rule polarity, the cues that decided it, and the holder (speaker)
 * text if a reporting verb names one. {@code targetIsSpeaker} marks sentences where the target only
 * speaks: such sentences are evidence of what the target says, not of the stance toward it.
 */
public record SentenceStance(double score, double modelScore, double ruleScore, double[] probabilities, List<String> cues, String holder,
                             int holderStart, int holderEnd, boolean targetIsSpeaker) {

  /** -1, 0 or 1: the most probable class after rules. */
  public int polarity() {
    if (score > NEUTRAL_BAND) return 1;
    if (score < -NEUTRAL_BAND) return -1;
    return 0;
  }

  /** Scores within this band count as neutral (0.3: best of 0.1-0.4 by 5-fold CV on NewsMTSC train). */
  public static final double NEUTRAL_BAND = 0.3;
}
