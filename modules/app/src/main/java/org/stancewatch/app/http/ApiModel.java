package org.stancewatch.app.http;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.ActorMention;
import org.stancewatch.events.ActorStance;
import org.stancewatch.events.AlertEvidence;
import org.stancewatch.events.CandidateName;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.Span;
import org.stancewatch.events.StanceEvidence;
import org.stancewatch.events.StanceShiftAlert;

/**
 * The JSON shapes of the HTTP API. Plain records rather than the Avro classes, so the API does not
 * leak Avro internals (schema getters, Utf8) and stays stable if the Avro schemas evolve.
 */
public final class ApiModel {
    private ApiModel() {}

    /** One actor's totals over a period, plus the stance it got on its latest day with coverage. */
    public record ActorSummary(String actorId, String actorName, long mentions, long articles,
                               long favor, long against, long neutral, long mixed, double netStance,
                               int days, LocalDate firstDay, LocalDate latestDay,
                               String latestStance, double latestNetStance) {

        /** Combines partial summaries of the same actor (from different days or instances). */
        public ActorSummary merge(ActorSummary other) {
            long arts = articles + other.articles;
            long fav = favor + other.favor;
            long ag = against + other.against;
            boolean otherIsLater = latestDay == null
                    || (other.latestDay != null && other.latestDay.isAfter(latestDay));
            ActorSummary latest = otherIsLater ? other : this;
            LocalDate first = firstDay == null ? other.firstDay
                    : other.firstDay == null || firstDay.isBefore(other.firstDay) ? firstDay : other.firstDay;
            String name = actorName.isEmpty() ? other.actorName : actorName;
            return new ActorSummary(actorId, name, mentions + other.mentions, arts, fav, ag,
                    neutral + other.neutral, mixed + other.mixed, arts == 0 ? 0 : (double) (fav - ag) / arts,
                    days + other.days, first, latest.latestDay, latest.latestStance, latest.latestNetStance);
        }

        public static ActorSummary of(DayStats day) {
            return new ActorSummary(day.actorId(), day.actorName(), day.mentions(), day.articles(),
                    day.favor(), day.against(), day.neutral(), day.mixed(), day.netStance(), 1,
                    day.day(), day.day(), day.dominantStance(), day.netStance());
        }
    }

    /**
     * One row of {@code mentions.daily}: an actor on a day, for all outlets ({@code outlet == null}) or one;
     * {@code day == null} for the actor's undated row (articles with no known publication date).
     */
    public record DayStats(String actorId, String actorName, LocalDate day, String outlet,
                           long mentions, long articles, int outlets, long favor, long against,
                           long neutral, long mixed, double netStance, double meanScore,
                           List<String> articleIds, Instant updatedAt, Double correctedAgainstShare,
                           Double correctedFavorShare) {

        /** Corrected shares are null when the row does not carry them (older rows, days without articles). */
        public static DayStats from(ActorDay d) {
            return from(d, List.of());
        }

        /**
         * {@code articleIds}: the drill-down behind the row (ActorDay carries counts only since schema v3), from the
         * pipeline's contributions store; empty where it is not needed (summaries, live events).
         */
        public static DayStats from(ActorDay d, List<String> articleIds) {
            return new DayStats(d.getActorId(), d.getActorName(), d.getDay(), d.getOutlet(),
                    d.getMentions(), d.getArticles(), d.getOutlets(), d.getFavor(), d.getAgainst(),
                    d.getNeutral(), d.getMixed(), d.getNetStance(), d.getMeanScore(),
                    List.copyOf(articleIds), d.getUpdatedAt(),
                    d.getCorrectedAgainstShare() < 0 ? null : d.getCorrectedAgainstShare(),
                    d.getCorrectedFavorShare() < 0 ? null : d.getCorrectedFavorShare());
        }

        /**
         * The label most articles gave the actor that day; a FAVOR/AGAINST tie reads as MIXED
         * (coverage split both ways), other ties prefer the more opinionated label.
         */
        public String dominantStance() {
            if (articles == 0) {
                return "NEUTRAL";
            }
            if (favor == against && favor > 0 && favor >= neutral && favor >= mixed) {
                return "MIXED";
            }
            long max = Math.max(Math.max(favor, against), Math.max(neutral, mixed));
            if (against == max) return "AGAINST";
            if (favor == max) return "FAVOR";
            if (mixed == max) return "MIXED";
            return "NEUTRAL";
        }
    }

    /** One outlet's coverage of an actor summed over a period. */
    public record OutletStats(String outlet, long mentions, long articles, long favor, long against,
                              long neutral, long mixed, double netStance) {}

    /**
     * One article behind a count (drill-down): what the list shows, the actor's label and score in it, how often it
     * names the actor and how many sentences decided its stance.
     */
    public record ArticleRef(String id, LocalDate day, String outlet, String title, String stance, double score,
                             int mentions, int evidence) {

        static ArticleRef of(ArticleView a, String actorId) {
            StanceView s = ArticleDrill.stanceOf(a, actorId).orElse(null);
            int mentions = a.mentions().stream().filter(m -> actorId.equals(m.actorId())).mapToInt(MentionView::count).sum();
            return new ArticleRef(a.id(), a.publishedDate(), a.outlet(), a.title(), s == null ? "NEUTRAL" : s.stance(),
                    s == null ? 0 : s.score(), mentions, s == null ? 0 : s.evidence().size());
        }
    }

    public record ArticleView(String id, String title, String body, String url, String outlet,
                              LocalDate publishedDate, Instant publishedAt, Instant ingestedAt,
                              String language, List<MentionView> mentions, List<StanceView> stances,
                              List<CandidateView> candidates, String duplicateOf,
                              String enricherVersion, Instant enrichedAt, String dateSource) {

        public static ArticleView from(EnrichedArticle a) {
            return new ArticleView(a.getId(), a.getTitle(), a.getBody(), a.getUrl(), a.getOutlet(),
                    a.getPublishedDate(), a.getPublishedAt(), a.getIngestedAt(), a.getLanguage(),
                    a.getMentions().stream().map(MentionView::from).toList(),
                    a.getStances().stream().map(StanceView::from).toList(),
                    a.getCandidates().stream().map(CandidateView::from).toList(),
                    a.getDuplicateOf(), a.getEnricherVersion(), a.getEnrichedAt(), a.getDateSource());
        }
    }

    public record MentionView(String actorId, String actorName, String actorType, int count, List<SpanView> spans) {
        static MentionView from(ActorMention m) {
            return new MentionView(m.getActorId(), m.getActorName(), m.getActorType(), m.getCount(),
                    m.getSpans().stream().map(SpanView::from).toList());
        }
    }

    public record SpanView(int start, int end, String text) {
        static SpanView from(Span s) {
            return new SpanView(s.getStart(), s.getEnd(), s.getText());
        }
    }

    public record StanceView(String actorId, String stance, double score, List<EvidenceView> evidence) {
        static StanceView from(ActorStance s) {
            return new StanceView(s.getActorId(), s.getStance().name(), s.getScore(),
                    s.getEvidence().stream().map(EvidenceView::from).toList());
        }
    }

    public record EvidenceView(String sentence, int start, int end, double score, List<String> cues, String holder) {
        static EvidenceView from(StanceEvidence e) {
            return new EvidenceView(e.getSentence(), e.getStart(), e.getEnd(), e.getScore(),
                    List.copyOf(e.getCues()), e.getHolder());
        }
    }

    public record CandidateView(String name, int count) {
        static CandidateView from(CandidateName c) {
            return new CandidateView(c.getName(), c.getCount());
        }
    }

    /** An untracked proper name: occurrences and number of articles it appeared in. */
    public record CandidateCount(String name, long mentions, long articles) {
        public CandidateCount merge(CandidateCount other) {
            return new CandidateCount(name, mentions + other.mentions, articles + other.articles);
        }
    }

    public record AlertView(String id, String kind, String actorId, String actorName, String outlet,
                            LocalDate day, String direction, String metric, double before, double after,
                            long beforeN, long afterN, String statistic, double statisticValue,
                            double threshold, List<AlertEvidenceView> evidence, String explanation,
                            String headline) {

        /** {@code headline}: a plain sentence built from the fields ({@link AlertText}); {@code explanation} is the detector's. */
        public static AlertView from(StanceShiftAlert a) {
            return new AlertView(a.getId(), a.getKind().name(), a.getActorId(), a.getActorName(),
                    a.getOutlet(), a.getDay(), a.getDirection(), a.getMetric(), a.getBefore(),
                    a.getAfter(), a.getBeforeN(), a.getAfterN(), a.getStatistic(),
                    a.getStatisticValue(), a.getThreshold(),
                    a.getEvidence().stream().map(AlertEvidenceView::from).toList(), a.getExplanation(),
                    AlertText.headline(a.getKind().name(), a.getActorName(), a.getActorId(), a.getOutlet(), a.getDay(),
                            a.getDirection(), a.getMetric(), a.getBefore(), a.getAfter(), a.getBeforeN(), a.getAfterN()));
        }
    }

    public record AlertEvidenceView(String articleId, String title, String outlet, String stance, List<String> sentences) {
        static AlertEvidenceView from(AlertEvidence e) {
            return new AlertEvidenceView(e.getArticleId(), e.getTitle(), e.getOutlet(), e.getStance(),
                    List.copyOf(e.getSentences()));
        }
    }

    /** The body of every 4xx/5xx answer. */
    public record ErrorBody(String error, String detail) {}
}
