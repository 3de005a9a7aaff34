package org.stancewatch.nlp;

import java.util.List;
import org.stancewatch.nlp.discover.Candidate;

/**
 * The analysis of one article. {@code language} is "en" or "und"; {@code mainTextEnd} is the body
 * offset where the article's own text ends (trailing boilerplate after it yields no mentions).
 */
public record ArticleAnalysis(String language, List<ActorResult> actors, List<Candidate> candidates, int mainTextEnd) {
  public ArticleAnalysis {
    actors = List.copyOf(actors);
    candidates = List.copyOf(candidates);
  }
}
