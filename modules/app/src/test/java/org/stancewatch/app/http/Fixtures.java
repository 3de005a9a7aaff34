package org.stancewatch.app.http;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stancewatch.events.ActorDay;
import org.stancewatch.pipeline.internal.Contribution;
import org.stancewatch.events.ActorMention;
import org.stancewatch.events.ActorStance;
import org.stancewatch.events.AlertEvidence;
import org.stancewatch.events.AlertKind;
import org.stancewatch.events.CandidateName;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.Span;
import org.stancewatch.events.Stance;
import org.stancewatch.events.StanceEvidence;
import org.stancewatch.events.StanceShiftAlert;

/** Test data shaped like the pipeline's output for a few Mosul articles; no NLP involved. */
final class Fixtures {
    private Fixtures() {}

    static final String XSS_ID = "evil-1";
    static final String UNDATED_ID = "undated-1";
    static final String XSS_TITLE = "<script>window.__pwned = true;</script>Breaking <b>news</b> from Mosul";

    /** Builds an enriched article, finding mention spans and evidence offsets in the body. */
    static final class ArticleBuilder {
        private final EnrichedArticle.Builder b = EnrichedArticle.newBuilder();
        private final String body;
        private final List<ActorMention> mentions = new ArrayList<>();
        private final List<ActorStance> stances = new ArrayList<>();
        private final List<CandidateName> candidates = new ArrayList<>();

        ArticleBuilder(String id, String title, String outlet, LocalDate day, String body) {
            this.body = body;
            b.setId(id).setTitle(title).setBody(body).setOutlet(outlet).setPublishedDate(day)
                    .setIngestedAt(day == null ? Instant.parse("2026-12-01T12:00:00Z") : Instant.parse(day + "T12:00:00Z"))
                    .setLanguage("en")
                    .setEnricherVersion("fixture");
        }

        ArticleBuilder mention(String actorId, String name, String alias) {
            List<Span> spans = new ArrayList<>();
            for (int i = body.indexOf(alias); i >= 0; i = body.indexOf(alias, i + alias.length())) {
                spans.add(Span.newBuilder().setStart(i).setEnd(i + alias.length()).setText(alias).build());
            }
            if (spans.isEmpty()) {
                throw new IllegalArgumentException("fixture body lacks '" + alias + "'");
            }
            mentions.add(ActorMention.newBuilder().setActorId(actorId).setActorName(name).setActorType("ORGANIZATION")
                    .setCount(spans.size()).setSpans(spans).build());
            return this;
        }

        ArticleBuilder stance(String actorId, Stance stance, double score, String sentence) {
            int start = body.indexOf(sentence);
            if (start < 0) {
                throw new IllegalArgumentException("fixture body lacks sentence '" + sentence + "'");
            }
            StanceEvidence evidence = StanceEvidence.newBuilder().setSentence(sentence).setStart(start)
                    .setEnd(start + sentence.length()).setScore(score).setCues(List.of("fixture-cue")).build();
            stances.add(ActorStance.newBuilder().setActorId(actorId).setStance(stance).setScore(score)
                    .setEvidence(List.of(evidence)).build());
            return this;
        }

        ArticleBuilder url(String url) {
            b.setUrl(url);
            return this;
        }

        ArticleBuilder candidate(String name, int count) {
            candidates.add(CandidateName.newBuilder().setName(name).setCount(count).build());
            return this;
        }

        EnrichedArticle build() {
            return b.setMentions(mentions).setStances(stances).setCandidates(candidates).build();
        }
    }

    static List<EnrichedArticle> articles() {
        LocalDate d = LocalDate.of(2017, 7, 8);
        List<EnrichedArticle> list = new ArrayList<>();
        list.add(new ArticleBuilder("a1", "Iraqi army closes in on Mosul old city", "Reuters", d,
                "The Iraqi army pushed into the last streets held by ISIS on Saturday.\n\n"
                        + "Commanders praised the Iraqi army for its discipline. ISIS fighters used civilians as shields.")
                .mention("iraqi-army", "Iraqi army", "Iraqi army").mention("isis", "ISIS", "ISIS")
                .stance("iraqi-army", Stance.FAVOR, 0.7, "Commanders praised the Iraqi army for its discipline.")
                .stance("isis", Stance.AGAINST, -0.8, "ISIS fighters used civilians as shields.")
                .candidate("Abdul Wahab al-Saadi", 1).url("https://example.org/mosul/a1").build());
        list.add(new ArticleBuilder("a2", "Militias accused of abuses near Mosul", "Al Jazeera", d.plusDays(1),
                "Rights groups accused the Popular Mobilization Forces of abuses against civilians.\n"
                        + "The Iraqi army denied any knowledge of the incidents.")
                .mention("pmf", "Popular Mobilization Forces", "Popular Mobilization Forces")
                .mention("iraqi-army", "Iraqi army", "Iraqi army")
                .stance("pmf", Stance.AGAINST, -0.6, "Rights groups accused the Popular Mobilization Forces of abuses against civilians.")
                .stance("iraqi-army", Stance.NEUTRAL, 0.0, "The Iraqi army denied any knowledge of the incidents.")
                .candidate("Abdul Wahab al-Saadi", 2).build());
        list.add(new ArticleBuilder("a3", "US-led coalition strikes support Mosul push", "BBC", d.plusDays(1),
                "The United States said its air strikes helped the Iraqi army advance.\n"
                        + "Critics said the United States ignored civilian casualties, while others praised it.")
                .mention("united-states", "United States", "United States")
                .mention("iraqi-army", "Iraqi army", "Iraqi army")
                .stance("united-states", Stance.MIXED, -0.1, "Critics said the United States ignored civilian casualties, while others praised it.")
                .stance("iraqi-army", Stance.FAVOR, 0.4, "The United States said its air strikes helped the Iraqi army advance.")
                .build());
        list.add(new ArticleBuilder("a4", "Mosul declared liberated", "Reuters", d.plusDays(2),
                "Prime Minister Haider al-Abadi congratulated the Iraqi army on the victory over ISIS.\n"
                        + "The Iraqi army raised the flag over the Nuri mosque.")
                .mention("iraqi-army", "Iraqi army", "Iraqi army").mention("isis", "ISIS", "ISIS")
                .stance("iraqi-army", Stance.FAVOR, 0.9, "Prime Minister Haider al-Abadi congratulated the Iraqi army on the victory over ISIS.")
                .stance("isis", Stance.AGAINST, -0.7, "Prime Minister Haider al-Abadi congratulated the Iraqi army on the victory over ISIS.")
                .candidate("Haider al-Abadi", 1).build());
        list.add(new ArticleBuilder("a5", "Questions over Mosul's cost", "Al Jazeera", d.plusDays(3),
                "Residents blamed the Iraqi army for destroying homes in the old city.\n"
                        + "The Popular Mobilization Forces stayed outside the city.")
                .mention("iraqi-army", "Iraqi army", "Iraqi army")
                .mention("pmf", "Popular Mobilization Forces", "Popular Mobilization Forces")
                .stance("iraqi-army", Stance.AGAINST, -0.6, "Residents blamed the Iraqi army for destroying homes in the old city.")
                .stance("pmf", Stance.NEUTRAL, 0.0, "The Popular Mobilization Forces stayed outside the city.")
                .build());
        list.add(new ArticleBuilder(XSS_ID, XSS_TITLE, "Unknown <i>Outlet</i>", d.plusDays(3),
                "Hostile text <img src=x onerror=\"window.__pwned = true\"> says ISIS is <b>gone</b>.")
                .mention("isis", "ISIS", "ISIS").url("javascript:window.__pwned = true")
                .stance("isis", Stance.NEUTRAL, 0.0, "Hostile text <img src=x onerror=\"window.__pwned = true\"> says ISIS is <b>gone</b>.")
                .build());
        // No publication date: counted in the undated rows, in no period and on no day.
        list.add(new ArticleBuilder(UNDATED_ID, "Mosul victory", "Syria Times", null,
                "The Iraqi army and its allies achieved a great victory in Mosul.")
                .mention("iraqi-army", "Iraqi army", "Iraqi army")
                .stance("iraqi-army", Stance.FAVOR, 0.6, "The Iraqi army and its allies achieved a great victory in Mosul.")
                .build());
        return list;
    }

    /** The all-outlet (outlet == null) and per-outlet daily rows the pipeline would derive from the articles. */
    static List<ActorDay> actorDays(List<EnrichedArticle> articles, boolean perOutlet) {
        Map<String, List<EnrichedArticle>> byKey = new LinkedHashMap<>();
        Map<String, ActorMention> mentionByKey = new LinkedHashMap<>();
        for (EnrichedArticle a : articles) {
            for (ActorMention m : a.getMentions()) {
                String key = m.getActorId() + "|" + a.getPublishedDate() + (perOutlet ? "|" + a.getOutlet() : "");
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(a);
                mentionByKey.putIfAbsent(key, m);
            }
        }
        List<ActorDay> rows = new ArrayList<>();
        byKey.forEach((key, list) -> {
            String actorId = mentionByKey.get(key).getActorId();
            long mentions = 0, favor = 0, against = 0, neutral = 0, mixed = 0;
            double scoreSum = 0;
            for (EnrichedArticle a : list) {
                mentions += a.getMentions().stream().filter(m -> m.getActorId().equals(actorId)).mapToInt(ActorMention::getCount).sum();
                ActorStance s = a.getStances().stream().filter(st -> st.getActorId().equals(actorId)).findFirst().orElseThrow();
                scoreSum += s.getScore();
                switch (s.getStance()) {
                    case FAVOR -> favor++;
                    case AGAINST -> against++;
                    case NEUTRAL -> neutral++;
                    case MIXED -> mixed++;
                }
            }
            EnrichedArticle first = list.get(0);
            rows.add(ActorDay.newBuilder().setActorId(actorId).setActorName(mentionByKey.get(key).getActorName())
                    .setDay(first.getPublishedDate()).setOutlet(perOutlet ? first.getOutlet() : null)
                    .setMentions(mentions).setArticles(list.size())
                    .setOutlets((int) list.stream().map(EnrichedArticle::getOutlet).distinct().count())
                    .setFavor(favor).setAgainst(against).setNeutral(neutral).setMixed(mixed)
                    .setNetStance((double) (favor - against) / list.size()).setMeanScore(scoreSum / list.size())
                    .setUpdatedAt(first.getIngestedAt()).build());
        });
        return rows;
    }

    /** The API's rows: {@link #actorDays} with the drill-down (ids of the articles each row counts, in id order). */
    static List<ApiModel.DayStats> dayStats(List<EnrichedArticle> articles, boolean perOutlet) {
        Map<String, java.util.TreeMap<String, Contribution>> drillDown = contributions(articles, perOutlet);
        return actorDays(articles, perOutlet).stream().map(d -> ApiModel.DayStats.from(d, List.copyOf(
                drillDown.get(key(d, perOutlet)).keySet()))).toList();
    }

    static String key(ActorDay d, boolean perOutlet) {
        return d.getActorId() + "|" + (d.getDay() == null ? "undated" : d.getDay()) + (perOutlet ? "|" + d.getOutlet() : "");
    }

    /**
     * The contributions behind {@link #actorDays}: row key -> article id -> the article's contribution (the pipeline
     * stores each under {@code DailyContributions.key(row, articleId)}).
     */
    static Map<String, java.util.TreeMap<String, Contribution>> contributions(List<EnrichedArticle> articles,
                                                                              boolean perOutlet) {
        Map<String, java.util.TreeMap<String, Contribution>> rows = new LinkedHashMap<>();
        for (EnrichedArticle a : articles) {
            for (ActorMention m : a.getMentions()) {
                String key = m.getActorId() + "|" + (a.getPublishedDate() == null ? "undated" : a.getPublishedDate())
                        + (perOutlet ? "|" + a.getOutlet() : "");
                ActorStance s = a.getStances().stream().filter(st -> st.getActorId().equals(m.getActorId()))
                        .findFirst().orElseThrow();
                Contribution c = Contribution.newBuilder().setArticleId(a.getId()).setActorId(m.getActorId())
                        .setActorName(m.getActorName()).setDay(a.getPublishedDate()).setOutlet(a.getOutlet())
                        .setPerOutlet(perOutlet).setRetraction(false).setMentions(m.getCount())
                        .setStance(s.getStance().name()).setScore(s.getScore()).setEventTime(0L).build();
                rows.computeIfAbsent(key, k -> new java.util.TreeMap<>()).put(a.getId(), c);
            }
        }
        return rows;
    }

    static StanceShiftAlert alert(String id, String actorId, String actorName, String direction, EnrichedArticle evidence) {
        ActorStance stance = evidence.getStances().stream().filter(s -> s.getActorId().equals(actorId)).findFirst().orElseThrow();
        return StanceShiftAlert.newBuilder().setId(id).setKind(AlertKind.STANCE_SHIFT).setActorId(actorId)
                .setActorName(actorName).setDay(evidence.getPublishedDate()).setDirection(direction)
                .setMetric("against_share").setBefore(0.1).setAfter(0.6).setBeforeN(12).setAfterN(5)
                .setStatistic("two-proportion z").setStatisticValue(2.4).setThreshold(1.96)
                .setEvidence(List.of(AlertEvidence.newBuilder().setArticleId(evidence.getId())
                        .setTitle(evidence.getTitle()).setOutlet(evidence.getOutlet())
                        .setStance(stance.getStance().name())
                        .setSentences(stance.getEvidence().stream().map(StanceEvidence::getSentence).toList()).build()))
                .setExplanation(actorName + " is covered more critically: against share 0.10 -> 0.60")
                .build();
    }
}
