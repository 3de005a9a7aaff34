package org.stancewatch.nlp.stance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
