package org.stancewatch.nlp;

import java.util.List;
import org.stancewatch.nlp.match.Mention;

/** One actor found in an article: its mentions (body offsets), the article's stance toward it and the evidence. */
public record ActorResult(String actorId, String name, String type, List<Mention> mentions, Stance stance,
                          double score, List<Evidence> evidence) {
  public ActorResult {
    mentions = List.copyOf(mentions);
    evidence = List.copyOf(evidence);
  }
}
