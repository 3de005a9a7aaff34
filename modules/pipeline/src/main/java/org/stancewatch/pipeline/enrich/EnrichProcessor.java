package org.stancewatch.pipeline.enrich;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stancewatch.events.Article;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.pipeline.EventTime;
import org.stancewatch.pipeline.catalogue.LiveCatalogue;
import org.stancewatch.pipeline.errors.Rejections;

/**
 * Runs the analyser with the catalogue as it is now (so an actor added on `actors` applies to the
 * next article) and adds the body's SimHash. An analyser failure dead-letters the article as ENRICH_FAILED.
 */
final class EnrichProcessor implements Processor<String, Outcome<Article>, String, Outcome<EnrichedArticle>> {

    private static final Logger LOG = LoggerFactory.getLogger(EnrichProcessor.class);

    private final LiveCatalogue catalogue;
    private final ZoneId zone;
    private final Clock clock;
    private ProcessorContext<String, Outcome<EnrichedArticle>> context;

    EnrichProcessor(LiveCatalogue catalogue, ZoneId zone, Clock clock) {
        this.catalogue = catalogue;
        this.zone = zone;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, Outcome<EnrichedArticle>> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Outcome<Article>> record) {
        Outcome<Article> in = record.value();
        if (in.isDeletion()) {
            context.forward(record.withValue(Outcome.deletion()));
            return;
        }
        Article article = in.value();
        try {
            ArticleEnricher enricher = catalogue.enricher();
            EnrichedArticle enriched = enricher.enrich(article, EventTime.day(article, zone));
            enriched.setSimhash(SimHash.of(article.getBody()));
            enriched.setDuplicateOf(null);
            enriched.setEnricherVersion(enricher.version());
            enriched.setEnrichedAt(clock.instant());
            context.forward(record.withValue(Outcome.ok(enriched, in.rawValue())));
        } catch (RuntimeException e) {
            Optional<RecordMetadata> md = context.recordMetadata();
            String topic = md.map(RecordMetadata::topic).orElse(null);
            Integer partition = md.map(RecordMetadata::partition).orElse(null);
            Long offset = md.map(RecordMetadata::offset).orElse(null);
            String message = "cannot enrich article '" + article.getId() + "' ("
                    + Rejections.where(topic, partition, offset) + "): " + Rejections.describe(e);
            LOG.warn(message, e);
            byte[] key = record.key() == null ? null : record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            context.forward(record.withValue(Outcome.rejected(Rejections.of(Rejections.ENRICH_FAILED, message, "enrich",
                    topic, partition, offset, key, in.rawValue(), e))));
        }
    }
}
