package org.stancewatch.nlp.stance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.stancewatch.nlp.parse.ParsedSentence;

/**
 * Target-dependent sentence stance: a hashed logistic regression over parse and lexical features
 * ({@link SentenceFeatures}) combined with the construction rules. Rules are both model features and
 * a direct term, because the training news (NewsMTSC) rarely shows the conflict constructions
 * ("victory over X") that decide stance in war reporting. Thread-safe.
 */
public final class SentenceStanceClassifier {
  public static final String MODEL_RESOURCE = "/stance/model.bin.gz";
  /** How much a fired rule moves the score, relative to the model's P(pos) - P(neg). */
  public static final double RULE_WEIGHT = 0.6;

  private static volatile SentenceStanceClassifier shared;

  private final HashedLogisticModel model;

  public SentenceStanceClassifier(HashedLogisticModel model) {
    this.model = model;
  }

  /** The classifier with the model bundled as {@value #MODEL_RESOURCE}, loaded once. */
  public static SentenceStanceClassifier shared() {
    SentenceStanceClassifier c = shared;
    if (c == null) {
      synchronized (SentenceStanceClassifier.class) {
        c = shared;
        if (c == null) {
          try (InputStream in = SentenceStanceClassifier.class.getResourceAsStream(MODEL_RESOURCE)) {
            if (in == null) throw new IllegalStateException("Missing classpath resource " + MODEL_RESOURCE
                + " (rebuild with org.stancewatch.nlp.stance.TrainStanceModel)");
            c = new SentenceStanceClassifier(HashedLogisticModel.read(in, MODEL_RESOURCE));
          } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + MODEL_RESOURCE, e);
          }
          shared = c;
        }
      }
    }
    return c;
  }

  public HashedLogisticModel model() { return model; }

  /** Stance of {@code sentence} toward the target at character span [from, to) of the sentence text. */
  public SentenceStance classify(ParsedSentence sentence, int from, int to) {
    return classify(sentence, from, to, List.of());
  }

  /** As above, with the sentence-relative spans of actors the article opposes (see {@link SentenceFeatures}). */
  public SentenceStance classify(ParsedSentence sentence, int from, int to, List<int[]> enemySpans) {
    SentenceFeatures f = SentenceFeatures.extract(sentence, from, to, enemySpans);
    double[] p = model.probabilities(f.features);
    double modelScore = p[2] - p[0];
    double rule = Math.max(-1, Math.min(1, f.ruleScore));
    double score = Math.max(-1, Math.min(1, modelScore + RULE_WEIGHT * rule));
    List<String> cues = new ArrayList<>(f.cues);
    cues.add(String.format(java.util.Locale.ROOT, "model:%+.2f", modelScore));
    return new SentenceStance(score, modelScore, rule, p, cues, f.holderText, f.holderStart, f.holderEnd, f.targetIsSpeaker);
  }
}
