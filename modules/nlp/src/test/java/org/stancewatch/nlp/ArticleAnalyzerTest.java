package org.stancewatch.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stancewatch.nlp.bench.NlpBenchmarkSeeds;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.eval.AnalysisPrinter;
import org.stancewatch.nlp.match.Mention;
import org.stancewatch.nlp.stance.StanceSource;

class ArticleAnalyzerTest {
  private static final LocalDate DAY = LocalDate.of(2017, 7, 21);
  /** The default source (NOPARSE since issue 13's flip). */
  private static ArticleAnalyzer analyzer;
  /** FUSED, for the tests about what the parse's construction rules decide. */
  private static ArticleAnalyzer fused;
  private static List<String> seeds;

  @BeforeAll
  static void setUp() {
    analyzer = new ArticleAnalyzer(ActorCatalogue.starter());
    fused = new ArticleAnalyzer(ActorCatalogue.starter(), StanceSource.FUSED);
    seeds = NlpBenchmarkSeeds.load();
  }

  private static ActorResult actor(ArticleAnalysis a, String id) {
    return a.actors().stream().filter(r -> r.actorId().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError(id + " not found in " + a.actors().stream().map(ActorResult::actorId).toList()));
  }

  /** What a model trained on labelled articles learns from: the pairs the analyser's model scores, each actor's first mention. */
  @Test
  void targetSentencesAreThePairsTheModelScores() {
    String body = "Iraq and Iran signed a deal with Iraq's neighbours. The weather was fine. Iran said it was pleased.";
    List<ArticleAnalyzer.TargetSentence> pairs = analyzer.targetSentences("", body, DAY);
    assertEquals(List.of("iraq", "iran", "iran"), pairs.stream().map(ArticleAnalyzer.TargetSentence::actorId).toList());
    assertEquals("Iraq", pairs.get(0).sentence().substring(pairs.get(0).from(), pairs.get(0).to()));
    assertEquals("Iran said it was pleased.", pairs.get(2).sentence());
    assertEquals("Iran", pairs.get(2).sentence().substring(pairs.get(2).from(), pairs.get(2).to()));
    // No stance for a text that is not English, so no pairs.
    assertEquals(List.of(), analyzer.targetSentences("", "Der Irak und der Iran haben ein Abkommen unterzeichnet, sagte die Regierung am Montag.", DAY));
  }

  @Test
  void theDefaultSourceIsNoParse() {
    // Unless -Dstancewatch.stance / STANCEWATCH_STANCE says otherwise (the test JVM sets neither).
    assertEquals(StanceSource.NOPARSE, StanceSource.DEFAULT);
    assertEquals(StanceSource.NOPARSE, analyzer.stanceSource());
  }

  /** The seed the parse's rules were written on: under FUSED its counter-terror frame makes the army FAVOR. */
  @Test
  void malikiArticleFavoursIraqiForcesAndIsAgainstIsisUnderFused() {
    ArticleAnalysis a = fused.analyze("", seeds.get(0), DAY);
    assertEquals("en", a.language());
    assertEquals(Stance.AGAINST, actor(a, "isis").stance());
    assertEquals(Stance.FAVOR, actor(a, "iraqi-security-forces").stance());
    ActorResult us = actor(a, "united-states");
    // Gold: AGAINST. Since the FUSED article path lets the model speak (FusedArticleStance) the US leans against
    // (score < 0) but its sentences are diluted by the long article's others: NEUTRAL, one of the 4 seed
    // disagreements (39/43 before and after; the set of missed pairs moved).
    assertNotEquals(Stance.FAVOR, us.stance());
    assertTrue(us.score() < 0 && us.score() >= -1);
    assertFalse(us.evidence().isEmpty());
  }

  @Test
  void parsingStopsAtTheBudgetButEveryMentionIsCounted() {
    StringBuilder body = new StringBuilder();
    int sentences = ArticleAnalyzer.MAX_PARSED_SENTENCES + 200;
    for (int i = 0; i < sentences; i++) body.append("The Iraqi army entered village number ").append(i).append(". ");
    ActorResult army = actor(analyzer.analyze("", body.toString(), DAY), "iraqi-security-forces");
    assertEquals(sentences, army.mentions().size(), "mentions are not capped");
    assertEquals(ArticleAnalyzer.MAX_PARSED_SENTENCES, army.evidence().size(), "evidence comes from the parsed sentences only");
  }

  private static final String TWO_EACH = "The government praised the Iraqi army for its courage. Local leaders thanked the Iraqi army for "
      + "protecting their towns. Human rights groups condemned the Iraqi army over the deaths of civilians. "
      + "Residents accused the Iraqi army of looting their homes.";

  /** FUSED: the rules (weight 2) add to the model's scores, so two strong sentences a side reach MIXED's mass. */
  @Test
  void clearlyOpposedViewsMakeMixedUnderFused() {
    ActorResult army = actor(fused.analyze("", TWO_EACH, DAY), "iraqi-security-forces");
    assertEquals(Stance.MIXED, army.stance(), army.evidence().toString());
    String oneSided = TWO_EACH.substring(0, TWO_EACH.indexOf("Human rights"));
    assertEquals(Stance.FAVOR, actor(fused.analyze("", oneSided, DAY), "iraqi-security-forces").stance());
  }

  /**
   * NOPARSE: sentence scores are the model's alone (at most 1 each), so two strong sentences a side (mass ~1.9) stay
   * below MIXED's minimum mass of 2 (FusedArticleStance.DEFAULT) and cancel out to NEUTRAL; a third on each side
   * makes MIXED. One side alone is FAVOR.
   */
  @Test
  void clearlyOpposedViewsMakeMixedUnderNoParseFromThreeSentencesASide() {
    ActorResult two = actor(analyzer.analyze("", TWO_EACH, DAY), "iraqi-security-forces");
    assertEquals(Stance.NEUTRAL, two.stance(), two.evidence().toString());
    String three = TWO_EACH + " Veterans hailed the Iraqi army for its sacrifices. Aid workers blamed the Iraqi army for "
        + "blocking food convoys.";
    ActorResult army = actor(analyzer.analyze("", three, DAY), "iraqi-security-forces");
    assertEquals(Stance.MIXED, army.stance(), army.evidence().toString());
    String oneSided = TWO_EACH.substring(0, TWO_EACH.indexOf("Human rights"));
    assertEquals(Stance.FAVOR, actor(analyzer.analyze("", oneSided, DAY), "iraqi-security-forces").stance());
  }

  /**
   * The learned article decision over the stance pass's states (eval/heldout README, rule v5) is NOPARSE's default,
   * {@code thresholds} turns it off, and it leaves scores, evidence and DEFAULT's MIXED as they are. Two sentences of
   * praise and two of blame in a long article stay DEFAULT's (NEUTRAL): rule v3's version called them FAVOR.
   */
  @Test
  void theEmbeddedArticleDecisionIsTheDefaultAndChangesOnlyTheStance() {
    assertTrue(analyzer.decidesByEmbeddings(), "NOPARSE's default");
    ArticleAnalyzer thresholds = analyzer.withArticleDecision(false);
    assertFalse(thresholds.decidesByEmbeddings());
    assertFalse(fused.withArticleDecision(true).decidesByEmbeddings(), "fitted on NOPARSE's evidence only");
    assertTrue(analyzer.analyzerVersion().matches(java.util.regex.Pattern.quote(thresholds.analyzerVersion()) + "\\+decision-[0-9a-f]{12}"),
        analyzer.analyzerVersion());
    String three = TWO_EACH + " Veterans hailed the Iraqi army for its sacrifices. Aid workers blamed the Iraqi army for "
        + "blocking food convoys.";
    assertEquals(Stance.MIXED, actor(analyzer.analyze("", three, DAY), "iraqi-security-forces").stance());
    String longTwoEach = TWO_EACH + " The talks resumed in Geneva on Monday. Delegates met for six hours. The weather was mild. "
        + "A second round is planned for May. Officials gave no further details.";
    ActorResult army = actor(analyzer.analyze("", longTwoEach, DAY), "iraqi-security-forces");
    assertEquals(Stance.NEUTRAL, army.stance(), army.evidence().toString());
    for (String seed : seeds) {
      List<ActorResult> plain = thresholds.analyze("", seed, DAY).actors();
      List<ActorResult> learned = analyzer.analyze("", seed, DAY).actors();
      assertEquals(plain.size(), learned.size());
      for (int i = 0; i < plain.size(); i++) {
        assertEquals(plain.get(i).score(), learned.get(i).score());
        assertEquals(plain.get(i).evidence(), learned.get(i).evidence());
        // Rule v7: the Alwaght seed's ISIS (score -0.33, DEFAULT AGAINST) was FAVOR before the guard.
        Stance before = plain.get(i).stance(), after = learned.get(i).stance();
        assertFalse(before == Stance.AGAINST && after == Stance.FAVOR || before == Stance.FAVOR && after == Stance.AGAINST,
            plain.get(i).actorId() + ": " + before + " -> " + after);
      }
    }
  }

  /** A mistyped -Dstancewatch.article.decision is an error naming the setting and the value, not a silent default. */
  @Test
  void aMistypedArticleDecisionSettingIsAClearError() {
    try {
      System.setProperty(ArticleAnalyzer.ARTICLE_DECISION_PROPERTY, "embeded");
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          ArticleAnalyzer::embeddedConfigured);
      assertEquals("-Dstancewatch.article.decision must be thresholds or embedded, not 'embeded'", e.getMessage());
      System.setProperty(ArticleAnalyzer.ARTICLE_DECISION_PROPERTY, " Thresholds ");
      assertFalse(ArticleAnalyzer.embeddedConfigured(), "case and spaces do not matter");
    } finally {
      System.clearProperty(ArticleAnalyzer.ARTICLE_DECISION_PROPERTY);
    }
    assertTrue(ArticleAnalyzer.embeddedConfigured(), "unset: the learned decision");
  }

  @Test
  void offsetsIndexTheBodyWhenATitleIsGiven() {
    String body = "The Iraqi army liberated Mosul from ISIS terrorists.";
    ArticleAnalysis a = analyzer.analyze("ISIS defeated in Mosul", body, DAY);
    for (ActorResult r : a.actors()) {
      for (Mention m : r.mentions()) assertEquals(m.text(), body.substring(m.start(), m.end()));
      for (Evidence e : r.evidence()) {
        if (e.start() >= 0) assertEquals(e.sentence(), body.substring(e.start(), e.end()));
      }
    }
    ActorResult isis = actor(a, "isis");
    assertEquals(1, isis.mentions().size(), "the title mention is not a body mention");
    assertTrue(isis.evidence().stream().anyMatch(e -> e.start() == -1), "the title counts as evidence");
  }

  /** Raw text keeps its headline line in the body: the headline sentence is evidence once, not twice. */
  @Test
  void aTitleTheBodyHoldsIsCountedOnce() {
    String title = "Iraqi army praised for liberating Mosul from ISIS";
    String body = "Posted on 12 July 2017\n\n" + title + "\n\nResidents thanked the soldiers. ISIS fighters fled the city.";
    ArticleAnalysis a = analyzer.analyze(title, body, DAY);
    ActorResult isis = actor(a, "isis");
    List<Evidence> headline = isis.evidence().stream().filter(e -> e.sentence().equals(title)).toList();
    assertEquals(1, headline.size(), "one piece of evidence for the headline: " + AnalysisPrinter.json(a));
    assertEquals(body.indexOf(title), headline.get(0).start(), "at its place in the body");
    assertEquals(1, isis.mentions().stream().filter(m -> m.start() < body.indexOf("Residents")).count());
    // The same article with the headline missing from the body still gets it, as a title (offsets -1).
    String bodyWithout = body.replace(title + "\n\n", "");
    ActorResult isisPrepended = actor(analyzer.analyze(title, bodyWithout, DAY), "isis");
    assertEquals(List.of(-1), isisPrepended.evidence().stream().filter(e -> e.sentence().equals(title)).map(Evidence::start).toList());
  }

  /** A title the reader cut from the lead ("...…") is the lead's start: it adds no evidence of its own. */
  @Test
  void aTitleCutFromTheLeadAddsNothing() {
    String body = seeds.get(0);
    String lead = body.lines().filter(l -> !l.isBlank()).findFirst().orElseThrow().strip();
    String cut = lead.substring(0, lead.lastIndexOf(' ', 110)) + "\u2026";
    assertEquals(AnalysisPrinter.json(analyzer.analyze("", body, DAY)), AnalysisPrinter.json(analyzer.analyze(cut, body, DAY)));
  }

  @Test
  void nonEnglishArticleGetsMentionsButNeutralStance() {
    String body = "Die irakische Armee hat Mosul von ISIS befreit. Der Sieg über ISIS ist ein Erfolg für den Irak und die Armee.";
    ArticleAnalysis a = analyzer.analyze("", body, DAY);
    assertEquals("und", a.language());
    ActorResult isis = actor(a, "isis");
    assertEquals(Stance.NEUTRAL, isis.stance());
    assertTrue(isis.evidence().get(0).cues().get(0).startsWith("language:"));
  }

  @Test
  void twoThreadsGiveTheSameOutputAsOne() throws Exception {
    List<String> single = new ArrayList<>();
    for (String s : seeds) single.add(AnalysisPrinter.json(analyzer.analyze("", s, DAY)));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (int round = 0; round < 2; round++) {
        for (String s : seeds) futures.add(pool.submit(() -> AnalysisPrinter.json(analyzer.analyze("", s, DAY))));
      }
      for (int i = 0; i < futures.size(); i++) assertEquals(single.get(i % seeds.size()), futures.get(i).get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void versionNamesTheSourceAndTheModels() {
    assertTrue(ArticleAnalyzer.version(StanceSource.FUSED).matches("nlp-0\\.10\\+fused\\+model-[0-9a-f]{8}\\+neural-[0-9a-f]{12}"),
        ArticleAnalyzer.version(StanceSource.FUSED));
    assertTrue(ArticleAnalyzer.version(StanceSource.CLASSIC).matches("nlp-0\\.10\\+classic\\+model-[0-9a-f]{8}"),
        ArticleAnalyzer.version(StanceSource.CLASSIC));
    // Enriched articles must be re-enriched when the tagger changes: every source has its own version.
    assertEquals(StanceSource.values().length, java.util.Arrays.stream(StanceSource.values()).map(ArticleAnalyzer::version).distinct().count());
    assertEquals(ArticleAnalyzer.version(StanceSource.NEURAL), new ArticleAnalyzer(ActorCatalogue.starter(), StanceSource.NEURAL).analyzerVersion());
  }

  @Test
  void aClearlyNegativeOneSentenceArticleIsAgainstUnderFused() {
    // The old FUSED article path muted the model (0.3 x its score, shrunk by half, 0.15 needed for actors without a
    // rule), so no one-sentence article could be FAVOR or AGAINST by the model alone, however clear the sentence.
    ArticleAnalyzer fused = new ArticleAnalyzer(ActorCatalogue.starter(), StanceSource.FUSED);
    String against = "Donald Trump is a liar and a fraud.";
    String favor = "Angela Merkel has been a blessing for Europe.";
    // No construction rule fires: the model alone decides.
    assertTrue(fused.fusedEvidence("News of the day", against, DAY).get("donald-trump").sentences().stream().allMatch(x -> x.rule() == 0));
    assertTrue(fused.fusedEvidence("Morning briefing", favor, DAY).get("angela-merkel").sentences().stream().allMatch(x -> x.rule() == 0));
    ActorResult trump = actor(fused.analyze("News of the day", against, DAY), "donald-trump");
    assertEquals(Stance.AGAINST, trump.stance(), trump.toString());
    ActorResult merkel = actor(fused.analyze("Morning briefing", favor, DAY), "angela-merkel");
    assertEquals(Stance.FAVOR, merkel.stance(), merkel.toString());
  }
}
