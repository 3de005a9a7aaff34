package org.stancewatch.app;

import java.time.Duration;
import org.stancewatch.app.http.StancewatchMetrics;
import org.stancewatch.pipeline.enrich.ArticleEnricher;
import org.stancewatch.pipeline.enrich.EnricherFactory;

/**
 * Wraps the pipeline's enricher to time each article and count stance labels, so the pipeline module stays
 * free of Micrometer. An exactly-once retry enriches an article again, so these counters can run slightly
 * ahead of what was committed; `mentions.daily` is the count of record.
 */
final class MeteredEnricher {
    private MeteredEnricher() {
    }

    static EnricherFactory wrap(EnricherFactory factory, StancewatchMetrics metrics) {
        return actors -> {
            ArticleEnricher inner = factory.forCatalogue(actors);
            return new ArticleEnricher() {
                @Override
                public org.stancewatch.events.EnrichedArticle enrich(org.stancewatch.events.Article article,
                                                                     java.time.LocalDate day) {
                    long start = System.nanoTime();
                    var enriched = inner.enrich(article, day);
                    metrics.articleEnriched(Duration.ofNanos(System.nanoTime() - start));
                    enriched.getStances().forEach(s -> metrics.stanceLabel(s.getStance().name()));
                    return enriched;
                }

                @Override
                public String version() {
                    return inner.version();
                }
            };
        };
    }
}
