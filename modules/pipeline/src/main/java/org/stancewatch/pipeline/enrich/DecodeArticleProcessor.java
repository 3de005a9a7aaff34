package org.stancewatch.pipeline.enrich;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.stancewatch.events.Article;
import org.stancewatch.pipeline.errors.Rejections;

/**
 * Decodes and validates raw `articles` records inside the topology, so a bad record becomes a dead
 * letter in the same exactly-once transaction as everything else, instead of an exception at the source.
 * Re-keys by the article id (the identity that re-sends replace).
 */
final class DecodeArticleProcessor implements Processor<byte[], byte[], String, Outcome<Article>> {

    private final Deserializer<Article> deserializer;
    private final ArticleValidator validator;
    private ProcessorContext<String, Outcome<Article>> context;

    DecodeArticleProcessor(Deserializer<Article> deserializer, ArticleValidator validator) {
        this.deserializer = deserializer;
        this.validator = validator;
    }

    @Override
    public void init(ProcessorContext<String, Outcome<Article>> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Optional<RecordMetadata> md = context.recordMetadata();
        String topic = md.map(RecordMetadata::topic).orElse(null);
        Integer partition = md.map(RecordMetadata::partition).orElse(null);
        Long offset = md.map(RecordMetadata::offset).orElse(null);
        String where = Rejections.where(topic, partition, offset);
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);

        if (record.value() == null) {
            if (key == null) {
                reject(record, Rejections.DESERIALIZATION, "record " + where + " has neither key nor value", null,
                        topic, partition, offset);
            } else {
                context.forward(record.withKey(key).withValue(Outcome.deletion()));
            }
            return;
        }
        Article article;
        try {
            article = deserializer.deserialize(topic, record.headers(), record.value());
        } catch (SerializationException e) {
            String reason = Rejections.reasonOf(e);
            reject(record, reason, "cannot read article " + where + " (key " + key + "): " + Rejections.describe(e), e,
                    topic, partition, offset);
            return;
        }
        if (article == null || article.getId() == null || article.getId().isBlank()) {
            reject(record, Rejections.DESERIALIZATION, "article " + where + " (key " + key + ") has no id", null,
                    topic, partition, offset);
            return;
        }
        Optional<ArticleValidator.Problem> problem = validator.check(article);
        if (problem.isPresent()) {
            reject(record, problem.get().reason(), problem.get().message() + " (" + where + ")", null,
                    topic, partition, offset);
            return;
        }
        context.forward(record.withKey(article.getId()).withValue(Outcome.ok(article, record.value())));
    }

    private void reject(Record<byte[], byte[]> record, String reason, String message, Exception error,
                        String topic, Integer partition, Long offset) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        context.forward(record.withKey(key).withValue(Outcome.rejected(Rejections.of(reason, message, "deserialize",
                topic, partition, offset, record.key(), record.value(), error))));
    }
}
