package org.stancewatch.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.HolderStance;
import org.stancewatch.events.StanceShiftAlert;
import org.stancewatch.pipeline.alerts.AlertConfig;
import org.stancewatch.pipeline.alerts.AlertsTopology;
import org.stancewatch.pipeline.alerts.EvidenceLookup;
import org.stancewatch.pipeline.catalogue.LiveCatalogue;
import org.stancewatch.pipeline.daily.DailyContributions;
import org.stancewatch.pipeline.daily.DailyMentionsTopology;
import org.stancewatch.pipeline.daily.RowKeys;
import org.stancewatch.pipeline.internal.Contribution;
import org.stancewatch.pipeline.enrich.EnrichTopology;
import org.stancewatch.pipeline.enrich.EnricherFactory;
import org.stancewatch.pipeline.holders.HolderStanceTopology;

/**
 * The whole stancewatch stream processing: one {@link Topology} with the enrich and daily-mentions
 * sub-topologies plus any further {@link TopologyPart}s (alerts), run by one {@link KafkaStreams}.
 *
 * <p>State for the HTTP API is read through {@link #streams()} (interactive queries) with the names in
 * {@link StoreNames}, or the typed helpers below.
 */
public final class StancewatchPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StancewatchPipeline.class);
    /**
     * Partition count of {@code articles.enriched} (the counting step's input), whose watermarks close the alerts'
     * days; the constructor looks it up on the cluster when not given.
     */
    public static final String ALERTS_INPUT_PARTITIONS = PipelineSettings.INPUT_PARTITIONS;

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
        this.props = withInputPartitions(props);
        this.catalogue = new LiveCatalogue(enrichers);
        this.topology = buildTopology(PipelineSettings.from(this.props), catalogue, parts, Clock.systemUTC());
        this.streams = new KafkaStreams(topology, StancewatchStreamsConfig.forKafkaStreams(this.props));
        // A stream thread that dies (e.g. a fatal producer error after a broker crash) is replaced rather than
        // leaving the instance with fewer threads or shutting it down: its tasks resume from the last commit,
        // and exactly-once makes the retry safe.
        this.streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed; replacing it (its tasks resume from their last commit)", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    /**
     * {@code props} with {@link #ALERTS_INPUT_PARTITIONS} set to the partition count of {@code articles.enriched}
     * (looked up on the cluster unless given): the alerts close a day only when every one of them has passed it.
     */
    private static Properties withInputPartitions(Properties props) {
        if (props.getProperty(ALERTS_INPUT_PARTITIONS) != null) {
            return props;
        }
        Properties out = new Properties();
        out.putAll(props);
        String topic = PipelineSettings.from(props).topics().enriched();
        Map<String, Object> adminConfig = new HashMap<>();
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, props.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        props.forEach((k, v) -> {
            String key = String.valueOf(k);
            if (key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                adminConfig.put(key, v);
            }
        });
        try (Admin admin = Admin.create(adminConfig)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS)
                            .get(topic).partitions().size();
                    out.put(ALERTS_INPUT_PARTITIONS, String.valueOf(partitions));
                    return out;
                } catch (ExecutionException e) {
                    // A topic created a moment ago may not have reached every broker's metadata yet.
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the partition count of " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the partition count of " + topic + " (create the topics "
                    + "first, see TopicSetup, or set " + ALERTS_INPUT_PARTITIONS + "): " + e.getMessage(), e);
        }
    }

    /** Builds the topology without running it (for TopologyTestDriver and {@code describe()}). */
    public static Topology buildTopology(PipelineSettings settings, LiveCatalogue catalogue, List<TopologyPart> parts,
                                         Clock clock) {
        StreamsBuilder builder = new StreamsBuilder();
        EnrichTopology.addTo(builder, settings, catalogue, clock);
        KStream<String, ActorDay> daily = DailyMentionsTopology.addTo(builder, settings);
        HolderStanceTopology.addTo(builder, settings);
        for (TopologyPart part : parts) {
            part.addTo(builder, settings, daily);
        }
        return builder.build(propsOf(settings));
    }

    /**
     * A pipeline with the stance-shift alerts whose evidence (titles, stance sentences) is looked up
     * in this instance's own {@link StoreNames#ARTICLES} (interactive queries: complete on a single
     * instance; with several instances, articles of other instances' partitions are given as ids only).
     */
    public static StancewatchPipeline withAlerts(Properties props, EnricherFactory enrichers) {
        AtomicReference<StancewatchPipeline> self = new AtomicReference<>();
        EvidenceLookup local = new EvidenceLookup() {
            @Override
            public Optional<EnrichedArticle> find(String articleId) {
                return localArticle(self.get(), articleId);
            }

            @Override
            public List<String> articleIds(String actorId, java.time.LocalDate day, String outlet) {
                StancewatchPipeline pipeline = self.get();
                if (pipeline == null) {
                    return List.of();
                }
                try {
                    return pipeline.articleIds(outlet == null ? RowKeys.daily(actorId, day)
                            : RowKeys.dailyOutlet(actorId, day, outlet));
                } catch (InvalidStateStoreException notQueryableNow) {
                    return List.of();
                }
            }
        };
        StancewatchPipeline pipeline = new StancewatchPipeline(props, enrichers, List.of(alerts(() -> local)));
        self.set(pipeline);
        return pipeline;
    }

    private static Optional<EnrichedArticle> localArticle(StancewatchPipeline pipeline, String articleId) {
        if (pipeline == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(pipeline.articlesStore().get(articleId));
        } catch (InvalidStateStoreException notQueryableNow) {
            // During a rebalance the store may be briefly unavailable; the alert still carries the ids.
            return Optional.empty();
        }
    }

    /** The stance-shift alerts on the daily counts -> `alerts.stance`, evidence as article ids only. */
    public static TopologyPart alerts() {
        return alerts(EvidenceLookup::none);
    }

    /**
     * The stance-shift alerts with evidence from {@code lookup} (called once per task). A global table
     * over `articles.enriched` is not an option: that topic already feeds the daily counts, and a topic
     * can feed only one source of a topology.
     */
    public static TopologyPart alerts(Supplier<EvidenceLookup> lookup) {
        return new TopologyPart() {
            @Override
            public void addTo(StreamsBuilder builder, PipelineSettings settings) {
                throw new IllegalStateException("the alerts read the daily counts' stream: add them with "
                        + "StancewatchPipeline.buildTopology, which passes it");
            }

            @Override
            public void addTo(StreamsBuilder builder, PipelineSettings settings, KStream<String, ActorDay> daily) {
                // Not mentions.daily: the counts' own stream carries watermarks of articles.enriched's partitions,
                // so a day closes only once the articles of every input partition have been counted.
                AlertsTopology.addTo(builder, daily, AlertConfig.fromConfig(settings.serdeConfig()), settings.topics(),
                        lookup, PipelineSerdes.value(ActorDay.class, settings.serdeConfig()),
                        PipelineSerdes.value(StanceShiftAlert.class, settings.serdeConfig()),
                        settings.inputPartitions());
            }
        };
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
        // Leave the group, so a restarted or remaining instance takes the partitions over at once
        // instead of after the session timeout.
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
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

    /** 'holder|target|YYYY-MM-DD' -> HolderStance ({@link StoreNames#HOLDER_STANCES}). */
    public ReadOnlyKeyValueStore<String, HolderStance> holderStancesStore() {
        return keyValueStore(StoreNames.HOLDER_STANCES);
    }

    /** 'target|holder|YYYY-MM-DD' -> HolderStance ({@link StoreNames#HOLDER_STANCES_BY_TARGET}). */
    public ReadOnlyKeyValueStore<String, HolderStance> holderStancesByTargetStore() {
        return keyValueStore(StoreNames.HOLDER_STANCES_BY_TARGET);
    }

    /**
     * The drill-down behind a {@code mentions.daily} row ({@code actorId|day} or {@code actorId|day|outlet}, day
     * {@code undated} for the undated row): ids of the articles it counts, in id order, from the contributions
     * stores (ActorDay rows carry counts only). Local partitions only: with several instances, ask the instance
     * that hosts the row's key ({@code streams().queryMetadataForKey}). Throws while the store is not ready.
     */
    public List<String> articleIds(String rowKey) {
        boolean perOutlet = rowKey.split("\\|", -1).length > 2;
        ReadOnlyKeyValueStore<String, Contribution> store = keyValueStore(perOutlet
                ? StoreNames.MENTIONS_DAILY_OUTLET_CONTRIBUTIONS : StoreNames.MENTIONS_DAILY_CONTRIBUTIONS);
        return DailyContributions.articleIds(store, rowKey);
    }

    private <V> ReadOnlyKeyValueStore<String, V> keyValueStore(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
    }
}
