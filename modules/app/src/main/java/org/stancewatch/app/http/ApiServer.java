package org.stancewatch.app.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.sse.SseClient;
import io.javalin.http.staticfiles.Location;
import io.javalin.http.util.AsyncExecutor;
import io.javalin.json.JavalinJackson;
import kotlin.LazyKt;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stancewatch.app.export.ExportFormat;
import org.stancewatch.app.search.ArticleIndex;
import org.stancewatch.app.export.TableWriter;
import org.stancewatch.app.http.ApiModel.ActorSummary;
import org.stancewatch.app.http.ApiModel.AlertView;
import org.stancewatch.app.http.ApiModel.CandidateCount;
import org.stancewatch.app.http.ApiModel.OutletStats;
import org.stancewatch.app.http.ApiModel.DayStats;
import org.stancewatch.app.http.ApiModel.ErrorBody;
import org.stancewatch.events.ActorDay;
import org.stancewatch.events.StanceShiftAlert;
import org.stancewatch.nlp.catalogue.ActorId;

/**
 * The read-only HTTP API, the dashboard, Prometheus metrics and a Server-Sent Events stream.
 *
 * <p>Safety defaults: binds where told (the app defaults to 127.0.0.1); only GET and HEAD are
 * allowed; no CORS headers; a strict same-origin Content-Security-Policy; a bearer token, when set,
 * guards {@code /api/**} and {@code /metrics}, and is mandatory for binds other than loopback.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    public static final String API_TOKEN_ENV = "STANCEWATCH_API_TOKEN";

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;
    private static final Pattern ARTICLE_ID = Pattern.compile("[^\\p{Cntrl}/]{1,512}");
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    private final StancewatchQueries queries;
    private final ObjectMapper json = newObjectMapper();
    private final Set<SseClient> sseClients = new CopyOnWriteArraySet<>();
    private StancewatchQueries internalQueries;
    private volatile ArticleIndex searchIndex;
    private StancewatchMetrics metrics;
    private byte[] apiToken;
    private Javalin javalin;
    private ScheduledExecutorService heartbeat;
    private ExecutorService asyncPool;

    public ApiServer(StancewatchQueries queries) {
        this.queries = queries;
    }

    /** Requires {@code Authorization: Bearer <token>} on the API and metrics; null or blank disables. */
    public ApiServer apiToken(String token) {
        this.apiToken = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /** Answers {@code /api/search} from this index (the app's own; without it, search is a 404). */
    public ApiServer search(ArticleIndex index) {
        this.searchIndex = index;
        return this;
    }

    /** Serves {@code /metrics} from these metrics (and reports SSE clients through them). */
    public ApiServer metrics(StancewatchMetrics metrics) {
        this.metrics = metrics;
        return this;
    }

    /**
     * Answers {@code /api/internal/**} from this instance's own state only: the endpoints other
     * instances call to assemble a cluster-wide answer (see {@link KafkaStreamsQueries#local()}).
     */
    public ApiServer internalQueries(StancewatchQueries localOnly) {
        this.internalQueries = localOnly;
        return this;
    }

    /** The token from {@code --api-token} if given, else from env {@value #API_TOKEN_ENV}; null when neither. */
    public static String resolveApiToken(String optionValue) {
        if (optionValue != null && !optionValue.isBlank()) {
            return optionValue;
        }
        String env = System.getenv(API_TOKEN_ENV);
        return env == null || env.isBlank() ? null : env;
    }

    public static ObjectMapper newObjectMapper() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    public synchronized ApiServer start(String host, int port) {
        if (javalin != null) {
            throw new IllegalStateException("API server already started on port " + port());
        }
        if (apiToken == null && !isLoopback(host)) {
            throw new IllegalArgumentException("refusing to bind the API to non-local address '" + host
                    + "' without an API token: set --api-token or " + API_TOKEN_ENV);
        }
        AtomicInteger asyncThreads = new AtomicInteger();
        asyncPool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stancewatch-http-async-" + asyncThreads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        javalin = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(json, false));
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/dashboard";
                files.location = Location.CLASSPATH;
            });
            config.staticFiles.enableWebjars();
            // Javalin's default async pool (used by SSE connections) has non-daemon threads that stop()
            // leaves running, which would keep the JVM alive after close(): use our own, shut down in close().
            config.pvt.asyncExecutor = LazyKt.lazyOf(new AsyncExecutor(asyncPool));
        });
        routes(javalin);
        javalin.start(host, port);
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stancewatch-sse-heartbeat");
            t.setDaemon(true);
            return t;
        });
        // Comments keep idle SSE connections open through proxies and detect closed clients.
        heartbeat.scheduleAtFixedRate(() -> sseClients.forEach(c -> send(c, null, null)), 15, 15, TimeUnit.SECONDS);
        if (metrics != null) {
            metrics.gauge("stancewatch.sse.clients", "Open Server-Sent Events connections", sseClients::size);
        }
        LOG.info("stancewatch API and dashboard on http://{}:{}/", host, port());
        return this;
    }

    public int port() {
        if (javalin == null) {
            throw new IllegalStateException("API server not started");
        }
        return javalin.port();
    }

    private void routes(Javalin app) {
        app.before(this::guard);
        app.get("/api/actors", ctx -> listing(ctx, ActorSummary.class, limited(queries.actors(range(ctx)), ctx)));
        app.get("/api/actors/{id}/days", ctx -> listing(ctx, DayStats.class, known(actorId(ctx), queries.days(actorId(ctx), range(ctx)))));
        app.get("/api/actors/{id}/outlets", ctx -> listing(ctx, OutletStats.class, Aggregations.byOutlet(
                known(actorId(ctx), queries.outlets(actorId(ctx), range(ctx))))));
        app.get("/api/actors/{id}/holders", ctx -> listing(ctx, HolderModel.HolderEdge.class, HolderModel.edges(
                known(actorId(ctx), queries.holdersOf(actorId(ctx), range(ctx))))));
        app.get("/api/actors/{id}/targets", ctx -> listing(ctx, HolderModel.HolderEdge.class, HolderModel.edges(
                known(actorId(ctx), queries.targetsOf(actorId(ctx), range(ctx))))));
        app.get("/api/actors/{id}/articles", this::actorArticles);
        app.get("/api/undated", ctx -> listing(ctx, DayStats.class, queries.undated()));
        app.get("/api/articles/{id}", ctx -> ctx.json(queries.article(articleId(ctx)).orElseThrow(
                () -> new ApiException(404, "article not found", "no enriched article with id '" + ctx.pathParam("id") + "'"))));
        app.get("/api/alerts", ctx -> listing(ctx, AlertView.class, queries.alerts(limit(ctx))));
        app.get("/api/candidates", ctx -> listing(ctx, CandidateCount.class, queries.candidates(range(ctx), limit(ctx))));
        app.get("/api/search", this::search);
        app.get("/api/internal/actors", ctx -> ctx.json(internal().actors(range(ctx))));
        app.get("/api/internal/actors/{id}/days", ctx -> ctx.json(internal().days(actorId(ctx), range(ctx))));
        app.get("/api/internal/actors/{id}/outlets", ctx -> ctx.json(internal().outlets(actorId(ctx), range(ctx))));
        app.get("/api/internal/articles/{id}", ctx -> ctx.json(internal().article(articleId(ctx)).orElseThrow(
                () -> new ApiException(404, "article not found", "no enriched article with id '" + ctx.pathParam("id") + "' on this instance"))));
        app.get("/api/internal/actors/{id}/holders", ctx -> ctx.json(internal().holdersOf(actorId(ctx), range(ctx))));
        app.get("/api/internal/actors/{id}/targets", ctx -> ctx.json(internal().targetsOf(actorId(ctx), range(ctx))));
        app.get("/api/internal/undated", ctx -> ctx.json(internal().undated()));
        app.get("/api/internal/candidates", ctx -> ctx.json(internal().candidates(range(ctx), limit(ctx))));
        app.get("/metrics", ctx -> {
            if (metrics == null) {
                throw new ApiException(404, "metrics disabled", "this server was started without metrics");
            }
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
        });
        app.sse("/api/stream", client -> {
            client.keepAlive();
            client.onClose(() -> sseClients.remove(client));
            sseClients.add(client);
            send(client, "hello", "{\"clients\":" + sseClients.size() + "}");
        });

        app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status, e.error, e.detail));
        app.exception(ArticleIndex.BadRequest.class, (e, ctx) ->
                error(ctx, 400, "bad parameter '" + e.parameter + "'", e.getMessage()));
        app.exception(InvalidStateStoreException.class, (e, ctx) -> {
            ctx.header("Retry-After", "5");
            error(ctx, 503, "state not ready", "the pipeline's state stores are not queryable yet (starting or"
                    + " rebalancing): " + e.getMessage());
        });
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage(), ""));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal error", e.getClass().getSimpleName() + " (details in the server log)");
        });
        app.error(404, ctx -> {
            if (ctx.attribute("stancewatch.error") == null) {
                error(ctx, 404, "not found", "no such resource: " + ctx.path());
            }
        });
    }

    /** Runs before every request, static files included: method filter, headers, token. */
    private void guard(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        ctx.header("Cross-Origin-Resource-Policy", "same-origin");
        HandlerType method = ctx.method();
        if (method != HandlerType.GET && method != HandlerType.HEAD) {
            ctx.header("Allow", "GET, HEAD");
            throw new ApiException(405, "method not allowed", "the API is read-only: " + method + " " + ctx.path()
                    + " is not supported, use GET or HEAD");
        }
        String path = ctx.path();
        boolean guarded = path.startsWith("/api/") || path.equals("/metrics");
        if (guarded) {
            ctx.header("Cache-Control", "no-store");
        }
        if (guarded && apiToken != null && !tokenMatches(presentedToken(ctx))) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"stancewatch\"");
            throw new ApiException(401, "unauthorized", "send the API token as 'Authorization: Bearer <token>'"
                    + " (or as access_token query parameter for EventSource)");
        }
    }

    private static String presentedToken(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        // EventSource cannot send headers, so the dashboard passes the token as a parameter.
        return ctx.queryParam("access_token");
    }

    private boolean tokenMatches(String presented) {
        return presented != null
                && MessageDigest.isEqual(apiToken, presented.getBytes(StandardCharsets.UTF_8));
    }

    private StancewatchQueries internal() {
        if (internalQueries == null) {
            throw new ApiException(404, "not found", "this server has no instance-local queries (single instance)");
        }
        return internalQueries;
    }

    private void error(Context ctx, int status, String error, String detail) {
        ctx.attribute("stancewatch.error", Boolean.TRUE);
        ctx.status(status).json(new ErrorBody(error, detail));
    }

    static DateRange range(Context ctx) {
        LocalDate from = date(ctx, "from");
        LocalDate to = date(ctx, "to");
        try {
            return new DateRange(from, to);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "bad parameters 'from'/'to'", e.getMessage());
        }
    }

    private static LocalDate date(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            LocalDate day = LocalDate.parse(value.trim());
            if (day.isBefore(DateRange.MIN) || day.isAfter(DateRange.MAX)) {
                throw new ApiException(400, "bad parameter '" + name + "'",
                        "date " + day + " is outside " + DateRange.MIN + ".." + DateRange.MAX);
            }
            return day;
        } catch (DateTimeParseException e) {
            throw new ApiException(400, "bad parameter '" + name + "'",
                    "expected a date like 2017-07-10, got '" + abbreviate(value) + "'");
        }
    }

    static int limit(Context ctx) {
        String value = ctx.queryParam("limit");
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the accepted range
        }
        throw new ApiException(400, "bad parameter 'limit'",
                "expected a whole number from 1 to " + MAX_LIMIT + ", got '" + abbreviate(value) + "'");
    }

    /**
     * A listing as JSON (default), or as {@code ?format=csv} (RFC 4180) / {@code jsonl}: the same rows, columns in
     * the JSON field order ({@link TableWriter}). An unknown format is a 400 naming {@code format}.
     */
    static <R extends Record> void listing(Context ctx, Class<R> type, List<R> rows) throws java.io.IOException {
        ExportFormat format = format(ctx);
        if (format == ExportFormat.JSON) {
            ctx.json(rows);
            return;
        }
        ctx.contentType(format.contentType);
        // A download with a name saying what it is, rather than a page the browser tries to render.
        String name = ctx.path().replaceFirst("^/api/", "").replaceAll("[^A-Za-z0-9._-]+", "-");
        ctx.header("Content-Disposition", "attachment; filename=\"stancewatch-" + name + "." + format.extension + "\"");
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        TableWriter.write(type, rows, format, body);
        ctx.result(body.toByteArray());
    }

    private static final int SEARCH_DEFAULT_LIMIT = 20;
    private static final Set<String> STANCES = Set.of("FAVOR", "AGAINST", "NEUTRAL", "MIXED");

    /** {@code /api/search}: every parameter is checked and a bad one is a 400 naming it (the query syntax too). */
    private void search(Context ctx) throws java.io.IOException {
        ArticleIndex index = searchIndex;
        if (index == null) {
            throw new ApiException(404, "search disabled", "this server was started without a search index");
        }
        String q = text(ctx, "q", 1000);
        String actor = text(ctx, "actor", 200);
        if (actor != null) {
            ActorId.problem(actor).ifPresent(problem -> {
                throw new ApiException(400, "bad parameter 'actor'", problem);
            });
        }
        String stance = stance(ctx);
        String outlet = text(ctx, "outlet", 200);
        DateRange range = range(ctx);
        int limit = SEARCH_DEFAULT_LIMIT;
        String limitValue = ctx.queryParam("limit");
        if (limitValue != null && !limitValue.isBlank()) {
            try {
                limit = Integer.parseInt(limitValue.trim());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > ArticleIndex.MAX_LIMIT) {
                throw new ApiException(400, "bad parameter 'limit'", "expected a whole number from 1 to "
                        + ArticleIndex.MAX_LIMIT + ", got '" + abbreviate(limitValue) + "'");
            }
        }
        String cursor = text(ctx, "cursor", 2000);
        ExportFormat format = format(ctx);
        ArticleIndex.SearchPage page = index.search(new ArticleIndex.SearchRequest(q, actor, stance, outlet,
                ctx.queryParam("from") == null || ctx.queryParam("from").isBlank() ? null : range.from(),
                ctx.queryParam("to") == null || ctx.queryParam("to").isBlank() ? null : range.to(), limit, cursor));
        if (format == ExportFormat.JSON) {
            ctx.json(page);
        } else {
            listing(ctx, ArticleIndex.SearchHit.class, page.hits());
        }
    }

    /**
     * {@code /api/actors/{id}/articles}: the articles behind a count (a day's bar, an outlet row, an alert). Each
     * parameter it adds ({@code day}, {@code outlet}, {@code stance}) is a 400 naming it when bad.
     */
    private void actorArticles(Context ctx) throws java.io.IOException {
        String actorId = actorId(ctx);
        DateRange range = range(ctx);
        boolean undated = false;
        String day = text(ctx, "day", 20);
        if (day != null) {
            if (day.trim().equalsIgnoreCase("undated")) {
                undated = true;
            } else {
                LocalDate only = date(ctx, "day");
                // The day narrows the period; a day outside it has nothing in the period.
                range = range.contains(only) ? new DateRange(only, only) : null;
            }
        }
        String outlet = text(ctx, "outlet", 200);
        String stance = stance(ctx);
        int limit = limit(ctx);
        List<ApiModel.ArticleRef> rows = range == null ? List.of()
                : ArticleDrill.articles(queries, actorId, range, undated, outlet, stance, limit);
        listing(ctx, ApiModel.ArticleRef.class, known(actorId, rows));
    }

    /** An optional {@code stance} parameter: FAVOR, AGAINST, NEUTRAL or MIXED in any case, else a 400 naming it. */
    private static String stance(Context ctx) {
        String stance = text(ctx, "stance", 20);
        if (stance == null) {
            return null;
        }
        stance = stance.trim().toUpperCase(java.util.Locale.ROOT);
        if (!STANCES.contains(stance)) {
            throw new ApiException(400, "bad parameter 'stance'", "expected FAVOR, AGAINST, NEUTRAL or MIXED, got '"
                    + abbreviate(ctx.queryParam("stance")) + "'");
        }
        return stance;
    }

    /** An optional text parameter: blank is absent; control characters or more than {@code max} chars are a 400. */
    private static String text(Context ctx, String name, int max) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > max || value.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
            throw new ApiException(400, "bad parameter '" + name + "'",
                    "at most " + max + " characters without control characters");
        }
        return value;
    }

    static ExportFormat format(Context ctx) {
        String value = ctx.queryParam("format");
        if (value == null || value.isBlank()) {
            return ExportFormat.JSON;
        }
        return ExportFormat.parse(value).orElseThrow(() -> new ApiException(400, "bad parameter 'format'",
                "expected json, csv or jsonl, got '" + abbreviate(value) + "'"));
    }

    private static <T> List<T> limited(List<T> all, Context ctx) {
        int limit = limit(ctx);
        return all.size() <= limit ? all : all.subList(0, limit);
    }

    /** The catalogue's id rule ({@link ActorId}), so the API accepts exactly the ids `actors add` can create. */
    private static String actorId(Context ctx) {
        String id = ctx.pathParam("id");
        ActorId.problem(id).ifPresent(problem -> {
            throw new ApiException(400, "bad actor id", problem);
        });
        return id;
    }

    /**
     * An empty answer for an actor nobody has heard of is a 404 naming the id, so a typo is not mistaken for
     * "no coverage"; a tracked or counted actor without rows in the period is an empty list.
     */
    private <T> List<T> known(String actorId, List<T> rows) {
        if (rows.isEmpty() && !queries.knowsActor(actorId)) {
            throw new ApiException(404, "unknown actor", "no actor with id '" + actorId
                    + "' in the catalogue or in the counts (see /api/actors or `stancewatch actors list`)");
        }
        return rows;
    }

    private static String articleId(Context ctx) {
        String id = ctx.pathParam("id");
        if (!ARTICLE_ID.matcher(id).matches()) {
            throw new ApiException(400, "bad article id",
                    "article ids are 1-512 characters without control characters or '/'");
        }
        return id;
    }

    private static String abbreviate(String value) {
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "...";
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve API bind address '" + host + "': " + e.getMessage(), e);
        }
    }

    /** Sends an event to every connected dashboard; {@code data} is serialised as JSON. */
    public void publish(String event, Object data) {
        if (sseClients.isEmpty()) {
            return;
        }
        String payload;
        try {
            payload = json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise SSE event '" + event + "' as JSON", e);
        }
        sseClients.forEach(client -> send(client, event, payload));
    }

    /** Pushes a new or updated daily count (all-outlet or per-outlet row) as event {@code day}. */
    public void publishDay(ActorDay day) {
        publish("day", DayStats.from(day));
    }

    /** Pushes an alert as event {@code alert}. */
    public void publishAlert(StanceShiftAlert alert) {
        publish("alert", AlertView.from(alert));
    }

    /** One writer at a time per client: SSE frames from concurrent publishers must not interleave. */
    private void send(SseClient client, String event, String payload) {
        synchronized (client) {
            if (client.terminated()) {
                sseClients.remove(client);
                return;
            }
            try {
                if (event == null) {
                    client.sendComment("ping");
                } else {
                    client.sendEvent(event, payload);
                }
            } catch (RuntimeException e) {
                sseClients.remove(client);
            }
        }
    }

    public int sseClientCount() {
        return sseClients.size();
    }

    @Override
    public synchronized void close() {
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
        sseClients.forEach(SseClient::close);
        sseClients.clear();
        if (javalin != null) {
            javalin.stop();
            javalin = null;
        }
        if (asyncPool != null) {
            asyncPool.shutdownNow();
        }
    }

    /** A client error (or deliberate server answer) with the JSON error body. */
    static final class ApiException extends RuntimeException {
        final int status;
        final String error;
        final String detail;

        ApiException(int status, String error, String detail) {
            super(error + ": " + detail, null, false, false);
            this.status = status;
            this.error = error;
            this.detail = detail;
        }
    }
}
