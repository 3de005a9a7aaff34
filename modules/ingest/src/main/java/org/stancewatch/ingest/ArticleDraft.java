package org.stancewatch.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields a reader found for one item, before validation and id assignment
 * ({@link ArticleValidator#validate} turns it into an {@link org.stancewatch.events.Article} or a {@link Rejection}).
 */
public final class ArticleDraft {
    final String input;
    final int line;
    String id;
    String title;
    /** The title the id is computed with when it differs from {@link #title}; null: {@link #title}. */
    String idTitle;
    String body;
    String url;
    String outlet;
    String language;
    LocalDate publishedDate;
    Instant publishedAt;
    DateSource dateSource;
    final Map<String, String> metadata = new LinkedHashMap<>();

    public ArticleDraft(String input, int line) {
        this.input = input;
        this.line = line;
    }

    public ArticleDraft id(String v) { id = v; return this; }
    public ArticleDraft title(String v) { title = v; return this; }
    public ArticleDraft idTitle(String v) { idTitle = v; return this; }
    public ArticleDraft body(String v) { body = v; return this; }
    public ArticleDraft url(String v) { url = v; return this; }
    public ArticleDraft outlet(String v) { outlet = v; return this; }
    public ArticleDraft language(String v) { language = v; return this; }
    public ArticleDraft metadata(String key, String value) { metadata.put(key, value); return this; }

    /** The publication date and where it came from; a null {@code published} leaves the draft undated. */
    public ArticleDraft published(PublicationDates.Published published, DateSource source) {
        if (published != null) {
            publishedDate = published.date();
            publishedAt = published.instant();
            dateSource = source;
        }
        return this;
    }

    public String input() { return input; }
    public int line() { return line; }

    Rejection reject(Rejection.Code code, String reason) {
        return new Rejection(input, line, code, reason);
    }
}
