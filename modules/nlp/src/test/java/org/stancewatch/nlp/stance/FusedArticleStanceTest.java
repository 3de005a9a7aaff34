package org.stancewatch.nlp.stance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stancewatch.nlp.Stance;

class FusedArticleStanceTest {
  private static final FusedArticleStance F = FusedArticleStance.DEFAULT;

  private static FusedArticleStance.Sentence s(double neg, double neu, double pos, double rule) {
    return new FusedArticleStance.Sentence(1, neg, neu, pos, rule, false);
  }

  private static FusedArticleStance.Decision decide(List<FusedArticleStance.Sentence> sentences) {
    return F.decide(new FusedArticleStance.ActorEvidence(sentences, 0));
  }

  @Test
  void oneClearSentenceDecidesByTheModelAlone() {
    // The old article path muted the model (0.3 x score, 0.15 threshold for actors without a rule): a
    // one-sentence article could not be AGAINST or FAVOR by the model alone.
    assertEquals(Stance.AGAINST, decide(List.of(s(0.9, 0.08, 0.02, 0))).stance());
    assertEquals(Stance.FAVOR, decide(List.of(s(0.03, 0.07, 0.9, 0))).stance());
    assertEquals(Stance.NEUTRAL, decide(List.of(s(0.1, 0.85, 0.05, 0))).stance());
  }

  @Test
  void noEvidenceIsNeutralWithScoreZero() {
    FusedArticleStance.Decision d = decide(List.of());
    assertEquals(Stance.NEUTRAL, d.stance());
    assertEquals(0, d.score());
  }

  @Test
  void rulesAddToTheModelAsAtSentenceLevel() {
    FusedArticleStance.Sentence neutralWithPraise = s(0.1, 0.8, 0.1, 1);
    assertEquals(SentenceStanceClassifier.RULE_WEIGHT * 1 > 0 ? 1 : 0, Math.signum(F.score(neutralWithPraise)));
    assertTrue(F.score(neutralWithPraise) > F.score(s(0.1, 0.8, 0.1, 0)));
    assertTrue(F.score(s(1, 0, 0, -1)) >= -1, "the sentence score stays in [-1, 1]");
  }

  @Test
  void clearlyOpposedSentencesMakeMixed() {
    List<FusedArticleStance.Sentence> both = List.of(s(0.95, 0.04, 0.01, 0), s(0.95, 0.04, 0.01, 0), s(0.95, 0.04, 0.01, 0),
        s(0.01, 0.04, 0.95, 0), s(0.01, 0.04, 0.95, 0), s(0.01, 0.04, 0.95, 0));
    assertEquals(Stance.MIXED, decide(both).stance());
  }

  @Test
  void anActorNamedOnceInALongReportIsNotItsTarget() {
    FusedArticleStance.Sentence negative = s(0.7, 0.2, 0.1, 0);
    assertEquals(Stance.AGAINST, F.decide(new FusedArticleStance.ActorEvidence(List.of(negative), 0)).stance());
    assertEquals(Stance.NEUTRAL, F.decide(new FusedArticleStance.ActorEvidence(List.of(negative), 20)).stance());
  }

  @Test
  void whatTheActorSaysCountsLessThanWhatIsSaidAboutIt() {
    FusedArticleStance.Sentence about = new FusedArticleStance.Sentence(1, 0.8, 0.1, 0.1, 0, false);
    FusedArticleStance.Sentence said = new FusedArticleStance.Sentence(1, 0.8, 0.1, 0.1, 0, true);
    assertTrue(F.weight(said) < F.weight(about));
  }

  @Test
  void whatAnotherSpeakerSaysAboutTheActorCountsFullyByDefault() {
    // Down-weighting it was measured and not adopted (eval/heldout README, "Rule for attributed speech").
    FusedArticleStance.Sentence about = new FusedArticleStance.Sentence(1, 0.8, 0.1, 0.1, 0, false);
    FusedArticleStance.Sentence reported = new FusedArticleStance.Sentence(1, 0.8, 0.1, 0.1, 0, false, true);
    assertEquals(F.weight(about), F.weight(reported));
    FusedArticleStance d = FusedArticleStance.DEFAULT;
    FusedArticleStance half = new FusedArticleStance(d.ruleWeight(), d.speakerWeight(), d.strong(), d.mixedMinMass(), d.mixedBalance(),
        d.decide(), d.decideModelOnly(), d.shrink(), d.dilution(), 0.5);
    assertEquals(0.5, half.weight(reported), 1e-12);
    assertEquals(1, half.weight(about), 1e-12);
    // In an article of one sentence its weight cancels: the score is the sentence's.
    assertEquals(d.decide(new FusedArticleStance.ActorEvidence(List.of(reported), 0)), half.decide(new FusedArticleStance.ActorEvidence(List.of(reported), 0)));
  }
}
