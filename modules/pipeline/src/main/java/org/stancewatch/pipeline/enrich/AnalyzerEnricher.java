package org.stancewatch.pipeline.enrich;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.stancewatch.events.Actor;
import org.stancewatch.events.ActorMention;
import org.stancewatch.events.ActorStance;
import org.stancewatch.events.Article;
import org.stancewatch.events.CandidateName;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.Span;
import org.stancewatch.events.Stance;
import org.stancewatch.events.StanceEvidence;
import org.stancewatch.nlp.ActorResult;
import org.stancewatch.nlp.ArticleAnalysis;
import org.stancewatch.nlp.ArticleAnalyzer;
import org.stancewatch.pipeline.catalogue.ActorConversions;

/** The real enricher: the nlp module's {@link ArticleAnalyzer} with one version of the catalogue. */
public final class AnalyzerEnricher implements ArticleEnricher {

    private final ArticleAnalyzer analyzer;
    private final String version;

    private AnalyzerEnricher(ArticleAnalyzer analyzer, String version) {
        this.analyzer = analyzer;
        this.version = version;
    }

    /**
     * Enrichers sharing {@code base}'s loaded models: a catalogue change re-builds only the matcher
     * ({@link ArticleAnalyzer#withCatalogue}), never the ClearNLP models.
     */
    public static EnricherFactory factory(ArticleAnalyzer base) {
        return actors -> new AnalyzerEnricher(base.withCatalogue(ActorConversions.toCatalogue(actors)),
                base.analyzerVersion() + "+catalogue." + fingerprint(actors));
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public EnrichedArticle enrich(Article article, LocalDate day) {
        // The publisher is known to the producer: a decision fitted on the outlet side reads it (nlp README, "Outlet sides").
        ArticleAnalysis analysis = analyzer.analyze(article.getTitle(), article.getBody(), day, article.getOutlet(), article.getUrl());
        List<ActorMention> mentions = new ArrayList<>();
        List<ActorStance> stances = new ArrayList<>();
        for (ActorResult actor : analysis.actors()) {
            // Spans index into the body; an actor named only in the headline has a stance but no spans.
            List<Span> spans = actor.mentions().stream()
                    .map(m -> new Span(m.start(), m.end(), m.text()))
                    .toList();
            mentions.add(ActorMention.newBuilder()
                    .setActorId(actor.actorId())
                    .setActorName(actor.name())
                    .setActorType(actor.type())
                    .setCount(spans.size())
                    .setSpans(spans)
                    .build());
            stances.add(ActorStance.newBuilder()
                    .setActorId(actor.actorId())
                    .setStance(Stance.valueOf(actor.stance().name()))
                    .setScore(actor.score())
                    .setEvidence(actor.evidence().stream()
                            // Offsets index into the body; -1 marks a headline sentence.
                            .map(e -> new StanceEvidence(e.sentence(), e.start(), e.end(), e.score(),
                                    new ArrayList<>(e.cues()), e.holder()))
                            .toList())
                    .build());
        }
        List<CandidateName> candidates = analysis.candidates().stream()
                .map(c -> new CandidateName(c.name(), c.count()))
                .toList();
        String language = article.getLanguage() != null && !article.getLanguage().isBlank()
                ? article.getLanguage() : analysis.language();
        return EnrichedArticle.newBuilder()
                .setId(article.getId())
                .setTitle(article.getTitle())
                .setBody(article.getBody())
                .setUrl(article.getUrl())
                .setOutlet(article.getOutlet())
                .setPublishedDate(article.getPublishedDate())
                .setPublishedAt(article.getPublishedAt())
                .setDateSource(article.getDateSource())
                .setIngestedAt(article.getIngestedAt())
                .setLanguage(language == null ? "und" : language)
                .setMentions(mentions)
                .setStances(stances)
                .setCandidates(candidates)
                .setEnricherVersion(version)
                .build();
    }

    /** Short digest of the catalogue's content, so records say which catalogue version tagged them. */
    static String fingerprint(Collection<Actor> actors) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            actors.stream().sorted(Comparator.comparing(Actor::getId)).forEach(a -> {
                Actor withoutTime = Actor.newBuilder(a).setUpdatedAt(null).build();
                sha.update(withoutTime.toString().getBytes(StandardCharsets.UTF_8));
            });
            return HexFormat.of().formatHex(sha.digest(), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
