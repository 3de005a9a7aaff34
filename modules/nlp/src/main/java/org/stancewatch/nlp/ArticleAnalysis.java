package org.stancewatch.nlp;

import java.util.List;
import org.stancewatch.nlp.discover.Candidate;

/**
 * The analysis of one article. {@code language} is "en" or "und"; {@code mainTextEnd} is the body
 * offset where the article's own text ends (trailing boilerplate after it yields no mentions);
 * {@code publisherSides}: the catalogue actors the publishing outlet is an organ of, as the article decision read them
 * ({@link org.stancewatch.nlp.catalogue.OutletSides}; sorted, empty when the publisher is unknown or has no side), so a
 * reader can see why an actor's stance may differ from what its sentences say.
 */
public record ArticleAnalysis(String language, List<ActorResult> actors, List<Candidate> candidates, int mainTextEnd,
                              List<String> publisherSides) {
  public ArticleAnalysis {
    actors = List.copyOf(actors);
    candidates = List.copyOf(candidates);
    publisherSides = List.copyOf(publisherSides);
  }

  /** An analysis without a publisher the decision read. */
  public ArticleAnalysis(String language, List<ActorResult> actors, List<Candidate> candidates, int mainTextEnd) {
    this(language, actors, candidates, mainTextEnd, List.of());
  }
}
