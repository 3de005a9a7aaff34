package org.stancewatch.pipeline.enrich;

import java.time.LocalDate;
import java.util.List;
import org.stancewatch.events.Article;
import org.stancewatch.events.EnrichedArticle;

/** No analysis at all: near-duplicate tests need only the body, and thousands of articles in seconds. */
final class TextOnlyEnricher implements ArticleEnricher {

    static final EnricherFactory FACTORY = actors -> new TextOnlyEnricher();

    @Override
    public EnrichedArticle enrich(Article article, LocalDate day) {
        return EnrichedArticle.newBuilder().setId(article.getId()).setTitle(article.getTitle())
                .setBody(article.getBody()).setOutlet(article.getOutlet())
                .setPublishedDate(article.getPublishedDate()).setPublishedAt(article.getPublishedAt())
                .setIngestedAt(article.getIngestedAt()).setLanguage("en")
                .setMentions(List.of()).setStances(List.of()).setCandidates(List.of())
                .setEnricherVersion(version()).build();
    }

    @Override
    public String version() {
        return "text-only";
    }
}
