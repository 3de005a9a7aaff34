package org.stancewatch.nlp.stance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The speakers of reporting verbs found from the words alone, with no parse, tagger or lemmatiser (the
 * {@link StanceSource#NOPARSE} path): "X said", "X has also told", "said X", "according to X", "X, the Y, added". The
 * verbs are the {@code report}, {@code credit} and {@code blame} classes of {@code stance/cues.tsv} (the parse path
 * makes the subjects of the same three classes holders), recognised in their inflected forms (regular endings plus
 * the irregular ones below). A holder is a phrase: the words before the verb back to punctuation or a clause word
 * ("that", "which", "when", ...), or after it up to punctuation or a preposition of time/place. Pure and thread-safe.
 */
public final class SurfaceHolders {
  private SurfaceHolders() {}

  /** A holder phrase [start, end) and the reporting verb [verbStart, verbEnd), offsets into the sentence. */
  public record Holder(int start, int end, int verbStart, int verbEnd) {
    public boolean covers(int from, int to) {
      return from >= start && to <= end;
    }
  }

  private record Tok(int start, int end, String lower, boolean capitalised) {}

  /** Words: letters/digits joined by hyphens, apostrophes or dots ("al-Maliki", "Iraq's", "U.S"). */
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['\\-.][\\p{L}\\p{N}]+)*");

  private static final Map<String, String> IRREGULAR = Map.of(
      "said", "say", "told", "tell", "wrote", "write", "written", "write", "thought", "think");

  /**
   * Lemmas whose bare and -s forms are nouns at least as often as verbs in news ("the report", "a call", "Islamic
   * State", "thanks to"): only their past forms count.
   */
  private static final Set<String> NOUN_LIKE = Set.of("report", "call", "claim", "comment", "note", "document", "attack",
      "fault", "credit", "praise", "state", "salute", "stress", "tweet", "reply", "thank", "blame", "hail", "respond");

  /** Between a subject and its verb: auxiliaries, negation and adverbs ("has also said", "did not say"). */
  private static final Set<String> AUX = Set.of("has", "have", "had", "also", "later", "earlier", "previously", "then",
      "further", "reportedly", "recently", "repeatedly", "already", "again", "once", "publicly", "separately", "will",
      "would", "could", "may", "might", "must", "should", "can", "did", "does", "do", "not", "never", "just", "openly",
      "even", "still", "often", "allegedly", "subsequently", "however", "always", "now", "indeed");

  /** Before a verb form these make it passive ("Iraq was praised by ..."; "is said to"): no holder. */
  private static final Set<String> BE = Set.of("is", "was", "are", "were", "be", "been", "being");

  /** After the verb these make it a reduced passive ("a militia accused of abuses", "praised by the UN"). */
  private static final Set<String> PASSIVE_NEXT = Set.of("by", "of", "for");

  /** Words that start a new clause: a holder phrase never reaches across them. */
  private static final Set<String> CLAUSE = Set.of("that", "which", "who", "whom", "whose", "when", "while", "where",
      "after", "before", "because", "as", "if", "but", "than", "although", "though", "since", "until", "so", "whether",
      "what", "how", "why", "said", "says", "told");

  /** After an inverted verb ("said X on Monday") the holder phrase ends at these. */
  private static final Set<String> AFTER_END = Set.of("on", "in", "at", "during", "to", "from", "with", "by",
      "today", "yesterday", "last", "this", "earlier", "late", "and", "adding", "noting", "saying", "told");

  private static final Set<String> DETERMINERS = Set.of("the", "a", "an", "its", "his", "her", "their", "our");

  /**
   * Words that cannot end a subject: the determiners and these; before a verb form they make it an adjective ("the
   * reported use", "of alleged abuses").
   */
  private static final Set<String> BEFORE_ADJECTIVE = Stream.concat(DETERMINERS.stream(), Stream.of("this", "that", "these",
      "those", "of", "to", "in", "on", "at", "by", "for", "with", "from", "over", "into", "about", "and", "or", "any", "no",
      "some", "such", "other")).collect(Collectors.toUnmodifiableSet());

  /** Longest holder phrase, in words. */
  private static final int MAX_WORDS = 10;
  /** Longest apposition between commas ("Maliki, the prime minister of Iraq, said"). */
  private static final int MAX_APPOSITION = 8;

  /** Every reporting-verb holder in the sentence, in text order. */
  public static List<Holder> find(String sentence) {
    List<Tok> toks = new ArrayList<>();
    Matcher m = WORD.matcher(sentence);
    while (m.find()) {
      String w = m.group();
      toks.add(new Tok(m.start(), m.end(), w.toLowerCase(Locale.ROOT), Character.isUpperCase(w.charAt(0))));
    }
    List<Holder> out = new ArrayList<>();
    StanceLexicon lex = StanceLexicon.get();
    for (int i = 0; i < toks.size(); i++) {
      Tok t = toks.get(i);
      if (t.lower().equals("according") && i + 2 < toks.size() && toks.get(i + 1).lower().equals("to") && !boundary(sentence, toks, i, i + 1)) {
        int[] np = phraseAfter(sentence, toks, i + 1);
        if (np != null) out.add(new Holder(np[0], np[1], t.start(), toks.get(i + 1).end()));
        continue;
      }
      if (t.capitalised()) continue; // "Islamic State", "Said" the name; a sentence-initial verb has no subject before it anyway
      String lemma = verbLemma(t.lower(), lex);
      if (lemma == null) continue;
      if (i + 1 < toks.size() && PASSIVE_NEXT.contains(toks.get(i + 1).lower()) && !boundary(sentence, toks, i, i + 1)) continue;
      // Skip auxiliaries and adverbs back to the subject.
      int j = i - 1;
      while (j >= 0 && (AUX.contains(toks.get(j).lower()) || adverb(toks, j)) && !boundary(sentence, toks, j, j + 1)) j--;
      if (j >= 0 && BE.contains(toks.get(j).lower()) && !boundary(sentence, toks, j, j + 1)) continue;
      if (j < 0) continue;
      // "the reported use", "Russia's alleged attack", "of reported strikes": a participle used as an adjective has no subject.
      if (!boundary(sentence, toks, j, j + 1) && notASubjectEnd(toks.get(j))) continue;
      boolean commaBefore = boundary(sentence, toks, j, j + 1);
      if (!commaBefore) {
        int[] np = phraseBefore(sentence, toks, j);
        if (np != null) out.add(new Holder(np[0], np[1], t.start(), t.end()));
        continue;
      }
      // "Maliki, the prime minister, said": a short apposition between commas, the name before it. Tried first: after
      // a plain comma, "said the city was free" would otherwise read as an inverted speaker.
      if (sentence.substring(toks.get(j).end(), toks.get(j + 1).start()).strip().equals(",")) {
        int k = j;
        while (k > 0 && j - k < MAX_APPOSITION && !boundary(sentence, toks, k - 1, k)) k--;
        if (k > 0 && j - k < MAX_APPOSITION && sentence.substring(toks.get(k - 1).end(), toks.get(k).start()).strip().equals(",")) {
          int[] np = phraseBefore(sentence, toks, k - 1);
          // "Iraq, which has fought ISIS, said": a relative clause is about the speaker, not the speaker.
          int end = CLAUSE.contains(toks.get(k).lower()) ? toks.get(k - 1).end() : toks.get(j).end();
          if (np != null) {
            out.add(new Holder(np[0], end, t.start(), t.end()));
            continue;
          }
        }
      }
      // '"...," said Maliki' / '..., said Iraq's foreign minister.': the speaker follows (reporting verbs only).
      if (j == i - 1 && lex.is("report", lemma) && !lemma.equals("tell") && i + 1 < toks.size() && !boundary(sentence, toks, i, i + 1)) {
        Tok next = toks.get(i + 1);
        if (next.capitalised() || DETERMINERS.contains(next.lower())) {
          int[] np = phraseAfter(sentence, toks, i);
          if (np != null) out.add(new Holder(np[0], np[1], t.start(), t.end()));
        }
      }
    }
    return out;
  }

  /**
   * An adverb between a subject and its verb ("has strongly condemned"): a lowercase -ly word after a word that is not a
   * determiner ("the family said", "an ally said" keep their nouns).
   */
  private static boolean adverb(List<Tok> toks, int j) {
    Tok t = toks.get(j);
    return !t.capitalised() && t.lower().length() > 4 && t.lower().endsWith("ly")
        && (j == 0 || !BEFORE_ADJECTIVE.contains(toks.get(j - 1).lower()));
  }

  /** A determiner, preposition or possessive ("Iraq's") right before a verb form: it is no subject's end. */
  private static boolean notASubjectEnd(Tok t) {
    return BEFORE_ADJECTIVE.contains(t.lower()) || t.lower().endsWith("'s");
  }

  /** True when the target span [from, to) of the sentence lies in the holder phrase of one of its reporting verbs. */
  public static boolean targetIsSpeaker(String sentence, int from, int to) {
    for (Holder h : find(sentence)) if (h.covers(from, to)) return true;
    return false;
  }

  /** The lemma of a reporting/credit/blame verb form, or null. */
  static String verbLemma(String w, StanceLexicon lex) {
    String irregular = IRREGULAR.get(w);
    if (irregular != null) return irregular;
    for (String[] c : candidates(w)) {
      String lemma = c[0];
      boolean past = c[1] != null;
      if (!(lex.is("report", lemma) || lex.is("credit", lemma) || lex.is("blame", lemma))) continue;
      if (!past && NOUN_LIKE.contains(lemma)) continue;
      return lemma;
    }
    return null;
  }

  /** Possible (lemma, past?) readings of a word form by regular English endings. */
  private static List<String[]> candidates(String w) {
    List<String[]> c = new ArrayList<>();
    c.add(new String[] {w, null});
    if (w.endsWith("ies")) c.add(new String[] {w.substring(0, w.length() - 3) + "y", null});
    if (w.endsWith("es")) c.add(new String[] {w.substring(0, w.length() - 2), null});
    if (w.endsWith("s") && !w.endsWith("ss")) c.add(new String[] {w.substring(0, w.length() - 1), null});
    if (w.endsWith("ied")) c.add(new String[] {w.substring(0, w.length() - 3) + "y", "past"});
    if (w.endsWith("ed")) {
      String stem = w.substring(0, w.length() - 2);
      c.add(new String[] {stem, "past"});
      c.add(new String[] {stem + "e", "past"});
      int n = stem.length();
      if (n >= 2 && stem.charAt(n - 1) == stem.charAt(n - 2)) c.add(new String[] {stem.substring(0, n - 1), "past"}); // admitted
    }
    return c;
  }

  /** True when punctuation (not a dot inside a sentence: abbreviations) separates token a from token b. */
  private static boolean boundary(String s, List<Tok> toks, int a, int b) {
    String gap = s.substring(toks.get(a).end(), toks.get(b).start());
    for (int i = 0; i < gap.length(); i++) {
      char c = gap.charAt(i);
      if (",;:\"()[]'!?".indexOf(c) >= 0) return true;
      // A dash between spaces; hyphens are inside words, also after an abbreviation ("U.S.-led").
      if (c == '-' && gap.chars().anyMatch(Character::isWhitespace)) return true;
    }
    return false;
  }

  /** The phrase ending at token j, back to punctuation or a clause word; null when empty. */
  private static int[] phraseBefore(String s, List<Tok> toks, int j) {
    int k = j;
    if (CLAUSE.contains(toks.get(k).lower())) return null;
    while (k > 0 && j - k + 1 < MAX_WORDS && !boundary(s, toks, k - 1, k) && !CLAUSE.contains(toks.get(k - 1).lower())) k--;
    // "... and he said": the conjunction joins clauses, it is not part of the speaker.
    while (k < j && (toks.get(k).lower().equals("and") || toks.get(k).lower().equals("or"))) k++;
    return new int[] {toks.get(k).start(), toks.get(j).end()};
  }

  /** The phrase starting after token i, up to punctuation, a clause word or a time/place preposition; null when empty. */
  private static int[] phraseAfter(String s, List<Tok> toks, int i) {
    int k = i + 1;
    if (k >= toks.size() || boundary(s, toks, i, k)) return null;
    int end = k;
    while (end < toks.size() && end - k < MAX_WORDS && (end == k || !boundary(s, toks, end - 1, end))
        && !CLAUSE.contains(toks.get(end).lower()) && !AFTER_END.contains(toks.get(end).lower())) end++;
    if (end == k) return null;
    return new int[] {toks.get(k).start(), toks.get(end - 1).end()};
  }
}
