package org.stancewatch.pipeline.holders;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.stancewatch.events.ActorMention;
import org.stancewatch.events.ActorStance;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.StanceEvidence;
import org.stancewatch.pipeline.EventTime;
import org.stancewatch.pipeline.StoreNames;
import org.stancewatch.pipeline.internal.HolderArticleRows;
import org.stancewatch.pipeline.internal.HolderContribution;
import org.stancewatch.pipeline.internal.HolderEvidence;

/**
 * Turns each new version of an article into changes of the {@code holder|target|day} rows it touches, the
 * way {@code ContributionDiffProcessor} does for {@code mentions.daily}: the rows the previous version
 * contributed to are kept in {@link StoreNames#HOLDER_ARTICLE_ROWS}; a row only the old version touched gets a
 * retraction, a row whose contribution changed gets the new one (which replaces the article's entry in that
 * row), an unchanged row gets nothing. So an identical re-send emits nothing, a correction moves the article's
 * sentences, and a tombstone retracts them all.
 *
 * <p>It keeps only the rows (sentences and scores), not the whole article: far smaller than the article text.
 */
final class HolderContributionDiffProcessor implements Processor<String, EnrichedArticle, String, HolderContribution> {

    private final ZoneId zone;
    private ProcessorContext<String, HolderContribution> context;
    private KeyValueStore<String, HolderArticleRows> previous;

    HolderContributionDiffProcessor(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public void init(ProcessorContext<String, HolderContribution> context) {
        this.context = context;
        this.previous = context.getStateStore(StoreNames.HOLDER_ARTICLE_ROWS);
    }

    @Override
    public void process(Record<String, EnrichedArticle> record) {
        String articleId = record.key();
        if (articleId == null) {
            return;
        }
        HolderArticleRows stored = previous.get(articleId);
        Map<String, HolderContribution> before = stored == null ? Map.of() : stored.getRows();
        Map<String, HolderContribution> after = rows(articleId, record.value(), zone);

        before.forEach((row, old) -> {
            if (!after.containsKey(row)) {
                HolderContribution retraction = HolderContribution.newBuilder(old).setRetraction(true).build();
                context.forward(record.withKey(row).withValue(retraction));
            }
        });
        after.forEach((row, now) -> {
            if (!Objects.equals(before.get(row), now)) {
                context.forward(record.withKey(row).withValue(now));
            }
        });
        if (after.isEmpty()) {
            previous.delete(articleId);
        } else {
            previous.put(articleId, new HolderArticleRows(after));
        }
    }

    /** The {@code holder|target|day} rows an article version contributes to, each with its sentences. */
    static Map<String, HolderContribution> rows(String articleId, EnrichedArticle article, ZoneId zone) {
        if (article == null) {
            return Map.of();
        }
        Map<String, ActorMention> mentions = new HashMap<>();
        for (ActorMention m : article.getMentions()) {
            mentions.put(m.getActorId(), m);
        }
        Set<String> actorIds = new HashSet<>(mentions.keySet());
        article.getStances().forEach(s -> actorIds.add(s.getActorId()));
        LocalDate day = EventTime.day(article, zone);
        long eventTime = EventTime.instant(article, zone).toEpochMilli();
        Map<String, HolderContribution> rows = new LinkedHashMap<>();
        for (ActorStance stance : article.getStances()) {
            String target = stance.getActorId();
            if (target.indexOf('|') >= 0) {
                continue; // no catalogue id has one (ActorId); it would break the row key
            }
            ActorMention targetMention = mentions.get(target);
            String targetName = targetMention == null ? target : targetMention.getActorName();
            for (StanceEvidence e : stance.getEvidence()) {
                Holder holder = Holder.resolve(e.getHolder(), target, article, mentions, actorIds);
                if (holder == null) {
                    continue;
                }
                HolderContribution row = rows.computeIfAbsent(HolderKeys.byHolder(holder.id(), target, day),
                        k -> HolderContribution.newBuilder()
                                .setArticleId(articleId)
                                .setHolder(holder.id())
                                .setHolderName(holder.name())
                                .setHolderKind(holder.kind().name())
                                .setTarget(target)
                                .setTargetName(targetName)
                                .setDay(day)
                                .setRetraction(false)
                                .setEventTime(eventTime)
                                .setSentences(new ArrayList<>())
                                .build());
                row.getSentences().add(new HolderEvidence(e.getSentence(), e.getStart(), e.getEnd(), e.getScore()));
            }
        }
        // Order-independent value, so an identical re-send compares equal whatever order evidence came in.
        rows.values().forEach(c -> c.getSentences().sort(Comparator.comparingInt(HolderEvidence::getStart)
                .thenComparing(HolderEvidence::getSentence).thenComparingDouble(HolderEvidence::getScore)));
        return rows;
    }
}
