package org.stancewatch.app.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stancewatch.app.http.ApiModel.ActorSummary;
import org.stancewatch.app.http.ApiModel.AlertView;
import org.stancewatch.app.http.ApiModel.ArticleView;
import org.stancewatch.app.http.ApiModel.CandidateCount;
import org.stancewatch.app.http.ApiModel.DayStats;
import org.stancewatch.events.Actor;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.HolderStance;
import org.stancewatch.pipeline.StoreNames;
import org.stancewatch.pipeline.daily.DailyContributions;
import org.stancewatch.pipeline.internal.Contribution;

/**
 * {@link StancewatchQueries} over the pipeline's state stores, via Kafka Streams interactive queries.
 *
 * <p>With several instances each holds some partitions. Day rows of one actor are keyed by
 * {@code actorId|day}, so they are spread over instances: listings ask the local stores and every
 * other instance's {@code /api/internal/...} endpoint ({@link #local()} behind them) and merge.
 * A single article lives on one instance, found with {@code queryMetadataForKey}. The HTTP address
 * of an instance is its {@code application.server} setting, which must be the API's host:port.
 * Alerts come from the in-memory {@link AlertRing} that {@link LiveFeed} fills on each instance.
 */
public final class KafkaStreamsQueries implements StancewatchQueries {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaStreamsQueries.class);

    private static final String DAILY_STORE = StoreNames.MENTIONS_DAILY;
    private static final String DAILY_OUTLET_STORE = StoreNames.MENTIONS_DAILY_OUTLET;
    private static final String ARTICLES_STORE = StoreNames.ARTICLES;
    /** holder|target|day and target|holder|day: both in every task of the holder sub-topology. */
    private static final String HOLDER_STORE = StoreNames.HOLDER_STANCES;
    private static final String HOLDER_BY_TARGET_STORE = StoreNames.HOLDER_STANCES_BY_TARGET;
    private static final String DAILY_CONTRIBUTIONS = StoreNames.MENTIONS_DAILY_CONTRIBUTIONS;
    private static final String DAILY_OUTLET_CONTRIBUTIONS = StoreNames.MENTIONS_DAILY_OUTLET_CONTRIBUTIONS;
    /** Candidate counts need a scan of every article; cache the result briefly. */
    private static final Duration CANDIDATE_CACHE = Duration.ofSeconds(10);

    private final KafkaStreams streams;
    private final HostInfo self;
    private final AlertRing alerts;
    private final String apiToken;
    private final ObjectMapper json = ApiServer.newObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final Local local = new Local();
    private volatile Supplier<? extends Collection<Actor>> catalogue = List::of;

    /**
     * @param self     this instance's {@code application.server} (host and API port)
     * @param apiToken the token other instances require (the same on all); null when none
     */
    public KafkaStreamsQueries(KafkaStreams streams, HostInfo self, AlertRing alerts, String apiToken) {
        this.streams = streams;
        this.self = self;
        this.alerts = alerts;
        this.apiToken = apiToken == null || apiToken.isBlank() ? null : apiToken;
    }

    /**
     * The live actor catalogue (the pipeline's {@code LiveCatalogue}): what tells a tracked actor without counts
     * from an unknown id, and which names are no candidates.
     */
    public KafkaStreamsQueries catalogue(Supplier<? extends Collection<Actor>> actors) {
        this.catalogue = actors;
        return this;
    }

    /** Answers from this instance's stores only: serve it as {@link ApiServer#internalQueries}. */
    public StancewatchQueries local() {
        return local;
    }

    @Override
    public List<ActorSummary> actors(DateRange range) {
        List<ActorSummary> all = new ArrayList<>(local.actors(range));
        for (HostInfo host : otherHosts(DAILY_STORE)) {
            all.addAll(remoteList(host, "/api/internal/actors" + rangeQuery(range), new TypeReference<List<ActorSummary>>() {}));
        }
        return Aggregations.mergeSummaries(all);
    }

    @Override
    public List<DayStats> days(String actorId, DateRange range) {
        return gather(DAILY_STORE, local.days(actorId, range), "/api/internal/actors/" + encode(actorId) + "/days" + rangeQuery(range));
    }

    @Override
    public List<DayStats> outlets(String actorId, DateRange range) {
        return gather(DAILY_OUTLET_STORE, local.outlets(actorId, range), "/api/internal/actors/" + encode(actorId) + "/outlets" + rangeQuery(range));
    }

    private List<DayStats> gather(String store, List<DayStats> localRows, String internalPath) {
        List<DayStats> all = new ArrayList<>(localRows);
        for (HostInfo host : otherHosts(store)) {
            all.addAll(remoteList(host, internalPath, new TypeReference<List<DayStats>>() {}));
        }
        all.sort(Comparator.comparing(DayStats::day).thenComparing(d -> d.outlet() == null ? "" : d.outlet()));
        return all;
    }

    @Override
    public List<DayStats> undated() {
        List<DayStats> all = new ArrayList<>(local.undated());
        for (HostInfo host : otherHosts(DAILY_STORE)) {
            all.addAll(remoteList(host, "/api/internal/undated", new TypeReference<List<DayStats>>() {}));
        }
        return Aggregations.sortedUndated(all);
    }

    @Override
    public Optional<ArticleView> article(String articleId) {
        KeyQueryMetadata owner = streams.queryMetadataForKey(ARTICLES_STORE, articleId, Serdes.String().serializer());
        HostInfo host = owner == null ? null : owner.activeHost();
        if (host == null || owner == KeyQueryMetadata.NOT_AVAILABLE || host.equals(self)) {
            return local.article(articleId);
        }
        return remote(host, "/api/internal/articles/" + encode(articleId), body -> read(body, ArticleView.class));
    }

    @Override
    public List<AlertView> alerts(int limit) {
        return alerts.latest(limit);
    }

    @Override
    public List<CandidateCount> candidates(DateRange range, int limit) {
        List<CandidateCount> all = new ArrayList<>(local.candidates(range, ApiServer.MAX_LIMIT));
        for (HostInfo host : otherHosts(ARTICLES_STORE)) {
            all.addAll(remoteList(host, "/api/internal/candidates" + rangeQuery(range) + "&limit=" + ApiServer.MAX_LIMIT,
                    new TypeReference<List<CandidateCount>>() {}));
        }
        return Aggregations.mergeCandidates(all, limit);
    }

    @Override
    public List<HolderModel.HolderDay> holdersOf(String targetId, DateRange range) {
        return gatherHolders(local.holdersOf(targetId, range), "/api/internal/actors/" + encode(targetId) + "/holders" + rangeQuery(range));
    }

    @Override
    public List<HolderModel.HolderDay> targetsOf(String holderId, DateRange range) {
        return gatherHolders(local.targetsOf(holderId, range), "/api/internal/actors/" + encode(holderId) + "/targets" + rangeQuery(range));
    }

    private List<HolderModel.HolderDay> gatherHolders(List<HolderModel.HolderDay> localRows, String internalPath) {
        List<HolderModel.HolderDay> all = new ArrayList<>(localRows);
        for (HostInfo host : otherHosts(HOLDER_STORE)) {
            all.addAll(remoteList(host, internalPath, new TypeReference<List<HolderModel.HolderDay>>() {}));
        }
        return all;
    }

    @Override
    public boolean knowsActor(String actorId) {
        return catalogue.get().stream().anyMatch(a -> a.getId().equals(actorId)) || !days(actorId, DateRange.all()).isEmpty();
    }

    private List<HostInfo> otherHosts(String store) {
        List<HostInfo> hosts = new ArrayList<>();
        for (StreamsMetadata m : streams.streamsMetadataForStore(store)) {
            if (!m.hostInfo().equals(self) && !hosts.contains(m.hostInfo())) {
                hosts.add(m.hostInfo());
            }
        }
        return hosts;
    }

    /** A missing instance makes the answer partial rather than failing it: it is logged. */
    private <T> List<T> remoteList(HostInfo host, String pathAndQuery, TypeReference<List<T>> type) {
        return remote(host, pathAndQuery, body -> {
            try {
                return json.readValue(body, type);
            } catch (IOException e) {
                throw new IllegalStateException("unreadable answer from " + host + pathAndQuery, e);
            }
        }).orElse(List.of());
    }

    private <T> Optional<T> remote(HostInfo host, String pathAndQuery, Function<String, T> parse) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET();
        if (apiToken != null) {
            request.header("Authorization", "Bearer " + apiToken);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                LOG.warn("instance {} answered {} to {}: {}", host, response.statusCode(), pathAndQuery, response.body());
                return Optional.empty();
            }
            return Optional.of(parse.apply(response.body()));
        } catch (IOException e) {
            LOG.warn("instance {} unreachable for {}: {}", host, pathAndQuery, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private <T> T read(String body, Class<T> type) {
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable " + type.getSimpleName() + " from another instance", e);
        }
    }

    private static String rangeQuery(DateRange range) {
        return "?from=" + range.from() + "&to=" + range.to();
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
    }

    /**
     * The articles behind a row, in id order: rows carry counts only (ActorDay v3), the per-article contributions
     * live in the pipeline's contributions store, in the same task (hence on the same instance) as the row.
     */
    private static List<String> articleIds(ReadOnlyKeyValueStore<String, Contribution> contributions, String rowKey) {
        return DailyContributions.articleIds(contributions, rowKey);
    }

    /** This instance's stores only. */
    private final class Local implements StancewatchQueries {
        /** Articles that have candidates, without body, mentions and stances (only day and names are needed). */
        private volatile List<ArticleView> cachedCandidates;
        private volatile long cachedAtNanos;

        @Override
        public List<ActorSummary> actors(DateRange range) {
            List<DayStats> rows = new ArrayList<>();
            ReadOnlyKeyValueStore<String, ActorDay> store = store(DAILY_STORE);
            try (KeyValueIterator<String, ActorDay> it = store.all()) {
                while (it.hasNext()) {
                    ActorDay day = it.next().value;
                    if (day != null && day.getOutlet() == null && range.contains(day.getDay())) {
                        rows.add(DayStats.from(day));
                    }
                }
            }
            return Aggregations.summarize(rows);
        }

        @Override
        public List<DayStats> days(String actorId, DateRange range) {
            return scan(DAILY_STORE, DAILY_CONTRIBUTIONS, actorId, range, actorId + "|" + range.from(),
                    actorId + "|" + range.to());
        }

        @Override
        public List<DayStats> outlets(String actorId, DateRange range) {
            // Outlet keys extend the day key ("actor|day|outlet"). The upper bound is the last day followed by '}', the
            // character after '|': above every outlet of that day whatever its characters ("|\uffff" missed outlets
            // beyond U+FFFF, whose UTF-8 bytes sort after those of U+FFFF), below every later day.
            return scan(DAILY_OUTLET_STORE, DAILY_OUTLET_CONTRIBUTIONS, actorId, range, actorId + "|" + range.from(),
                    actorId + "|" + range.to() + "}");
        }

        /** Key ranges are lexicographic, so re-check each row's actor and day: the range is only a pre-filter. */
        private List<DayStats> scan(String storeName, String contributionsStore, String actorId, DateRange range,
                                    String fromKey, String toKey) {
            List<DayStats> rows = new ArrayList<>();
            ReadOnlyKeyValueStore<String, ActorDay> store = store(storeName);
            ReadOnlyKeyValueStore<String, Contribution> contributions = store(contributionsStore);
            try (KeyValueIterator<String, ActorDay> it = store.range(fromKey, toKey)) {
                while (it.hasNext()) {
                    KeyValue<String, ActorDay> kv = it.next();
                    ActorDay day = kv.value;
                    if (day != null && day.getActorId().equals(actorId) && range.contains(day.getDay())) {
                        rows.add(DayStats.from(day, articleIds(contributions, kv.key)));
                    }
                }
            }
            rows.sort(Comparator.comparing(DayStats::day).thenComparing(d -> d.outlet() == null ? "" : d.outlet()));
            return rows;
        }

        /** A scan of all rows, as {@link #actors} does: undated rows of different actors share no key range. */
        @Override
        public List<DayStats> undated() {
            List<DayStats> rows = new ArrayList<>();
            ReadOnlyKeyValueStore<String, ActorDay> store = store(DAILY_STORE);
            ReadOnlyKeyValueStore<String, Contribution> contributions = store(DAILY_CONTRIBUTIONS);
            try (KeyValueIterator<String, ActorDay> it = store.all()) {
                while (it.hasNext()) {
                    KeyValue<String, ActorDay> kv = it.next();
                    ActorDay day = kv.value;
                    if (day != null && day.getOutlet() == null && day.getDay() == null && day.getArticles() > 0) {
                        rows.add(DayStats.from(day, articleIds(contributions, kv.key)));
                    }
                }
            }
            return Aggregations.sortedUndated(rows);
        }

        @Override
        public Optional<ArticleView> article(String articleId) {
            ReadOnlyKeyValueStore<String, EnrichedArticle> store = store(ARTICLES_STORE);
            return Optional.ofNullable(store.get(articleId)).map(ArticleView::from);
        }

        @Override
        public List<AlertView> alerts(int limit) {
            return alerts.latest(limit);
        }

        @Override
        public List<CandidateCount> candidates(DateRange range, int limit) {
            List<ArticleView> cached = cachedCandidates;
            if (cached == null || System.nanoTime() - cachedAtNanos > CANDIDATE_CACHE.toNanos()) {
                List<ArticleView> articles = new ArrayList<>();
                ReadOnlyKeyValueStore<String, EnrichedArticle> store = store(ARTICLES_STORE);
                try (KeyValueIterator<String, EnrichedArticle> it = store.all()) {
                    while (it.hasNext()) {
                        EnrichedArticle a = it.next().value;
                        if (a != null && !a.getCandidates().isEmpty()) {
                            ArticleView v = ArticleView.from(a);
                            articles.add(new ArticleView(v.id(), null, null, null, v.outlet(), v.publishedDate(),
                                    v.publishedAt(), v.ingestedAt(), v.language(), List.of(), List.of(), v.candidates(),
                                    v.duplicateOf(), v.enricherVersion(), v.enrichedAt(), v.dateSource()));
                        }
                    }
                }
                cached = List.copyOf(articles);
                cachedCandidates = cached;
                cachedAtNanos = System.nanoTime();
            }
            List<CandidateCount> counts = Aggregations.candidates(cached, range, Aggregations.trackedNames(catalogue.get()));
            return counts.size() <= limit ? counts : counts.subList(0, limit);
        }

        @Override
        public List<HolderModel.HolderDay> holdersOf(String targetId, DateRange range) {
            return holderScan(HOLDER_BY_TARGET_STORE, targetId, range, true);
        }

        @Override
        public List<HolderModel.HolderDay> targetsOf(String holderId, DateRange range) {
            return holderScan(HOLDER_STORE, holderId, range, false);
        }

        /** Prefix scan on the key's first part ('|' sorts before every id character), re-checked per row. */
        private List<HolderModel.HolderDay> holderScan(String storeName, String id, DateRange range, boolean byTarget) {
            List<HolderModel.HolderDay> rows = new ArrayList<>();
            ReadOnlyKeyValueStore<String, HolderStance> store = store(storeName);
            try (KeyValueIterator<String, HolderStance> it = store.prefixScan(id + "|", Serdes.String().serializer())) {
                while (it.hasNext()) {
                    HolderStance row = it.next().value;
                    if (row != null && (byTarget ? row.getTarget() : row.getHolder()).equals(id)
                            && range.contains(row.getDay())) {
                        rows.add(HolderModel.HolderDay.from(row));
                    }
                }
            }
            return rows;
        }

        @Override
        public boolean knowsActor(String actorId) {
            return KafkaStreamsQueries.this.knowsActor(actorId);
        }
    }
}
