package org.stancewatch.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.pipeline.catalogue.LiveCatalogue;
import org.stancewatch.pipeline.daily.DailyMentionsTopology;
import org.stancewatch.pipeline.enrich.EnrichTopology;
import org.stancewatch.pipeline.enrich.EnricherFactory;

/**
 * The whole stancewatch stream processing: one {@link Topology} with the enrich and daily-mentions
 * sub-topologies plus any further {@link TopologyPart}s (alerts), run by one {@link KafkaStreams}.
 *
 * <p>State for the HTTP API is read through {@link #streams()} (interactive queries) with the names in
 * {@link StoreNames}, or the typed helpers below.
 */
public final class StancewatchPipeline implements AutoCloseable {

    private final Properties props;
    private final LiveCatalogue catalogue;
    private final Topology topology;
    private final KafkaStreams streams;

    /**
     * @param props    from {@link StancewatchStreamsConfig#build}
     * @param enrichers makes the analyser for each version of the actor catalogue
     * @param parts    further sub-topologies, e.g. the alerts
     */
    public StancewatchPipeline(Properties props, EnricherFactory enrichers, List<TopologyPart> parts) {
        this.props = props;
        this.catalogue = new LiveCatalogue(enrichers);
        this.topology = buildTopology(PipelineSettings.from(props), catalogue, parts, Clock.systemUTC());
        this.streams = new KafkaStreams(topology, props);
    }

    /** Builds the topology without running it (for TopologyTestDriver and {@code describe()}). */
    public static Topology buildTopology(PipelineSettings settings, LiveCatalogue catalogue, List<TopologyPart> parts,
                                         Clock clock) {
        StreamsBuilder builder = new StreamsBuilder();
        EnrichTopology.addTo(builder, settings, catalogue, clock);
        DailyMentionsTopology.addTo(builder, settings);
        for (TopologyPart part : parts) {
            part.addTo(builder, settings);
        }
        return builder.build(propsOf(settings));
    }

    private static Properties propsOf(PipelineSettings settings) {
        Properties p = new Properties();
        settings.serdeConfig().forEach(p::put);
        return p;
    }

    public void start() {
        streams.start();
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }

    public KafkaStreams streams() {
        return streams;
    }

    public Topology topology() {
        return topology;
    }

    /** The live actor catalogue this instance analyses with. */
    public LiveCatalogue catalogue() {
        return catalogue;
    }

    public Properties properties() {
        return props;
    }

    /** articleId -> latest EnrichedArticle ({@link StoreNames#ARTICLES}); throws while the store is not ready. */
    public ReadOnlyKeyValueStore<String, EnrichedArticle> articlesStore() {
        return keyValueStore(StoreNames.ARTICLES);
    }

    /** 'actorId|YYYY-MM-DD' -> ActorDay ({@link StoreNames#MENTIONS_DAILY}). */
    public ReadOnlyKeyValueStore<String, ActorDay> dailyStore() {
        return keyValueStore(StoreNames.MENTIONS_DAILY);
    }

    /** 'actorId|YYYY-MM-DD|outlet' -> ActorDay ({@link StoreNames#MENTIONS_DAILY_OUTLET}). */
    public ReadOnlyKeyValueStore<String, ActorDay> dailyOutletStore() {
        return keyValueStore(StoreNames.MENTIONS_DAILY_OUTLET);
    }

    private <V> ReadOnlyKeyValueStore<String, V> keyValueStore(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
    }
}
