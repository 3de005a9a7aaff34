package org.stancewatch.nlp.parse;

/**
 * One parsed token. {@code start}/{@code end} are character offsets into the text that was parsed
 * (ClearNLP returns none: {@link DependencyParser} aligns them). {@code head} is the index of the
 * governing token in the same sentence, or -1 for the root.
 */
public record Token(int index, String form, String lemma, String pos, String label, int head, int start, int end) {
  public boolean isVerb() { return pos.startsWith("VB"); }
  public boolean isNoun() { return pos.startsWith("NN") || pos.equals("PRP"); }
}
