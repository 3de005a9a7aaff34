package org.stancewatch.nlp.stance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Known sentences -> known holder phrase (or none), and whether a named target is the speaker, with no parse. */
class SurfaceHoldersTest {

  private static List<String> holders(String sentence) {
    return SurfaceHolders.find(sentence).stream().map(h -> sentence.substring(h.start(), h.end())).toList();
  }

  private static boolean speaker(String sentence, String target) {
    int from = sentence.indexOf(target);
    assertTrue(from >= 0, target + " not in " + sentence);
    return SurfaceHolders.targetIsSpeaker(sentence, from, from + target.length());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      // X said / X has also told / X says (regular and irregular forms, auxiliaries and adverbs skipped)
      "Iraq said the offensive would continue.|Iraq",
      "The Iraqi government has also told the UN that the border is closed.|The Iraqi government",
      "Moscow says the strikes hit only militants.|Moscow",
      "Turkey's foreign minister Mevlut Cavusoglu warned on Monday that talks had failed.|Turkey's foreign minister Mevlut Cavusoglu",
      "After the meeting, Russia insisted that the deal stands.|Russia",
      "The UN condemned the attack on the convoy.|The UN",
      "Amnesty International accused the militia of torture.|Amnesty International",
      // said X (inverted after a quote or a comma)
      "\"We will not stop,\" said Iraq's prime minister on Monday.|Iraq's prime minister",
      "The situation is dire, says the United Nations.|the United Nations",
      // according to X
      "According to the Syrian Observatory for Human Rights, 20 people died.|the Syrian Observatory for Human Rights",
      "Twelve soldiers were killed, according to officials in Baghdad.|officials",
      // X, apposition, verb
      "Nouri al-Maliki, the prime minister of Iraq, said the city was free.|Nouri al-Maliki, the prime minister of Iraq",
      "Iraq, which has fought ISIS for years, added that help was needed.|Iraq",
      // the speaker after a quote boundary
      "\"Victory is near,\" Haider al-Abadi told reporters.|Haider al-Abadi",
      // an adverb between the subject and the verb
      "Russia strongly condemned the strikes.|Russia",
      "The family said the soldier was missing.|The family",
      "We have always said that the talks must go on.|We",
      "Talks failed, and he said the war would go on.|he",
      "A U.S.-led coalition said the strike hit a depot.|A U.S.-led coalition",
  })
  void findsTheHolderPhrase(String sentence, String holder) {
    assertEquals(List.of(holder), holders(sentence));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // passives: the subject is what is said about, not who speaks
      "Iraq is said to have rejected the plan.",
      "Iraq was praised by the UN for its restraint.",
      "A US-backed militia accused of abuses entered the town.",
      // nouns that look like verb forms: report, calls, Islamic State, thanks to
      "The UN report on the war was published.",
      "Growing calls for a ceasefire came as Islamic State lost ground.",
      "The town fell thanks to the Kurdish forces.",
      // no reporting verb at all
      "Iraqi forces entered Mosul on Monday.",
      // a participle used as an adjective: no subject (these read "would have condemned the", "would have strongly" and
      // "Russia's" as speakers before)
      "The Council failed to adopt a resolution that would have condemned the reported use of chemical weapons.",
      "The Council failed to adopt a text that would have strongly condemned the attack.",
      "Russia's alleged role was discussed.",
      "Hundreds of reported violations went unanswered.",
  })
  void findsNoHolder(String sentence) {
    assertEquals(List.of(), holders(sentence));
  }

  @Test
  void theTargetIsTheSpeakerOnlyInsideTheHolderPhrase() {
    String s = "Iraq's foreign minister said Turkey must withdraw its troops.";
    assertTrue(speaker(s, "Iraq"), "Iraq's minister speaks for Iraq");
    assertFalse(speaker(s, "Turkey"), "Turkey is what is said about");
    String t = "Washington accused Moscow of war crimes.";
    assertTrue(speaker(t, "Washington"));
    assertFalse(speaker(t, "Moscow"), "the object of an accusation is its target");
    String r = "Iraq, which has fought ISIS for years, added that help was needed.";
    assertTrue(speaker(r, "Iraq"));
    assertFalse(speaker(r, "ISIS"), "a relative clause about the speaker names no speaker");
    String h = "\"We will not stop,\" said Iraq's prime minister, praising the army.";
    assertTrue(speaker(h, "Iraq"));
  }

  @Test
  void verbFormsAreRecognisedByRegularEndingsAndTheIrregularList() {
    StanceLexicon lex = StanceLexicon.get();
    assertEquals("say", SurfaceHolders.verbLemma("said", lex));
    assertEquals("tell", SurfaceHolders.verbLemma("told", lex));
    assertEquals("admit", SurfaceHolders.verbLemma("admitted", lex));
    assertEquals("reply", SurfaceHolders.verbLemma("replied", lex));
    assertEquals("criticize", SurfaceHolders.verbLemma("criticizes", lex));
    assertEquals("report", SurfaceHolders.verbLemma("reported", lex));
    assertEquals(null, SurfaceHolders.verbLemma("report", lex), "the bare form of a noun-like lemma is read as the noun");
    assertEquals(null, SurfaceHolders.verbLemma("fought", lex));
  }
}
