package org.stancewatch.nlp.parse;

import java.util.ArrayList;
import java.util.List;

/** A dependency-parsed sentence; token offsets index into {@link #text()}. Immutable. */
public record ParsedSentence(String text, List<Token> tokens) {

  public ParsedSentence {
    tokens = List.copyOf(tokens);
  }

  public Token head(Token t) { return t.head() < 0 ? null : tokens.get(t.head()); }

  public List<Token> dependents(Token t) {
    List<Token> out = new ArrayList<>();
    for (Token d : tokens) if (d.head() == t.index()) out.add(d);
    return out;
  }

  /** Indexes of tokens overlapping the character span [from, to). */
  public List<Token> tokensIn(int from, int to) {
    List<Token> out = new ArrayList<>();
    for (Token t : tokens) if (t.start() < to && t.end() > from) out.add(t);
    return out;
  }

  /** The syntactic head of a span: the token whose head lies outside the span (first such one). */
  public Token spanHead(int from, int to) {
    List<Token> in = tokensIn(from, to);
    if (in.isEmpty()) return null;
    for (Token t : in) {
      Token h = head(t);
      if (h == null || h.start() >= to || h.end() <= from) return t;
    }
    return in.get(in.size() - 1);
  }

  /** Ancestors of t from its head up to the root. */
  public List<Token> ancestors(Token t) {
    List<Token> out = new ArrayList<>();
    Token cur = head(t);
    int guard = 0;
    while (cur != null && guard++ < tokens.size()) {
      out.add(cur);
      cur = head(cur);
    }
    return out;
  }
}
