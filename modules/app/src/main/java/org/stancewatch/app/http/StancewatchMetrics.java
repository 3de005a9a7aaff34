package org.stancewatch.app.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * stancewatch's metrics, exposed at {@code /metrics} in Prometheus format: JVM, Kafka Streams and
 * Kafka client metrics plus the pipeline's own counters. The pipeline knows nothing of Micrometer:
 * the app calls the recording methods from the pipeline's listener callbacks.
 */
public final class StancewatchMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> binders = new ArrayList<>();
    private final Counter enriched;
    private final Timer enrichmentTime;

    public StancewatchMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        binders.add(gc);
        enriched = Counter.builder("stancewatch.articles.enriched")
                .description("Articles tagged with actors and stance").register(registry);
        enrichmentTime = Timer.builder("stancewatch.enrichment.time")
                .description("Time to enrich one article (matching, parsing, stance)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    public void bindKafkaStreams(KafkaStreams streams) {
        bindKafkaStreams(streams, null);
    }

    /** With the scheduler that re-reads the clients' metrics (every minute by default; tests make it faster). */
    void bindKafkaStreams(KafkaStreams streams, ScheduledExecutorService refresher) {
        KafkaStreamsMetrics binder = refresher == null ? new KafkaStreamsMetrics(streams)
                : new KafkaStreamsMetrics(streams, List.of(), refresher);
        binder.bindTo(registry);
        binders.add(binder);
    }

    public void bindKafkaProducer(Producer<?, ?> producer) {
        bind(new KafkaClientMetrics(producer));
    }

    public void bindKafkaConsumer(Consumer<?, ?> consumer) {
        bind(new KafkaClientMetrics(consumer));
    }

    public void bindKafkaAdmin(AdminClient admin) {
        bind(new KafkaClientMetrics(admin));
    }

    private void bind(KafkaClientMetrics binder) {
        binder.bindTo(registry);
        binders.add(binder);
    }

    /** Articles analysed so far (a re-analysis after a fenced transaction counts again). */
    public long enrichments() {
        return (long) enriched.count();
    }

    /** An article was enriched; {@code took} is the wall time its enrichment needed. */
    public void articleEnriched(Duration took) {
        enriched.increment();
        enrichmentTime.record(took);
    }

    /** An input record was sent to the dead-letter topic; {@code reason} should be a short fixed code. */
    public void articleRejected(String reason) {
        Counter.builder("stancewatch.articles.rejected").description("Input records sent to the dead-letter topic")
                .tag("reason", tagValue(reason)).register(registry).increment();
    }

    /** An article got stance {@code label} (FAVOR, AGAINST, NEUTRAL, MIXED) toward one actor. */
    public void stanceLabel(String label) {
        Counter.builder("stancewatch.stance.labels").description("Article-actor stance labels assigned")
                .tag("stance", tagValue(label).toUpperCase(Locale.ROOT)).register(registry).increment();
    }

    /** An alert was raised; {@code kind} is the AlertKind name. */
    public void alertRaised(String kind) {
        Counter.builder("stancewatch.alerts").description("Stance-shift and burst alerts raised")
                .tag("kind", tagValue(kind)).register(registry).increment();
    }

    /** Publishes a gauge read on each scrape (e.g. SSE clients, ring sizes). */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    private static String tagValue(String value) {
        return value == null || value.isBlank() ? "unknown" : value;
    }

    @Override
    public void close() {
        for (AutoCloseable binder : binders) {
            try {
                binder.close();
            } catch (Exception ignored) {
                // closing meters on shutdown: nothing useful to do with a failure
            }
        }
        registry.close();
    }
}
