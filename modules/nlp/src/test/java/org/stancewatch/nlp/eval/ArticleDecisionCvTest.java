package org.stancewatch.nlp.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stancewatch.nlp.Stance;
import org.stancewatch.nlp.stance.FusedArticleStance;

class ArticleDecisionCvTest {

  static ArticleDecisionCv.Pair pair(double negative, double positive, int sentences, Stance truth) {
    return new ArticleDecisionCv.Pair("s", evidence(negative, positive, sentences), 0.5, truth, List.of());
  }

  private static FusedArticleStance.ActorEvidence evidence(double negative, double positive, int sentences) {
    List<FusedArticleStance.Sentence> ss = new ArrayList<>();
    for (int i = 0; i < sentences; i++) ss.add(new FusedArticleStance.Sentence(1, negative, 1 - negative - positive, positive, 0, false));
    return new FusedArticleStance.ActorEvidence(ss, 2);
  }

  @Test
  void learnsWhichSideOfTheEvidenceEachStanceIsOn() {
    List<ArticleDecisionCv.Pair> train = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      double d = i / 100.0;
      train.add(pair(0.8 + d / 2, 0.05, 2 + i % 3, Stance.AGAINST));
      train.add(pair(0.05, 0.8 + d / 2, 2 + i % 3, Stance.FAVOR));
      train.add(pair(0.1 + d, 0.1, 1 + i % 3, Stance.NEUTRAL));
    }
    LearnedArticleDecision model = ArticleDecisionCv.fit(train, 0.1, false);
    assertEquals(Stance.AGAINST, model.predict(ArticleDecisionCv.features(pair(0.85, 0.05, 3, Stance.AGAINST))));
    assertEquals(Stance.FAVOR, model.predict(ArticleDecisionCv.features(pair(0.05, 0.85, 3, Stance.FAVOR))));
    assertEquals(Stance.NEUTRAL, model.predict(ArticleDecisionCv.features(pair(0.12, 0.1, 2, Stance.NEUTRAL))));
  }

  @Test
  void aMissingActorIsNotLearnedFrom() {
    List<ArticleDecisionCv.Pair> train = new ArrayList<>(List.of(new ArticleDecisionCv.Pair("s", null, 0, Stance.AGAINST, List.of())));
    for (int i = 0; i < 5; i++) train.add(pair(0.1, 0.1, 2, Stance.NEUTRAL));
    assertEquals(Stance.NEUTRAL, ArticleDecisionCv.fit(train, 1, true).predict(ArticleDecisionCv.features(pair(0.9, 0.05, 3, Stance.AGAINST))));
  }

  @Test
  void asItWouldShipDefaultDecidesMixedAndShortArticlesAndAlwaysGivesTheScore() {
    List<ArticleDecisionCv.Pair> train = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      train.add(pair(0.85, 0.05, 3, Stance.AGAINST));
      train.add(pair(0.05, 0.85, 3, Stance.FAVOR));
      train.add(pair(0.1 + i / 100.0, 0.1, 2, Stance.NEUTRAL));
    }
    LearnedArticleDecision model = ArticleDecisionCv.fit(train, 0.1, false);
    // A long article: the regression's class, with DEFAULT's score.
    FusedArticleStance.ActorEvidence favoured = evidence(0.05, 0.85, 3);
    assertEquals(Stance.FAVOR, model.decide(favoured, 0.5).stance());
    assertEquals(FusedArticleStance.DEFAULT.decide(favoured).score(), model.decide(favoured, 0.5).score());
    // Short: one sentence is not the kind of article the regression is fitted on (it scored F1m 0.699 there).
    FusedArticleStance.ActorEvidence oneSentence = new FusedArticleStance.ActorEvidence(evidence(0.1, 0.1, 1).sentences(), 0);
    assertEquals(FusedArticleStance.DEFAULT.decide(oneSentence), model.decide(oneSentence, 0.5));
    // MIXED: strong sentences on both sides; the regression has no MIXED class.
    List<FusedArticleStance.Sentence> both = new ArrayList<>(evidence(0.95, 0, 3).sentences());
    both.addAll(evidence(0, 0.95, 3).sentences());
    FusedArticleStance.ActorEvidence mixed = new FusedArticleStance.ActorEvidence(both, 2);
    assertEquals(Stance.MIXED, model.decide(mixed, 0.9).stance());
  }

  @Test
  void aCentredDecisionReadsAnActorAgainstTheArticlesOtherActors() {
    // Every actor of a war report reads negative: centred on the others, none stands out.
    FusedArticleStance.ActorEvidence negative = evidence(0.9, 0, 3);
    ArticleDecisionCv.Pair inWarReport = new ArticleDecisionCv.Pair("s", negative, 0.5, Stance.NEUTRAL, List.of(negative, negative));
    assertEquals(Stance.AGAINST.ordinal(), new ArticleDecisionCv.Centred(0, 0, 0.25).decide(inWarReport));
    assertEquals(Stance.NEUTRAL.ordinal(), new ArticleDecisionCv.Centred(0, 1, 0.25).decide(inWarReport));
    // Against actors the article favours, the same evidence is a stance.
    ArticleDecisionCv.Pair besideFavoured = new ArticleDecisionCv.Pair("s", negative, 0.5, Stance.AGAINST, List.of(evidence(0, 0.6, 3)));
    assertEquals(Stance.AGAINST.ordinal(), new ArticleDecisionCv.Centred(0, 1, 0.25).decide(besideFavoured));
  }
}
