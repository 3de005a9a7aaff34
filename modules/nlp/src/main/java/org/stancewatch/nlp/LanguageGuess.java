package org.stancewatch.nlp;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cheap language check: the share of English function words among the words of the text; for a short text, English
 * function words against those of the other languages a news feed is likely to carry. Hand-written rather than an
 * n-gram language detector: the analyser needs one bit (may the English stance model read this?), and a detector's
 * profiles would add megabytes and load time for it.
 */
final class LanguageGuess {
  private static final Set<String> ENGLISH = Set.of(
      "the", "of", "and", "to", "in", "a", "is", "was", "that", "for", "on", "with", "as", "by", "it",
      "at", "from", "his", "her", "he", "she", "they", "their", "are", "were", "be", "been", "has", "have",
      "had", "not", "but", "this", "which", "an", "or", "said", "will", "would", "its", "who", "after",
      "over", "about", "against", "into", "than", "says", "could", "should", "we", "you", "our", "what", "when", "there",
      "if", "more", "up", "out");
  /**
   * Frequent function words of French, Spanish, Portuguese, Italian, German and Dutch that are neither English words
   * (no "a", "in", "die", "do", "as") nor particles of names in English news ("el-Sisi", "von der Leyen", "Le Pen",
   * "da Silva", "Di Maio", "Kim Il Sung"): a short English item naming such a person must stay English.
   */
  private static final Set<String> OTHER = Set.of(
      "les", "et", "est", "une", "dans", "pour", "qui", "avec", "pas", "aux", "sont", "cette",
      "los", "las", "y", "es", "una", "por", "para", "que", "como", "pero", "sus",
      "os", "em", "não", "uma", "com", "mais",
      "che", "della", "delle", "degli", "gli", "nel", "alla", "sono", "non",
      "und", "ist", "nicht", "mit", "dem", "ein", "eine", "zu", "auf", "für", "sich", "auch",
      "het", "een", "niet", "zijn", "voor", "ook", "en");
  /** English news runs at 35-45% function words; other Latin-script languages at under 5% of these. */
  private static final double MIN_SHARE = 0.12;
  /**
   * Below this many words the share says little: "Abbas Araghchi poses special risks for Florida senior citizens" under
   * "Morning briefing" has 1 function word in 11 and is English.
   */
  private static final int SHORT_TEXT_WORDS = 40;
  private static final Pattern ASCII_WORD = Pattern.compile("[a-z']+");

  private LanguageGuess() {}

  static String of(String text) {
    int words = 0, english = 0, other = 0;
    boolean asciiLetters = true;
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}']+")) {
      if (w.isEmpty()) continue;
      words++;
      if (ENGLISH.contains(w)) english++;
      else if (OTHER.contains(w)) other++;
      // Only a short text asks whether its letters are ASCII: the check stops there (this runs for every article).
      if (asciiLetters && words < SHORT_TEXT_WORDS && !ASCII_WORD.matcher(w).matches()) asciiLetters = false;
      if (words >= 2000) break;
    }
    if (words < 3) return "und";
    if ((double) english / words >= MIN_SHARE) return "en";
    if (words >= SHORT_TEXT_WORDS) return "und";
    // Headline style drops function words ("Mark Warner, D-Va., also blasted X"): with none of either list, plain
    // ASCII letters decide; the other languages here write accents, and other scripts are not ASCII at all.
    return english > other || english == 0 && other == 0 && asciiLetters ? "en" : "und";
  }
}
