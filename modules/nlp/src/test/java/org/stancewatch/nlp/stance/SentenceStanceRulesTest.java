package org.stancewatch.nlp.stance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stancewatch.nlp.parse.DependencyParser;
import org.stancewatch.nlp.parse.ParsedSentence;

/** Each rule on a real sentence from the seed articles (seeds/*.txt). Uses the shared parser. */
class SentenceStanceRulesTest {
  private static final String MALIKI = "Iraqi Vice President, Nouri Al-Maliki said the victory over ISIS terrorists in Mosul "
      + "was an achievement of the Iraqi army and Popular Mobilization Forces, not of the United States.";

  private static SentenceStance classify(String sentence, String target) {
    int from = sentence.indexOf(target);
    assertTrue(from >= 0, "target not in sentence: " + target);
    ParsedSentence parsed = DependencyParser.shared().parse(sentence);
    return SentenceStanceClassifier.shared().classify(parsed, from, from + target.length());
  }

  private static boolean hasCue(SentenceStance s, String prefix) {
    return s.cues().stream().anyMatch(c -> c.startsWith(prefix));
  }

  @Test
  void victoryOverXIsAgainstX() {
    SentenceStance isis = classify(MALIKI, "ISIS");
    assertTrue(hasCue(isis, "rule:victory-over-X"), isis.cues().toString());
    assertEquals(-1, isis.polarity(), "score " + isis.score());
  }

  @Test
  void negatedAttributionNotOfTheUnitedStatesIsAgainst() {
    SentenceStance us = classify(MALIKI, "United States");
    assertTrue(hasCue(us, "rule:achievement-of-X(negated)"), us.cues().toString());
    assertEquals(-1, us.polarity(), "score " + us.score());
    SentenceStance army = classify(MALIKI, "Iraqi army");
    assertTrue(hasCue(army, "rule:achievement-of-X") && !hasCue(army, "rule:achievement-of-X(negated)"), army.cues().toString());
    assertEquals(1, army.polarity(), "score " + army.score());
  }

  @Test
  void speakerOfReportingVerbIsHolderNotTarget() {
    String s = "ISIS will be unable to advance or take over territories in Iraq, but its sleeper cells remain in cities "
        + "including the capital city of Baghdad, Nouri Maliki said.";
    SentenceStance maliki = classify(s, "Nouri Maliki");
    assertTrue(maliki.targetIsSpeaker());
    assertTrue(hasCue(maliki, "rule:speaker-is-source"), maliki.cues().toString());
    SentenceStance isis = classify(s, "ISIS");
    assertFalse(isis.targetIsSpeaker());
    assertNotNull(isis.holder());
    assertTrue(isis.holder().contains("Maliki"), isis.holder());
  }

  @Test
  void possessorOfEnemiesIsFavoured() {
    String s = "The military blow delivered to this terror organization coincided with a political blow delivered to "
        + "Iraq's enemies that proved the unity of all the spectrums of the Iraqi society in fighting terrorism.";
    SentenceStance iraq = classify(s, "Iraq");
    assertTrue(hasCue(iraq, "rule:X's-enemy"), iraq.cues().toString());
    assertEquals(1, iraq.polarity(), "score " + iraq.score());
  }

  @Test
  void foughtAgainstXIsAgainstX() {
    String s = "Iraqi armed forces, Popular Mobilization Forces, Tribal Mobilization forces and Peshmerga have fought "
        + "together under the leadership of the Commander-in-Chief of Armed Forces against ISIS terrorists.";
    SentenceStance isis = classify(s, "ISIS");
    assertTrue(isis.cues().stream().anyMatch(c -> c.startsWith("rule:") && c.contains("-against-X")), isis.cues().toString());
    assertEquals(-1, isis.polarity(), "score " + isis.score());
  }

  @Test
  void creditVerbFavoursItsObject() {
    String s = "US President Donald Trump also praised the Iraqi army, saying its days of defeat are over.";
    SentenceStance army = classify(s, "Iraqi army");
    assertTrue(hasCue(army, "rule:credit-praise-X"), army.cues().toString());
    assertEquals(1, army.polarity(), "score " + army.score());
  }

  @Test
  void counterTerrorFrameCreditsParticipantsNotBystanders() {
    String s = "As for coordination between Syrian and Iraqi armies in fighting terrorism, the diplomat pointed out that there "
        + "is a joint military coordination center in Baghdad, which is composed of Iraq, Syria, Iran and Russia, "
        + "for exchanging information about fighting terrorism.";
    SentenceStance army = classify(s, "Iraqi armies");
    assertTrue(hasCue(army, "rule:counter-evil-frame"), army.cues().toString());
    SentenceStance iran = classify(s, "Iran");
    assertFalse(hasCue(iran, "rule:counter-evil-frame"), iran.cues().toString());
  }

  @Test
  void forXToVerbMakesXTheSubject() {
    String s = "The great victory achieved against ISIS in Mosul is considered a great incentive for both Syria and Iraq "
        + "to press ahead in eliminating the ISIS and other terrorist groups.";
    SentenceStance syria = classify(s, "Syria");
    assertTrue(hasCue(syria, "rule:X-fights-evil"), syria.cues().toString());
    assertTrue(syria.ruleScore() > 0, "rule score " + syria.ruleScore());
  }

  @Test
  void notFightingEvilIsAReproach() {
    String s = "He added that the US-led coalition, which has been bombing Iraq and Syria for the past couple of years, "
        + "is not serious about fighting ISIS terrorists.";
    SentenceStance coalition = classify(s, "US-led coalition");
    assertTrue(hasCue(coalition, "rule:X-fights-evil(negated)"), coalition.cues().toString());
    assertFalse(hasCue(coalition, "rule:counter-evil-frame"), coalition.cues().toString());
    assertEquals(-1, coalition.polarity(), "score " + coalition.score());
  }

  @Test
  void foughtByEvilIsNotTheEnemy() {
    String s = "They were often used as human shields, as terrorists often hid among the civilians and launch deadly "
        + "attacks to repel the advancing Iraqi forces.";
    SentenceStance forces = classify(s, "Iraqi forces");
    assertTrue(hasCue(forces, "rule:evil-repel-X"), forces.cues().toString());
    assertTrue(forces.ruleScore() > 0, "rule score " + forces.ruleScore());
  }

  @Test
  void subjectListMisparsedAsAppositionsSharesTheVerb() {
    String s = "\"\"Iraqi armed forces, Popular Mobilization Forces [al-Hashd al-Sha'abi], Tribal Mobilization forces and "
        + "Peshmerga have fought together under the leadership of the Commander-in-Chief of Armed Forces against ISIS "
        + "terrorists refuting all allegations made by Iraq's enemies regarding sectarian divisions in Iraq, \" al-Tai "
        + "asserted, referring to the positive reaction of Iraqi people to the Fatwa of religious scholars, including "
        + "grand Ayatollah Ali al-Sistani, who urged all citizens who are able to bear arms to join security forces in "
        + "fighting ISIS in order to defend their country and their people and their holy places.";
    SentenceStance pmf = classify(s, "Popular Mobilization Forces");
    assertTrue(hasCue(pmf, "rule:X-fight"), pmf.cues().toString());
    assertTrue(pmf.ruleScore() > 0, "rule score " + pmf.ruleScore());
    // With ISIS known as the article's enemy, the antecedent of "who urged ... fighting ISIS" is credited.
    ParsedSentence parsed = DependencyParser.shared().parse(s);
    int isis = s.indexOf("fighting ISIS") + "fighting ".length();
    int from = s.indexOf("Ali al-Sistani");
    SentenceStance sistani = SentenceStanceClassifier.shared().classify(parsed, from, from + "Ali al-Sistani".length(),
        List.of(new int[] {isis, isis + 4}));
    assertTrue(hasCue(sistani, "rule:X-who-fights-evil"), sistani.cues().toString());
  }

  @Test
  void nameModifyingTheSpeakerIsTheSource() {
    String s = "The UN official noted that there have also been allegations of human rights violations and abuses by the "
        + "Iraqi and associated forces.";
    SentenceStance un = classify(s, "UN");
    assertTrue(un.targetIsSpeaker(), un.cues().toString());
  }

  @Test
  void withoutXTheBadWouldHaveHappenedCreditsX() {
    String s = "Without Russia's approach to the Syrian issue, the Syrian regime would have fallen and terrorists would "
        + "have intensified their actions.";
    SentenceStance russia = classify(s, "Russia");
    assertTrue(hasCue(russia, "rule:without-X-counterfactual"), russia.cues().toString());
    assertTrue(russia.ruleScore() > 0, "rule score " + russia.ruleScore());
  }
}
