package org.stancewatch.pipeline.daily;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.stancewatch.events.ActorMention;
import org.stancewatch.events.ActorStance;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.Stance;
import org.stancewatch.pipeline.EventTime;
import org.stancewatch.pipeline.StoreNames;
import org.stancewatch.pipeline.alerts.InputWatermark;
import org.stancewatch.pipeline.internal.Contribution;

/**
 * Turns each new version of an article into changes of the daily rows it touches, keyed by row
 * ({@code actorId|day} and {@code actorId|day|outlet}).
 *
 * <p>It keeps the last version of every article in {@link StoreNames#ARTICLES} and compares: a row the
 * old version touched and the new one does not (an actor dropped by a correction, a changed day or
 * outlet, a deleted article) gets a retraction; a row the new version touches gets the new contribution,
 * which replaces the article's old one in that row (contributions are stored per row and article, see
 * {@link DailyContributions}). Unchanged rows get nothing, so an identical re-send changes no
 * count and emits no update.
 *
 * <p>It also keeps the newest event day this task's {@code articles.enriched} partition has carried
 * ({@link StoreNames#DAILY_INPUT_PROGRESS}) and, when it advances, forwards an {@link InputWatermark} (key only,
 * null value) after the contributions: the counting step's repartitioner copies it to every partition, behind
 * the contributions sent before it (see {@link DailyMentionsTopology}).
 */
final class ContributionDiffProcessor implements Processor<String, EnrichedArticle, String, Contribution> {

    private final ZoneId zone;
    private ProcessorContext<String, Contribution> context;
    private KeyValueStore<String, EnrichedArticle> articles;
    private KeyValueStore<String, Long> progress;

    ContributionDiffProcessor(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public void init(ProcessorContext<String, Contribution> context) {
        this.context = context;
        this.articles = context.getStateStore(StoreNames.ARTICLES);
        this.progress = context.getStateStore(StoreNames.DAILY_INPUT_PROGRESS);
    }

    @Override
    public void process(Record<String, EnrichedArticle> record) {
        String articleId = record.key();
        if (articleId == null) {
            return;
        }
        EnrichedArticle previous = articles.get(articleId);
        EnrichedArticle current = record.value();
        Map<String, Contribution> before = rows(articleId, previous);
        Map<String, Contribution> after = rows(articleId, current);

        before.forEach((row, old) -> {
            if (!after.containsKey(row)) {
                Contribution retraction = Contribution.newBuilder(old).setRetraction(true).build();
                context.forward(record.withKey(row).withValue(retraction));
            }
        });
        after.forEach((row, now) -> {
            if (!Objects.equals(before.get(row), now)) {
                context.forward(record.withKey(row).withValue(now));
            }
        });
        if (current == null) {
            articles.delete(articleId);
        } else {
            articles.put(articleId, current);
            advanceWatermark(record);
        }
    }

    /** After the article's contributions: a watermark if it is the newest day this input partition has carried. */
    private void advanceWatermark(Record<String, EnrichedArticle> record) {
        LocalDate day = EventTime.day(record.value(), zone);
        if (day == null) {
            return;
        }
        int partition = context.recordMetadata()
                .orElseThrow(() -> new IllegalStateException("no record metadata for an articles.enriched record"))
                .partition();
        String key = Integer.toString(partition);
        Long seen = progress.get(key);
        if (seen == null || day.toEpochDay() > seen) {
            progress.put(key, day.toEpochDay());
            context.forward(new Record<String, Contribution>(new InputWatermark(partition, day.toEpochDay()).key(),
                    null, record.timestamp()));
        }
    }

    /** The rows an article version contributes to, by row key. */
    private Map<String, Contribution> rows(String articleId, EnrichedArticle article) {
        if (article == null) {
            return Map.of();
        }
        Map<String, ActorStance> stances = new HashMap<>();
        for (ActorStance s : article.getStances()) {
            stances.put(s.getActorId(), s);
        }
        var day = EventTime.day(article, zone);
        // Event time, never the time it was fed: an undated article has none (its row's updatedAt is null), so
        // a re-send with a new ingestedAt gives the same contribution and emits nothing.
        long eventTime = day == null ? 0L : EventTime.instant(article, zone).toEpochMilli();
        String outlet = article.getOutlet() == null || article.getOutlet().isBlank() ? null : article.getOutlet();
        Map<String, Contribution> rows = new LinkedHashMap<>();
        for (ActorMention mention : article.getMentions()) {
            ActorStance stance = stances.get(mention.getActorId());
            Contribution all = Contribution.newBuilder()
                    .setArticleId(articleId)
                    .setActorId(mention.getActorId())
                    .setActorName(mention.getActorName())
                    .setDay(day)
                    .setOutlet(outlet)
                    .setPerOutlet(false)
                    .setRetraction(false)
                    .setMentions(mention.getCount())
                    .setStance(stance == null ? Stance.NEUTRAL.name() : stance.getStance().name())
                    .setScore(stance == null ? 0.0 : stance.getScore())
                    .setEventTime(eventTime)
                    .build();
            rows.put(RowKeys.daily(mention.getActorId(), day), all);
            if (outlet != null) {
                rows.put(RowKeys.dailyOutlet(mention.getActorId(), day, outlet),
                        Contribution.newBuilder(all).setPerOutlet(true).build());
            }
        }
        return rows;
    }
}
