package org.stancewatch.nlp.stance;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.stancewatch.nlp.parse.ParsedSentence;
import org.stancewatch.nlp.parse.Token;

/**
 * Target-dependent features and rules for one (sentence, target span) pair. The features feed the
 * trained classifier; the rules give a direct polarity ({@link #ruleScore}) and human-readable cues
 * for the constructions the classifier cannot learn from general news: "victory over X",
 * "war against X", "X's enemies", negated attribution ("not of X"), credit/blame verbs, harm
 * agents, and the speaker of a reporting verb (a source, not a target).
 */
public final class SentenceFeatures {
  private static final int WINDOW = 4;

  public final List<String> features = new ArrayList<>();
  public final List<String> cues = new ArrayList<>();
  /** Sum of rule polarities, each in [-1, 1]; 0 when no rule fired. */
  public double ruleScore;
  /** True when the target is only the speaker of a reporting verb in this sentence. */
  public boolean targetIsSpeaker;
  /** Text of the reporting verb's subject (the holder), or null. */
  public String holderText;
  public int holderStart = -1;
  public int holderEnd = -1;

  private List<int[]> enemies = List.of();
  /** Sum of the (negation-flipped) lexicon polarities of the words outside the target. */
  private double lexAll;

  private SentenceFeatures() {}

  /** Rule polarity of a token: the lexicon's, or strongly negative inside an enemy's mention. */
  private double rulePolarity(Token t) {
    for (int[] e : enemies) if (t.start() < e[1] && t.end() > e[0]) return -2;
    return StanceLexicon.get().polarity(norm(t));
  }

  public static SentenceFeatures extract(ParsedSentence s, int from, int to) {
    return extract(s, from, to, List.of());
  }

  /**
   * As {@link #extract(ParsedSentence, int, int)}, with the sentence spans of actors the article is
   * already known to oppose: the rules treat them like strongly negative words, so "X fought ISIS"
   * credits X once ISIS is the article's enemy. The model's features do not change.
   */
  public static SentenceFeatures extract(ParsedSentence s, int from, int to, List<int[]> enemySpans) {
    SentenceFeatures f = new SentenceFeatures();
    f.enemies = enemySpans;
    f.compute(s, from, to);
    return f;
  }

  private void compute(ParsedSentence s, int from, int to) {
    StanceLexicon lex = StanceLexicon.get();
    List<Token> toks = s.tokens();
    features.add("bias");
    if (toks.isEmpty()) return;
    Set<Integer> inTarget = new HashSet<>();
    for (Token t : s.tokensIn(from, to)) inTarget.add(t.index());
    Token th = s.spanHead(from, to);
    int first = inTarget.stream().mapToInt(i -> i).min().orElse(0);
    int last = inTarget.stream().mapToInt(i -> i).max().orElse(0);

    // Distance in the tree from the target head, for weighting lexicon cues.
    int[] dist = th == null ? null : treeDistances(s, th);
    Set<Integer> pathToRoot = new HashSet<>();
    if (th != null) for (Token a : s.ancestors(th)) pathToRoot.add(a.index());

    lexAll = 0;
    double lexNear = 0, lexPath = 0;
    for (Token t : toks) {
      if (inTarget.contains(t.index())) continue;
      String lemma = norm(t);
      if (isPunct(t)) continue;
      features.add("w=" + lemma);
      int td = dist == null ? 99 : dist[t.index()];
      if (td <= 2) features.add("near=" + lemma);
      int rel = t.index() < first ? t.index() - first : t.index() - last;
      if (Math.abs(rel) <= WINDOW) features.add((rel < 0 ? "L=" : "R=") + lemma);
      double p = lex.polarity(lemma);
      if (p != 0) {
        boolean negated = negated(s, t);
        if (negated) p = -p * 0.7;
        lexAll += p;
        int d = dist == null ? 99 : dist[t.index()];
        if (d <= 2) lexNear += p;
        if (pathToRoot.contains(t.index())) lexPath += p;
        features.add("lexd" + Math.min(d, 4) + (p > 0 ? "+" : "-"));
        if (d <= 2 && Math.abs(p) >= 1) cues.add((negated ? "not " : "") + lemma);
      }
    }
    addBucket("lexAll", lexAll);
    addBucket("lexNear", lexNear);
    addBucket("lexPath", lexPath);
    if (quoted(s.text(), from)) features.add("inQuote");
    if (th == null) return;

    Token head = s.head(th);
    features.add("lab=" + th.label());
    if (head != null) {
      String hl = norm(head);
      features.add("hl=" + hl);
      features.add("lab_hl=" + th.label() + "_" + hl);
      Token gh = s.head(head);
      if (gh != null) features.add("ghl=" + head.label() + "_" + norm(gh));
      if (negated(s, head)) features.add("headNeg");
    }
    for (Token d : s.dependents(th)) {
      if (inTarget.contains(d.index())) continue;
      features.add("mod=" + d.label() + "_" + norm(d));
    }
    int k = 0;
    for (Token a : s.ancestors(th)) {
      if (k++ >= 4) break;
      features.add("anc=" + norm(a));
    }
    rules(s, th, head, inTarget, lex);
    if (ruleScore != 0) addBucket("rule", ruleScore);
    for (String c : cues) if (c.startsWith("rule:")) features.add(c);
    if (targetIsSpeaker) features.add("speaker");
    if (holderText != null && !targetIsSpeaker) features.add("hasHolder");
    // Counter-terror frame: a sentence about fighting something evil ("coordination between A and B
    // in fighting terrorism", "anti-terrorism cooperation") casts the actors in it who are not the
    // fought party positively, unless a target-specific rule already decided.
    // Added after the model features: it is a domain rule the NewsMTSC model was not trained with.
    // Only the parties to the fight get the credit: the subject of the clause that fights, or an
    // argument of the joint action ("coordination between A and B in fighting terrorism", "A's war
    // on terror"), not every actor the sentence happens to name (bystanders, places bombed, sources).
    if (ruleScore == 0 && !targetIsSpeaker && counterEvilFrame(s, th, inTarget, lex)) fire(+0.5, "rule:counter-evil-frame", false);
  }

  private void rules(ParsedSentence s, Token th, Token head, Set<Integer> inTarget, StanceLexicon lex) {
    // Reporting verb: find the holder (its subject) anywhere in the sentence.
    for (Token t : s.tokens()) {
      // Evaluation verbs ("X praised", "X condemned") make their subject a source, like "X said".
      if (!t.isVerb() || !(lex.is("report", norm(t)) || lex.is("credit", norm(t)) || lex.is("blame", norm(t)))) continue;
      for (Token d : s.dependents(t)) {
        if (d.label().startsWith("nsubj") && !d.label().equals("nsubjpass")) {
          int[] span = subtreeSpan(s, d);
          holderStart = span[0];
          holderEnd = span[1];
          holderText = s.text().substring(span[0], span[1]);
          if (inTarget.contains(d.index()) || d.index() == th.index() || modifies(s, th, d)) targetIsSpeaker = true;
        }
      }
    }
    // "according to X": X is the holder.
    if (head != null && norm(head).equals("to") && s.head(head) != null && norm(s.head(head)).equals("accord")) {
      targetIsSpeaker = true;
      holderText = s.text().substring(subtreeSpan(s, th)[0], subtreeSpan(s, th)[1]);
    }
    if (targetIsSpeaker) cues.add("rule:speaker-is-source");
    if (head == null) return;
    String hl = norm(head);
    String lab = th.label();

    // "X's enemies" / "enemies of X": relational nouns flip; other evaluative nouns pass their polarity.
    Token owned = null;
    if (lab.equals("poss")) owned = head;
    else if (lab.equals("pobj") && hl.equals("of") && s.head(head) != null && s.head(head).isNoun()) owned = s.head(head);
    if (owned != null) {
      String ol = norm(owned);
      if (lex.is("relational", ol)) fire(+0.8, "rule:X's-" + ol, false);
      else if (Math.abs(lex.polarity(ol)) >= 1) {
        // "an achievement of A and B, not of X": a negator on the of-phrase flips it.
        boolean neg = negated(s, owned) || negatedAttachment(s, th, head);
        fire(Math.signum(lex.polarity(ol)) * 0.8, "rule:" + ol + "-of-X", neg);
      }
    }
    // "a common enemy, namely X" / "X is a terrorist group": X takes the evaluative noun's polarity.
    if ((lab.equals("appos") || lab.equals("attr")) && head.isNoun() && Math.abs(lex.polarity(hl)) >= 1) {
      fire(Math.signum(lex.polarity(hl)) * 0.8, "rule:X-is-" + hl, negated(s, head));
    }
    // "ISIS terrorists", "PMF heroes": a name modifying an evaluative noun takes its polarity,
    // and the noun phrase's role in the clause is the target's role.
    Token role = th;
    int guard = 0;
    while (guard++ < 10) {
      Token h = s.head(role);
      if (h == null || !h.isNoun()) break;
      String l = role.label();
      if (!(l.equals("nn") || l.equals("compound") || l.equals("amod") || l.equals("conj") || l.equals("appos"))) break;
      if (!l.equals("conj") && !l.equals("appos") && Math.abs(lex.polarity(norm(h))) >= 1) {
        fire(Math.signum(lex.polarity(norm(h))) * 0.8, "rule:X-" + norm(h), negated(s, h));
      }
      // "an achievement of A and X" is often parsed with X conjoined to "achievement": X then
      // shares the role of A, the prepositional object between them.
      Token shared = l.equals("conj") ? prepObjectBetween(s, h, role) : null;
      role = shared != null ? shared : h;
    }
    // "ISIS leader Abu Bakr al-Baghdadi", "ISIS fighters": named with a modifier that is the article's enemy.
    for (Token t : s.tokens()) {
      if (inTarget.contains(t.index()) || rulePolarity(t) > -2 || lex.polarity(norm(t)) <= -2) continue;
      Token m = t;
      Token h = s.head(m);
      int g = 0;
      while (h != null && g++ < 4 && (m.label().equals("compound") || m.label().equals("nn") || m.label().equals("poss"))) {
        if (h.index() == th.index() || inTarget.contains(h.index())) { fire(-0.8, "rule:enemy-affiliate", false); break; }
        m = h;
        h = s.head(h);
      }
    }
    // Conjuncts share the role of their first conjunct ("A and B").
    guard = 0;
    while (role.label().equals("conj") && s.head(role) != null && guard++ < 10) role = s.head(role);
    // "victory over (ISIS terrorists)", "war against X": X is the opponent of the head.
    Token prep = s.head(role);
    if (prep != null && role.label().equals("pobj") && (norm(prep).equals("over") || norm(prep).equals("against"))) {
      Token opp = s.head(prep);
      if (opp != null && (lex.is("opponent_head", norm(opp)) || norm(prep).equals("against"))) {
        fire(-1, "rule:" + norm(opp) + "-" + norm(prep) + "-X", negated(s, opp));
      }
    }
    // "Without X('s help), the regime would have fallen": X prevented what the clause describes.
    Token np = nounPhraseHead(s, th);
    if (np.label().equals("poss") && s.head(np) != null) np = s.head(np);
    if (np.label().equals("pobj") && s.head(np) != null && norm(s.head(np)).equals("without") && lexAll != 0
        && s.tokens().stream().anyMatch(t -> t.pos().equals("MD") && COUNTERFACTUAL_MODALS.contains(norm(t)))) {
      fire(lexAll < 0 ? +0.6 : -0.6, "rule:without-X-counterfactual", false);
    }
    Token gov = s.head(role);
    if (gov == null) return;
    String rl = role.label();
    Token listVerb = listPredicateOnPath(s, th, role);
    if (listVerb != null) {
      gov = listVerb;
      rl = "nsubj";
    }
    Token forSubject = forToSubjectVerb(s, role);
    if (forSubject != null) {
      gov = forSubject;
      rl = "nsubj";
    }
    // Passive agent: "victories achieved by X" -> X is the subject of "achieve".
    if (rl.equals("pobj") && norm(gov).equals("by") && gov.label().equals("agent") && s.head(gov) != null) {
      gov = s.head(gov);
      rl = "agent";
    }
    String gl = norm(gov);
    boolean obj = rl.equals("dobj") || rl.equals("nsubjpass") || rl.equals("attr");
    boolean subj = rl.equals("nsubj") || rl.equals("agent");
    boolean govNeg = negated(s, gov);
    if (obj && lex.is("credit", gl)) fire(+1, "rule:credit-" + gl + "-X", govNeg);
    if (obj && lex.is("blame", gl)) fire(-1, "rule:blame-" + gl + "-X", govNeg);
    // "terrorists launched attacks to repel the advancing Iraqi forces": fought BY the article's evil,
    // X is its opponent, not its enemy.
    if (obj && lex.is("combat", gl)) {
      if (evilAgent(s, gov, lex)) fire(+0.5, "rule:evil-" + gl + "-X", govNeg);
      else fire(-0.8, "rule:" + gl + "-X", govNeg);
    }
    if (subj && lex.is("harm", gl)) fire(-0.7, "rule:X-" + gl, govNeg);
    if (subj && gov.isVerb() && lex.is("combat", gl)) fire(+0.7, "rule:X-" + gl, govNeg);
    else if (subj && gov.isVerb() && lex.polarity(gl) >= 1 && !isSourceVerb(lex, gl)) fire(+0.6, "rule:X-" + gl, govNeg);
    // "X fought (together) against terrorists", "X ... to fight terrorism": the agent of a fight
    // against something evil is cast positively (the enemy of the sentence's enemy).
    // Negated ("X is not serious about fighting ISIS", "X never fought terrorists") it is a reproach.
    if (subj && gov.isVerb() && foughtEvil(s, gov, role, lex)) fire(+0.7, "rule:X-fights-evil", govNeg);
    // "X achieved a victory", "X committed crimes": the subject takes its object's polarity
    // (not for relational nouns: "X faces an enemy" says nothing bad about X).
    if (subj && gov.isVerb() && !lex.is("combat", gl) && !isSourceVerb(lex, gl)) {
      for (Token d : s.dependents(gov)) {
        if (d.label().equals("dobj") && Math.abs(lex.polarity(norm(d))) >= 1 && !lex.is("relational", norm(d))) {
          fire(Math.signum(lex.polarity(norm(d))) * 0.6, "rule:X-" + gl + "-" + norm(d), govNeg);
        }
      }
    }
    // "sacrifices offered by X", "crimes committed by X": the agent of a participle takes the
    // polarity of the noun the participle modifies.
    if (rl.equals("agent") && s.head(gov) != null && s.head(gov).isNoun() && Math.abs(lex.polarity(norm(s.head(gov)))) >= 1) {
      Token n = s.head(gov);
      fire(Math.signum(lex.polarity(norm(n))) * 0.8, "rule:" + norm(n) + "-by-X", negated(s, n));
    }
    // "al-Sistani, who urged citizens to join the fight against ISIS": the antecedent of a relative
    // pronoun subject is the subject of the relative clause.
    for (Token rc : s.dependents(role)) {
      if (!(rc.label().equals("relcl") || rc.label().equals("rcmod")) || !rc.isVerb()) continue;
      Token whSubject = s.dependents(rc).stream().filter(d -> d.label().startsWith("nsubj") && !d.label().equals("nsubjpass")
          && (norm(d).equals("who") || norm(d).equals("which") || norm(d).equals("that"))).findFirst().orElse(null);
      if (whSubject == null) continue;
      String rl2 = norm(rc);
      // The relative pronoun is the clause's subject (the antecedent dominates the whole clause).
      if (foughtEvil(s, rc, whSubject, lex)) fire(+0.7, "rule:X-who-fights-evil", false);
      else if (lex.polarity(rl2) >= 1 && !isSourceVerb(lex, rl2)) fire(+0.6, "rule:X-who-" + rl2, negated(s, rc));
      else if (lex.is("harm", rl2)) fire(-0.7, "rule:X-who-" + rl2, negated(s, rc));
    }
    // "liberate Mosul from X": the object of "from" under a combat verb is the enemy.
    if (rl.equals("pobj") && gl.equals("from") && s.head(gov) != null && lex.is("combat", norm(s.head(gov)))) {
      fire(-0.8, "rule:" + norm(s.head(gov)) + "-from-X", negated(s, s.head(gov)));
    }
    // "the victory was an achievement of A, not of X": target is pobj of "of" after a negator.
    if (rl.equals("pobj") && gl.equals("of") && s.head(gov) != null && owned == null) {
      Token n = s.head(gov);
      double p = lex.polarity(norm(n));
      if (Math.abs(p) >= 1) fire(Math.signum(p) * 0.8, "rule:" + norm(n) + "-of-X", negatedAttachment(s, role, gov));
    }
  }

  /**
   * True if verb v (whose subject is the target) or a verb in its clause is a combat verb or has an
   * "against" phrase, aimed at something the lexicon calls negative ("terrorists", "terrorism").
   */
  private boolean foughtEvil(ParsedSentence s, Token v, Token subject, StanceLexicon lex) {
    // What a source says ("the UN said the battle against ISIS ...") is not what the source does.
    if (isSourceVerb(lex, norm(v))) return false;
    for (Token t : s.tokens()) {
      if (t.index() == subject.index() || !dominates(s, v, t) || dominates(s, subject, t)) continue;
      if (insideClause(s, v, t)) continue;
      String l = norm(t);
      boolean combat = (t.isVerb() && lex.is("combat", l)) || l.equals("against");
      if (!combat) continue;
      for (Token o : s.tokens()) {
        if (o.index() != t.index() && dominates(s, t, o) && rulePolarity(o) <= -1.5) return true;
      }
    }
    return false;
  }

  /** True if t lies in a clausal complement (ccomp, parataxis) of v: another proposition, not v's action. */
  private static boolean insideClause(ParsedSentence s, Token v, Token t) {
    Token cur = t;
    int guard = 0;
    while (cur != null && cur.index() != v.index() && guard++ < 200) {
      if (cur.label().equals("ccomp") || cur.label().equals("parataxis")) return true;
      cur = s.head(cur);
    }
    return false;
  }

  private static boolean dominates(ParsedSentence s, Token ancestor, Token t) {
    Token cur = t;
    int guard = 0;
    while (cur != null && guard++ < 200) {
      if (cur.index() == ancestor.index()) return true;
      cur = s.head(cur);
    }
    return false;
  }

  private boolean counterEvilFrame(ParsedSentence s, Token th, Set<Integer> inTarget, StanceLexicon lex) {
    List<Token> frames = new ArrayList<>();
    for (Token t : s.tokens()) {
      String l = norm(t);
      if (l.startsWith("anti-") && lex.polarity(l.substring(5)) <= -1.5) { frames.add(t); continue; }
      boolean combat = (t.isVerb() && lex.is("combat", l)) || l.equals("against")
          || ((l.equals("war") || l.equals("fight") || l.equals("battle")) && t.isNoun());
      if (!combat) continue;
      for (Token o : s.tokens()) {
        if (o.index() == t.index() || inTarget.contains(o.index()) || !dominates(s, t, o)) continue;
        if (rulePolarity(o) <= -1.5) {
          for (int i : inTarget) if (dominates(s, t, s.tokens().get(i))) return false; // the target is the fought party
          frames.add(t);
          break;
        }
      }
    }
    if (frames.isEmpty() || th == null) return false;
    Token np = nounPhraseHead(s, th);
    Token gov = s.head(np);
    if (gov == null) return false;
    String rl = np.label();
    Token listVerb = listPredicateOnPath(s, th, np);
    if (listVerb == null) listVerb = forToSubjectVerb(s, np);
    if (listVerb != null) {
      gov = listVerb;
      rl = "nsubj";
    }
    if (rl.equals("pobj") && norm(gov).equals("by") && gov.label().equals("agent") && s.head(gov) != null) {
      rl = "nsubj";
      gov = s.head(gov);
    }
    // The subject of a clause that (itself, not in a reported or embedded proposition) fights.
    if ((rl.equals("nsubj") || rl.equals("csubj")) && gov.isVerb() && !isSourceVerb(lex, norm(gov))) {
      for (Token f : frames) if (dominates(s, gov, f) && !insideClause(s, gov, f)) return true;
      return false;
    }
    // An argument of a joint-action noun: "coordination between A and B", "A's war", "the fight of A".
    Token noun = null;
    if (rl.equals("poss") && gov.isNoun()) noun = gov;
    else if (rl.equals("pobj") && PARTICIPANT_PREPS.contains(norm(gov)) && s.head(gov) != null && s.head(gov).isNoun()) noun = s.head(gov);
    if (noun == null) return false;
    Token first = noun;
    int guard = 0;
    while (first.label().equals("conj") && s.head(first) != null && guard++ < 10) first = s.head(first);
    for (Token f : frames) {
      if (f.index() == noun.index() || f.index() == first.index() || dominates(s, noun, f) || dominates(s, first, f)) return true;
    }
    // "believed in solidarity between A and B in the war on terrorism": the fight may attach to the
    // verb governing a joint-action noun.
    if (lex.is("joint", norm(first)) || lex.is("joint", norm(noun))) {
      Token v = s.head(first);
      guard = 0;
      while (v != null && !v.isVerb() && guard++ < 4) v = s.head(v);
      if (v != null) {
        for (Token f : frames) if (dominates(s, v, f) && !insideClause(s, v, f)) return true;
      }
    }
    return false;
  }

  /** True if t is a name modifier of n ("the UN official", "Amnesty's director"): the speaker speaks for t. */
  private static boolean modifies(ParsedSentence s, Token t, Token n) {
    Token m = t;
    int guard = 0;
    while (guard++ < 4 && (m.label().equals("nn") || m.label().equals("compound") || m.label().equals("poss"))) {
      m = s.head(m);
      if (m == null) return false;
      if (m.index() == n.index()) return true;
    }
    return false;
  }

  /** {@link #listPredicate} of the first token on the head path from t up to (and including) top that has one. */
  private static Token listPredicateOnPath(ParsedSentence s, Token t, Token top) {
    Token x = t;
    int guard = 0;
    while (x != null && guard++ < 25) {
      Token v = listPredicate(s, x);
      if (v != null || x.index() == top.index()) return v;
      x = s.head(x);
    }
    return null;
  }

  /**
   * "A, B, C and D have fought ...": the parser often reads a long subject list as appositions of A
   * with "D have fought" conjoined to one of them. An apposition in such a list is a subject of that
   * verb. Returns the verb, or null when np is not in such a list.
   */
  static Token listPredicate(ParsedSentence s, Token np) {
    if (!np.label().equals("appos")) return null;
    Token list = s.head(np);
    if (list == null || !list.isNoun()) return null;
    for (Token v : s.tokens()) {
      if (!v.isVerb() || !v.label().equals("conj") || v.index() < np.index()) continue;
      Token h = s.head(v);
      if (h == null) continue;
      boolean inList = h.index() == list.index() || h.index() == np.index()
          || (h.label().equals("appos") && s.head(h) != null && s.head(h).index() == list.index());
      if (inList && s.dependents(v).stream().anyMatch(d -> d.label().equals("nsubj") && d.index() < v.index())) return v;
    }
    return null;
  }

  /** "an incentive for X to press ahead": X (object of the complementiser "for") is the subject of the verb. */
  private static Token forToSubjectVerb(ParsedSentence s, Token np) {
    Token f = s.head(np);
    if (f == null || !np.label().equals("pobj") || !norm(f).equals("for") || !f.label().equals("mark")) return null;
    Token v = s.head(f);
    return v != null && v.isVerb() ? v : null;
  }

  private static final Set<String> COUNTERFACTUAL_MODALS = Set.of("would", "could", "might");

  /** True if the nearest subject of v, through purpose and coordinated clauses, is strongly negative. */
  private boolean evilAgent(ParsedSentence s, Token v, StanceLexicon lex) {
    Token cur = v;
    int guard = 0;
    while (cur != null && cur.isVerb() && guard++ < 4) {
      for (Token d : s.dependents(cur)) {
        if (d.label().equals("nsubj") || d.label().equals("agent")) {
          Token subj = d;
          if (d.label().equals("agent")) subj = s.dependents(d).stream().filter(o -> o.label().equals("pobj")).findFirst().orElse(null);
          return subj != null && (rulePolarity(subj) <= -1.5 || lex.polarity(norm(subj)) <= -1.5);
        }
      }
      String l = cur.label();
      if (!(l.equals("advcl") || l.equals("xcomp") || l.equals("conj"))) return false;
      cur = s.head(cur);
    }
    return false;
  }

  private static final Set<String> PARTICIPANT_PREPS = Set.of("between", "among", "of", "by", "with");

  /** The head of the noun phrase the target is part of, and of the first conjunct when coordinated. */
  private static Token nounPhraseHead(ParsedSentence s, Token th) {
    Token role = th;
    int guard = 0;
    while (guard++ < 10) {
      Token h = s.head(role);
      if (h == null) break;
      String l = role.label();
      // "Syrian and Iraqi armies": a conjoined modifier belongs to the phrase of its first conjunct.
      boolean modifier = h.isNoun() && (l.equals("nn") || l.equals("compound") || l.equals("amod") || l.equals("appos"));
      if (!modifier && !l.equals("conj")) break;
      role = h;
    }
    return role;
  }

  private static boolean isSourceVerb(StanceLexicon lex, String lemma) {
    return lex.is("report", lemma) || lex.is("credit", lemma) || lex.is("blame", lemma);
  }

  /** The object of a preposition attached to h that lies between h and the conjunct x, or null. */
  private static Token prepObjectBetween(ParsedSentence s, Token h, Token x) {
    Token found = null;
    for (Token p : s.dependents(h)) {
      if (!p.label().equals("prep") || p.index() < h.index() || p.index() > x.index()) continue;
      for (Token o : s.dependents(p)) if (o.label().equals("pobj") && o.index() < x.index()) found = o;
    }
    return found;
  }

  private void fire(double polarity, String cue, boolean negated) {
    ruleScore += negated ? -polarity : polarity;
    cues.add(negated ? cue + "(negated)" : cue);
  }

  /** True if t has a negator dependent ("did not win"). */
  static boolean negated(ParsedSentence s, Token t) {
    StanceLexicon lex = StanceLexicon.get();
    for (Token d : s.dependents(t)) {
      if (d.label().equals("neg") || (lex.is("negator", norm(d)) && !d.label().equals("det"))) return true;
    }
    return false;
  }

  /** "..., not of X": a negator right before the preposition governing the target, or attached to it. */
  private static boolean negatedAttachment(ParsedSentence s, Token target, Token prep) {
    StanceLexicon lex = StanceLexicon.get();
    if (negated(s, prep) || negated(s, target)) return true;
    int i = prep.index() - 1;
    return i >= 0 && lex.is("negator", norm(s.tokens().get(i)));
  }

  private static int[] subtreeSpan(ParsedSentence s, Token root) {
    int start = root.start(), end = root.end();
    for (Token t : s.tokens()) {
      Token cur = t;
      int guard = 0;
      while (cur != null && guard++ < 200) {
        if (cur.index() == root.index()) {
          if (!isPunct(t)) {
            start = Math.min(start, t.start());
            end = Math.max(end, t.end());
          }
          break;
        }
        cur = s.head(cur);
      }
    }
    return new int[] {start, end};
  }

  private static int[] treeDistances(ParsedSentence s, Token from) {
    int n = s.tokens().size();
    int[] d = new int[n];
    java.util.Arrays.fill(d, 99);
    d[from.index()] = 0;
    // Undirected BFS over the tree; sentences are short so O(n^2) is fine.
    java.util.ArrayDeque<Token> queue = new java.util.ArrayDeque<>();
    queue.add(from);
    while (!queue.isEmpty()) {
      Token t = queue.poll();
      List<Token> next = new ArrayList<>(s.dependents(t));
      Token h = s.head(t);
      if (h != null) next.add(h);
      for (Token x : next) {
        if (d[x.index()] > d[t.index()] + 1) {
          d[x.index()] = d[t.index()] + 1;
          queue.add(x);
        }
      }
    }
    return d;
  }

  private void addBucket(String name, double v) {
    if (v > 1.5) features.add(name + "++");
    else if (v > 0.1) features.add(name + "+");
    else if (v < -1.5) features.add(name + "--");
    else if (v < -0.1) features.add(name + "-");
    else features.add(name + "0");
  }

  private static boolean quoted(String text, int at) {
    int quotes = 0;
    for (int i = 0; i < at && i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\u201C' || c == '\u201D') quotes++;
    }
    return quotes % 2 == 1;
  }

  static boolean isPunct(Token t) {
    String f = t.form();
    for (int i = 0; i < f.length(); i++) if (Character.isLetterOrDigit(f.charAt(i))) return false;
    return true;
  }

  static String norm(Token t) {
    String l = t.lemma() == null ? t.form() : t.lemma();
    return l.toLowerCase(Locale.ROOT);
  }
}
