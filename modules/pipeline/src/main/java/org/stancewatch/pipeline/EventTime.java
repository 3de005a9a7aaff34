package org.stancewatch.pipeline;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.stancewatch.events.Article;
import org.stancewatch.events.EnrichedArticle;

/**
 * An article's event time: the day it is counted on and the instant it is ordered by.
 * Day: {@code publishedAt} (turned into a day in the configured zone), else {@code publishedDate}, else none:
 * an undated article has no day (it is counted in the actor's undated row, and the analyser gets no day, so
 * dated role aliases such as "Iraq's Prime Minister" stay unresolved). Instant: the same, else {@code ingestedAt}
 * (the feeder's clock), which only orders an undated article's records. Never the record's arrival in Kafka.
 */
public final class EventTime {

    private EventTime() {
    }

    /** The publication day, or null when the article is undated (never the day it was fed). */
    public static LocalDate day(Instant publishedAt, LocalDate publishedDate, ZoneId zone) {
        if (publishedAt != null) {
            return publishedAt.atZone(zone).toLocalDate();
        }
        return publishedDate;
    }

    public static Instant instant(Instant publishedAt, LocalDate publishedDate, Instant ingestedAt, ZoneId zone) {
        if (publishedAt != null) {
            return publishedAt;
        }
        if (publishedDate != null) {
            return publishedDate.atStartOfDay(zone).toInstant();
        }
        return ingestedAt;
    }

    public static LocalDate day(Article a, ZoneId zone) {
        return day(a.getPublishedAt(), a.getPublishedDate(), zone);
    }

    public static LocalDate day(EnrichedArticle a, ZoneId zone) {
        return day(a.getPublishedAt(), a.getPublishedDate(), zone);
    }

    public static Instant instant(Article a, ZoneId zone) {
        return instant(a.getPublishedAt(), a.getPublishedDate(), a.getIngestedAt(), zone);
    }

    public static Instant instant(EnrichedArticle a, ZoneId zone) {
        return instant(a.getPublishedAt(), a.getPublishedDate(), a.getIngestedAt(), zone);
    }
}
