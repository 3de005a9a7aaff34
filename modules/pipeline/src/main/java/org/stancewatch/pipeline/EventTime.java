package org.stancewatch.pipeline;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.stancewatch.events.Article;
import org.stancewatch.events.EnrichedArticle;

/**
 * An article's event time: the day it is counted on and the instant it is ordered by.
 * Precedence: {@code publishedAt} (turned into a day in the configured zone), else {@code publishedDate},
 * else {@code ingestedAt} (the feeder's clock) — never the record's arrival in Kafka.
 */
public final class EventTime {

    private EventTime() {
    }

    public static LocalDate day(Instant publishedAt, LocalDate publishedDate, Instant ingestedAt, ZoneId zone) {
        if (publishedAt != null) {
            return publishedAt.atZone(zone).toLocalDate();
        }
        if (publishedDate != null) {
            return publishedDate;
        }
        return ingestedAt.atZone(zone).toLocalDate();
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
        return day(a.getPublishedAt(), a.getPublishedDate(), a.getIngestedAt(), zone);
    }

    public static LocalDate day(EnrichedArticle a, ZoneId zone) {
        return day(a.getPublishedAt(), a.getPublishedDate(), a.getIngestedAt(), zone);
    }

    public static Instant instant(Article a, ZoneId zone) {
        return instant(a.getPublishedAt(), a.getPublishedDate(), a.getIngestedAt(), zone);
    }

    public static Instant instant(EnrichedArticle a, ZoneId zone) {
        return instant(a.getPublishedAt(), a.getPublishedDate(), a.getIngestedAt(), zone);
    }
}
