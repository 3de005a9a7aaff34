package org.stancewatch.app.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.stancewatch.app.ApiAddress;
import org.stancewatch.app.UserException;
import org.stancewatch.app.http.ApiServer;
import org.stancewatch.app.search.SearchService;
import org.stancewatch.embedded.EmbeddedCluster;
import org.stancewatch.events.ActorMention;
import org.stancewatch.events.ActorStance;
import org.stancewatch.events.Article;
import org.stancewatch.events.EnrichedArticle;
import org.stancewatch.events.ProducerSettings;
import org.stancewatch.events.Span;
import org.stancewatch.events.Stance;
import org.stancewatch.events.Topics;
import org.stancewatch.events.serde.AvroDeserializer;
import org.stancewatch.events.serde.AvroSerializer;
import org.stancewatch.ingest.FeedBenchmark;
import org.stancewatch.pipeline.TopicSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `stancewatch search`: asks the running app's {@code /api/search} and prints the hits with their snippets. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Search the enriched articles by words (Lucene syntax) and actor, stance, outlet and days.",
                "Asks a running `stancewatch run` (its /api/search); `--bench-rebuild N` instead times a rebuild",
                "of the index from N generated articles on a throwaway embedded cluster."})
public final class SearchCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "QUERY",
            description = "Words in Lucene syntax: mosul AND \"iraqi army\", strike*, title:victory, -isis (default: all).")
    String q;

    @Option(names = "--actor", paramLabel = "ID", description = "Only articles that mention this actor.")
    String actor;

    @Option(names = "--stance", paramLabel = "STANCE",
            description = "FAVOR, AGAINST, NEUTRAL or MIXED: the --actor's stance (without --actor: any actor's).")
    String stance;

    @Option(names = "--outlet", description = "Only this outlet (whole name, any case).")
    String outlet;

    @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "First publication day (inclusive).")
    String from;

    @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Last publication day (inclusive).")
    String to;

    @Option(names = "--limit", defaultValue = "20", description = "Hits per page, 1-100 (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--cursor", description = "Next page: the cursor the previous page printed.")
    String cursor;

    @Option(names = "--json", description = "Print the API's JSON answer as it is.")
    boolean json;

    @Option(names = "--api-url", paramLabel = "URL", defaultValue = "${env:STANCEWATCH_API_URL}",
            description = {"The running app's HTTP address (env STANCEWATCH_API_URL). Default: the address `run`",
                    "recorded in --data-dir, else " + ApiAddress.DEFAULT_URL + "."})
    String apiUrl;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:STANCEWATCH_DATA_DIR:-stancewatch-data}",
            description = "Where `run` keeps its data and records its API address (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--api-token", defaultValue = "${env:STANCEWATCH_API_TOKEN}",
            description = "Bearer token, when the app has one (env STANCEWATCH_API_TOKEN).")
    String apiToken;

    @Option(names = "--bench-rebuild", paramLabel = "N",
            description = "Benchmark: publish N generated enriched articles and time the index rebuild from the topic.")
    Integer benchRebuild;

    @Option(names = "--seeds", defaultValue = "seeds", description = "Sentences for --bench-rebuild (default: ${DEFAULT-VALUE}).")
    Path seedsDir;

    @Override
    public Integer call() throws Exception {
        if (benchRebuild != null) {
            return benchRebuild(benchRebuild);
        }
        Map<String, String> params = new LinkedHashMap<>();
        put(params, "q", q);
        put(params, "actor", actor);
        put(params, "stance", stance);
        put(params, "outlet", outlet);
        put(params, "from", from);
        put(params, "to", to);
        put(params, "limit", String.valueOf(limit));
        put(params, "cursor", cursor);
        String query = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        ApiAddress api = ApiAddress.resolve(apiUrl, dataDir);
        URI uri;
        try {
            uri = URI.create(api.resolvePath("api/search?" + query));
        } catch (IllegalArgumentException e) {
            throw new UserException("--api-url: '" + api.url() + "' is not a URL (" + e.getMessage() + ")");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (apiToken != null && !apiToken.isBlank()) {
            request.header("Authorization", "Bearer " + apiToken);
        }
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | IllegalArgumentException e) {
            throw new UserException("nothing answers at " + api.url() + " (" + api.source() + "): "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + ". Start `./stancewatch run` (same --data-dir) or pass --api-url");
        }
        ObjectMapper mapper = ApiServer.newObjectMapper();
        if (response.statusCode() != 200) {
            JsonNode error;
            try {
                error = mapper.readTree(response.body());
            } catch (IOException notJson) {
                throw new UserException("HTTP " + response.statusCode() + " from " + uri + " (" + api.source()
                        + "), not a stancewatch API answer: is --api-url right?");
            }
            throw new UserException(error.path("error").asText("HTTP " + response.statusCode()) + ": "
                    + error.path("detail").asText(""));
        }
        if (json) {
            System.out.println(response.body());
            return 0;
        }
        JsonNode page = mapper.readTree(response.body());
        System.out.println(page.path("total").asLong() + " article(s)" + (q == null ? "" : " for " + q) + ":");
        for (JsonNode hit : page.path("hits")) {
            System.out.printf("%s  %-16s  %s  %s%n", hit.path("day").asText("undated"), hit.path("outlet").asText(""),
                    hit.path("id").asText(), oneLine(hit.path("title").asText()));
            System.out.println("    " + oneLine(plain(hit.path("snippet").asText())));
        }
        if (!page.path("nextCursor").isNull() && page.path("nextCursor").isTextual()) {
            System.out.println("more: --cursor " + page.path("nextCursor").asText());
        }
        return 0;
    }

    private static void put(Map<String, String> params, String name, String value) {
        if (value != null && !value.isBlank()) {
            params.put(name, value);
        }
    }

    /** The snippet is HTML (escaped text with marks): marks become [[ ]] on a terminal, entities their characters. */
    static String plain(String html) {
        return html.replace("<mark>", "[[").replace("</mark>", "]]").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", "\"").replace("&#x27;", "'").replace("&#39;", "'").replace("&#x2F;", "/")
                .replace("&amp;", "&");
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").replaceAll("\\p{Cntrl}", "?");
    }

    /** Measures what a restart without an index costs: read the whole topic, decode, analyse and index. */
    private int benchRebuild(int n) throws Exception {
        if (n < 1) {
            throw new UserException("--bench-rebuild must be at least 1, was " + n);
        }
        List<String> sentences = FeedBenchmark.seedSentences(BenchCommand.seeds(seedsDir));
        Path dir = Files.createTempDirectory("stancewatch-bench-search-");
        try (EmbeddedCluster cluster = EmbeddedCluster.start(dir.resolve("cluster"), 0, 0)) {
            try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", cluster.bootstrapServers()))) {
                new TopicSetup(Topics.defaults(), 2, (short) 1).createMissing(admin);
            }
            Map<String, Object> config = ProducerSettings.reliable(Map.of("bootstrap.servers", cluster.bootstrapServers(),
                    "schema.registry.url", cluster.registryUrl(), ProducerConfig.LINGER_MS_CONFIG, 20,
                    ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip"));
            AvroSerializer<EnrichedArticle> serializer = new AvroSerializer<>();
            serializer.configure(config, false);
            long bytes = 0;
            Instant t0 = Instant.now();
            try (KafkaProducer<String, EnrichedArticle> producer = new KafkaProducer<>(config, new StringSerializer(), serializer)) {
                Random random = new Random(42);
                int batch = 10_000;
                for (int start = 0; start < n; start += batch) {
                    for (Article a : FeedBenchmark.generate(Math.min(batch, n - start), sentences, start)) {
                        EnrichedArticle e = enriched(a, random);
                        bytes += e.getBody().length();
                        producer.send(new ProducerRecord<>(Topics.ENRICHED, e.getId(), e));
                    }
                }
                producer.flush();
            }
            System.out.printf("published %,d enriched articles (%,d body chars) in %.1f s%n", n, bytes,
                    Duration.between(t0, Instant.now()).toMillis() / 1000.0);
            AvroDeserializer<EnrichedArticle> d = new AvroDeserializer<>(EnrichedArticle.class);
            d.configure(config, false);
            Instant t1 = Instant.now();
            try (SearchService search = SearchService.start(dir.resolve("app"),
                    Map.of("bootstrap.servers", cluster.bootstrapServers()), d, Topics.ENRICHED)) {
                if (!search.indexer().awaitCaughtUp(Duration.ofHours(1))) {
                    throw new UserException("the index did not catch up within an hour");
                }
                double seconds = Duration.between(t1, Instant.now()).toMillis() / 1000.0;
                System.out.printf("rebuilt the search index from the topic: %,d articles in %.1f s (%,.0f articles/s);"
                        + " index size %,d documents%n", search.indexer().indexed(), seconds,
                        search.indexer().indexed() / seconds, search.index().size());
            }
        } finally {
            BenchCommand.deleteQuietly(dir);
        }
        return 0;
    }

    private static final String[][] ACTORS = {{"iraqi-army", "Iraqi army"}, {"isis", "ISIS"}, {"russia", "Russia"},
            {"united-states", "United States"}, {"pmf", "Popular Mobilization Forces"}, {"syria", "Syria"}};

    /** The generated article with 1-3 actors and a stance each, so the actor and stance fields are indexed too. */
    private static EnrichedArticle enriched(Article a, Random random) {
        List<ActorMention> mentions = new ArrayList<>();
        List<ActorStance> stances = new ArrayList<>();
        int k = 1 + random.nextInt(3);
        for (int i = 0; i < k; i++) {
            String[] actor = ACTORS[(random.nextInt(ACTORS.length) + i) % ACTORS.length];
            if (mentions.stream().anyMatch(m -> m.getActorId().equals(actor[0]))) {
                continue;
            }
            mentions.add(ActorMention.newBuilder().setActorId(actor[0]).setActorName(actor[1]).setActorType("OTHER")
                    .setCount(1).setSpans(List.of(Span.newBuilder().setStart(0).setEnd(1).setText("x").build())).build());
            Stance s = Stance.values()[random.nextInt(Stance.values().length)];
            stances.add(ActorStance.newBuilder().setActorId(actor[0]).setStance(s).setScore(0).setEvidence(List.of()).build());
        }
        return EnrichedArticle.newBuilder().setId(a.getId()).setTitle(a.getTitle()).setBody(a.getBody())
                .setOutlet(a.getOutlet()).setPublishedDate(a.getPublishedDate() == null ? LocalDate.of(2017, 7, 1) : a.getPublishedDate())
                .setIngestedAt(a.getIngestedAt()).setLanguage("en").setEnricherVersion("bench")
                .setMentions(mentions).setStances(stances).setCandidates(List.of()).build();
    }
}
