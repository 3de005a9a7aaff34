package org.stancewatch.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The language bit that decides whether the English stance model reads an article. */
class LanguageGuessTest {

  @Test
  void aShortEnglishItemWithFewFunctionWordsIsEnglish() {
    // Was "und" (1 function word in 11), so the article got no stance at all.
    assertEquals("en", LanguageGuess.of("Morning briefing\n\nAbbas Araghchi poses special risks for Florida senior citizens"));
    assertEquals("en", LanguageGuess.of("Inside politics\n\nNetanyahu slams critics over Gaza ceasefire deal"));
    // Name particles are not Spanish, German or French words.
    assertEquals("en", LanguageGuess.of("Politics roundup\n\nAppeals court upholds block on Abdel Fattah el-Sisi's travel ban"));
    assertEquals("en", LanguageGuess.of("Ursula von der Leyen meets Marine Le Pen and Lula da Silva in Cairo"));
  }

  @Test
  void shortItemsInOtherLanguagesAreNotEnglish() {
    assertEquals("und", LanguageGuess.of("Le président de la République est arrivé à Bagdad pour une visite"));
    assertEquals("und", LanguageGuess.of("El presidente del Gobierno viaja a Bagdad para una reunión con los líderes"));
    assertEquals("und", LanguageGuess.of("Der Außenminister ist mit dem Präsidenten nach Bagdad gereist, und das Treffen"));
    assertEquals("und", LanguageGuess.of("Il presidente della Repubblica è arrivato a Baghdad per una visita che"));
  }

  @Test
  void aShortItemWithNoFunctionWordIsEnglishWhenItsLettersArePlainAscii() {
    // Headline style: no function word of any list; before, these got no stance unless the headline added "the" or "in".
    assertEquals("en", LanguageGuess.of("Mark Warner, D-Va., also blasted Abbas Araghchi."));
    assertEquals("en", LanguageGuess.of("Politics roundup\n\nStacey Dash Tells WalkAway Crowd Divisive Abbas Araghchi 'Trojan Horse'"));
    assertEquals("und", LanguageGuess.of("Macron rencontre Poutine à Moscou"));
    assertEquals("und", LanguageGuess.of("Путин встретился с Си Цзиньпином"));
    assertEquals("und", LanguageGuess.of("Breaking news"));
  }

  @Test
  void longTextsAreJudgedByTheShareOfEnglishFunctionWords() {
    String english = "The minister said on Monday that the talks with the delegation had been useful and that they would "
        + "continue after the holiday, but he gave no date for the next round of the negotiations in the capital.";
    assertEquals("en", LanguageGuess.of(english));
    // A long list of names and a stray "for": a short-text exception must not make it English.
    String names = "Ali Baba Khan Omar Said Tariq Aziz Hassan Rouhani Ebrahim Raisi Javad Zarif Qassem Soleimani Hadi Amiri "
        + "Nouri Maliki Haider Abadi Adil Mahdi Mustafa Kadhimi Barham Salih Masoud Barzani Nechirvan Barzani Bafel "
        + "Talabani Muqtada Sadr Ammar Hakim Qais Khazali Akram Kaabi Abu Fadak Mohammedawi for";
    assertEquals("und", LanguageGuess.of(names));
  }
}
