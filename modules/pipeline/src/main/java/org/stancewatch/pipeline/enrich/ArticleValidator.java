package org.stancewatch.pipeline.enrich;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.stancewatch.events.Article;
import org.stancewatch.pipeline.errors.Rejections;

/** Checks that an article can be analysed and counted; names the article and the reason when not. */
public final class ArticleValidator {

    /** Feeds in other time zones may date an article a little ahead of our clock; more than this is an error. */
    static final Duration MAX_FUTURE = Duration.ofDays(2);
    static final LocalDate EARLIEST_DAY = LocalDate.of(1900, 1, 1);

    public record Problem(String reason, String message) {
    }

    private final int maxBodyChars;
    private final Clock clock;

    public ArticleValidator(int maxBodyChars, Clock clock) {
        this.maxBodyChars = maxBodyChars;
        this.clock = clock;
    }

    public Optional<Problem> check(Article a) {
        String name = "article '" + a.getId() + "'" + (a.getSource() == null ? "" : " from " + a.getSource());
        if (a.getBody() == null || a.getBody().isBlank()) {
            return Optional.of(new Problem(Rejections.EMPTY_BODY, name + " has an empty body"));
        }
        if (a.getBody().length() > maxBodyChars) {
            return Optional.of(new Problem(Rejections.BODY_TOO_LARGE, name + " has a body of " + a.getBody().length()
                    + " chars, more than the limit of " + maxBodyChars + " (stancewatch.max.body.chars)"));
        }
        Instant latest = clock.instant().plus(MAX_FUTURE);
        Instant earliest = EARLIEST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant();
        if (a.getPublishedAt() != null && (a.getPublishedAt().isAfter(latest) || a.getPublishedAt().isBefore(earliest))) {
            return Optional.of(new Problem(Rejections.BAD_DATE, name + " has publishedAt " + a.getPublishedAt()
                    + ", outside [" + EARLIEST_DAY + ", now + " + MAX_FUTURE.toDays() + " days]"));
        }
        LocalDate latestDay = latest.atZone(ZoneOffset.UTC).toLocalDate();
        if (a.getPublishedDate() != null
                && (a.getPublishedDate().isAfter(latestDay) || a.getPublishedDate().isBefore(EARLIEST_DAY))) {
            return Optional.of(new Problem(Rejections.BAD_DATE, name + " has publishedDate " + a.getPublishedDate()
                    + ", outside [" + EARLIEST_DAY + ", today + " + MAX_FUTURE.toDays() + " days]"));
        }
        return Optional.empty();
    }
}
