package org.stancewatch.ingest;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import org.stancewatch.events.Article;
import org.stancewatch.ingest.Rejection.Code;

/** Checks a draft against the limits in {@link FeedOptions}, fills defaults, and assigns the stable id. */
public final class ArticleValidator {

    /** Titles derived from the body are cut to about this many chars, at a word boundary. */
    static final int DERIVED_TITLE_MAX_CHARS = 120;

    private final FeedOptions options;

    public ArticleValidator(FeedOptions options) {
        this.options = options;
    }

    java.time.Clock clock() {
        return options.clock();
    }

    public ReadItem validate(ArticleDraft draft) {
        String body = draft.body == null ? "" : draft.body.strip();
        if (body.isEmpty()) {
            return draft.reject(Code.EMPTY_BODY, "empty body");
        }
        int bodyBytes = utf8Length(body);
        if (bodyBytes > options.maxBodyBytes()) {
            return draft.reject(Code.BODY_TOO_LARGE, "body is " + bodyBytes + " bytes, over the limit of "
                    + options.maxBodyBytes() + " bytes (UTF-8)");
        }
        String title = draft.title == null ? "" : draft.title.strip();
        if (title.isEmpty()) {
            title = titleFromBody(body);
        }
        String url = blankToNull(draft.url);
        String outlet = blankToNull(draft.outlet) != null ? draft.outlet.strip() : options.defaultOutlet();
        String language = blankToNull(draft.language) != null ? draft.language.strip() : options.defaultLanguage();
        String id = ArticleIds.idFor(draft.id, url, draft.idTitle != null ? draft.idTitle : title, body);
        Article article = Article.newBuilder()
                .setId(id)
                .setTitle(title)
                .setBody(body)
                .setUrl(url == null ? null : url.strip())
                .setOutlet(outlet)
                .setLanguage(language)
                .setPublishedDate(draft.publishedAt == null ? draft.publishedDate : null)
                .setPublishedAt(draft.publishedAt)
                .setDateSource(draft.dateSource == null || (draft.publishedAt == null && draft.publishedDate == null)
                        ? null : draft.dateSource.name())
                .setIngestedAt(options.clock().instant())
                .setSource(draft.line > 0 ? draft.input + ":" + draft.line : draft.input)
                .setMetadata(new LinkedHashMap<>(draft.metadata))
                .build();
        return new ReadItem.Accepted(article);
    }

    /** The first non-empty line of the body, cut at a word boundary if long. */
    static String titleFromBody(String body) {
        String firstLine = body.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        if (firstLine.length() <= DERIVED_TITLE_MAX_CHARS) {
            return firstLine;
        }
        int cut = firstLine.lastIndexOf(' ', DERIVED_TITLE_MAX_CHARS);
        return firstLine.substring(0, cut > DERIVED_TITLE_MAX_CHARS / 2 ? cut : DERIVED_TITLE_MAX_CHARS) + "\u2026";
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
