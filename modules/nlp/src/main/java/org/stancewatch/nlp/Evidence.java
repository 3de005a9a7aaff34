package org.stancewatch.nlp;

import java.util.List;

/**
 * One sentence that contributed to a stance: its text, its offsets in the article BODY ([start, end);
 * both -1 for the title), its score in [-1, 1], the cues that decided it (lexicon words, rules such
 * as {@code rule:victory-over-X}, {@code model:+0.42}) and the holder: the actor id or name of the
 * quoted speaker, or null when the sentence is the article's own voice.
 */
public record Evidence(String sentence, int start, int end, double score, List<String> cues, String holder) {
  public Evidence {
    cues = List.copyOf(cues);
  }
}
