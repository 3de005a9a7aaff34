package org.stancewatch.app.export;

import java.time.Instant;
import java.time.LocalDate;
import java.util.stream.Collectors;
import org.stancewatch.events.EnrichedArticle;

/**
 * One enriched article as a flat row (export and search listings): {@code actors} is the actor ids separated by
 * {@code ;}, {@code stances} is {@code actorId=STANCE} pairs separated by {@code ;}, so a spreadsheet can filter
 * on them without parsing JSON. Title and body are untrusted text.
 */
public record ArticleRow(String id, LocalDate publishedDate, String outlet, String title, String url,
                         String language, String actors, String stances, String duplicateOf,
                         Instant enrichedAt, String body) {

    public static ArticleRow from(EnrichedArticle a) {
        return new ArticleRow(a.getId(), a.getPublishedDate(), a.getOutlet(), a.getTitle(), a.getUrl(),
                a.getLanguage(),
                a.getMentions().stream().map(m -> m.getActorId()).collect(Collectors.joining(";")),
                a.getStances().stream().map(s -> s.getActorId() + "=" + s.getStance().name())
                        .collect(Collectors.joining(";")),
                a.getDuplicateOf(), a.getEnrichedAt(), a.getBody());
    }
}
