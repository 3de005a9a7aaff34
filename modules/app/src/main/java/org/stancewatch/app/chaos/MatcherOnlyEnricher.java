package org.stancewatch.app.chaos;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.stancewatch.events.ActorMention;
import org.stancewatch.events.ActorStance;
import org.stancewatch.events.Article;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.Span;
import org.stancewatch.events.Stance;
import org.stancewatch.nlp.catalogue.ActorCatalogue;
import org.stancewatch.nlp.catalogue.ActorEntry;
import org.stancewatch.nlp.match.ActorMatcher;
import org.stancewatch.nlp.match.Mention;
import org.stancewatch.pipeline.enrich.ArticleEnricher;

/**
 * The real actor matcher (starter catalogue, Aho-Corasick) with every stance NEUTRAL: what the crash and
 * fuzz tests need (real matching on hostile text, exact counts) without ClearNLP's 4 GB and minute of loading.
 * Counting does not depend on which stance the analyser picks, only on it being deterministic.
 */
final class MatcherOnlyEnricher implements ArticleEnricher {

    private final ActorMatcher matcher;

    MatcherOnlyEnricher() {
        this.matcher = new ActorMatcher(ActorCatalogue.starter());
    }

    @Override
    public EnrichedArticle enrich(Article article, LocalDate day) {
        Map<String, List<Span>> spansByActor = new LinkedHashMap<>();
        for (Mention m : matcher.find(article.getBody(), day)) {
            spansByActor.computeIfAbsent(m.actorId(), id -> new ArrayList<>()).add(new Span(m.start(), m.end(), m.text()));
        }
        List<ActorMention> mentions = new ArrayList<>();
        List<ActorStance> stances = new ArrayList<>();
        spansByActor.forEach((actorId, spans) -> {
            ActorEntry actor = matcher.catalogue().get(actorId).orElseThrow();
            mentions.add(ActorMention.newBuilder().setActorId(actorId).setActorName(actor.name())
                    .setActorType(actor.type().name()).setCount(spans.size()).setSpans(spans).build());
            stances.add(ActorStance.newBuilder().setActorId(actorId).setStance(Stance.NEUTRAL).setScore(0.0)
                    .setEvidence(List.of()).build());
        });
        return EnrichedArticle.newBuilder()
                .setId(article.getId()).setTitle(article.getTitle()).setBody(article.getBody())
                .setUrl(article.getUrl()).setOutlet(article.getOutlet())
                .setPublishedDate(article.getPublishedDate()).setPublishedAt(article.getPublishedAt()).setDateSource(article.getDateSource())
                .setIngestedAt(article.getIngestedAt()).setLanguage("en")
                .setMentions(mentions).setStances(stances).setCandidates(List.of())
                .setEnricherVersion(version())
                .build();
    }

    /** actorId -> mentions in the article's body: what the daily rows must add up to. */
    Map<String, Integer> mentionCounts(Article article, LocalDate day) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ActorMention m : enrich(article, day).getMentions()) {
            counts.put(m.getActorId(), m.getCount());
        }
        return counts;
    }

    @Override
    public String version() {
        return "matcher-only-test";
    }
}
