package org.stancewatch.pipeline.enrich;

import java.time.LocalDate;
import org.stancewatch.events.Article;
import org.stancewatch.events.EnrichedArticle;

/**
 * Analyses one article against one fixed actor catalogue. Implementations must be thread-safe:
 * every stream thread shares the current one. The pipeline fills {@code simhash}, {@code duplicateOf}
 * and {@code enrichedAt} itself.
 */
public interface ArticleEnricher {

    /** @param day the article's publication day (event time), against which role aliases are judged */
    EnrichedArticle enrich(Article article, LocalDate day);

    /** Version of the analyser and catalogue, written to {@code EnrichedArticle.enricherVersion}. */
    String version();
}
