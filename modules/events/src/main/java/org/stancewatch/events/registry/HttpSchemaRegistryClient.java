package org.stancewatch.events.registry;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.AvroRuntimeException;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Confluent Schema Registry REST client on {@link HttpClient} and Jackson. It sends only what every
 * Confluent-compatible registry accepts (Confluent, Apicurio's ccompat API, Karapace, Redpanda):
 * {@code {"schema": "..."}} without {@code schemaType} (AVRO is the protocol's default).
 * Ids are cached by (subject, schema) and schemas by id, so steady-state serialization makes no requests.
 * I/O errors move on to the next configured URL; I/O errors and 5xx answers are retried with
 * exponential backoff; 4xx answers are final.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    private static final Logger LOG = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record SubjectSchema(String subject, Schema schema) {
    }

    private final List<URI> baseUris;
    private final String registryName;
    private final String authorization;
    private final int maxRetries;
    private final long retryWaitMs;
    private final long retryMaxWaitMs;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    /** Index of the URL that answered last; requests start there so a dead first URL costs one failure, not one per request. */
    private volatile int preferredUrl;

    /** A client for one registry URL with default settings. */
    public HttpSchemaRegistryClient(String url) {
        this(new SchemaRegistryClientConfig(Map.of(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL, url)));
    }

    public HttpSchemaRegistryClient(Map<String, ?> config) {
        this(new SchemaRegistryClientConfig(config));
    }

    public HttpSchemaRegistryClient(SchemaRegistryClientConfig config) {
        List<String> urls = config.urls();
        if (urls.isEmpty()) {
            throw new ConfigException(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL, "",
                    "is required: the URL of a Confluent-compatible schema registry, e.g. http://localhost:8081");
        }
        List<URI> uris = new ArrayList<>();
        String urlUserInfo = null;
        for (String url : urls) {
            URI uri = parseUrl(url);
            if (uri.getUserInfo() != null) {
                urlUserInfo = uri.getUserInfo();
            }
            // Credentials never go on the wire in the URL or into messages; they become a header.
            uris.add(URI.create(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                    + stripTrailingSlash(uri.getRawPath())));
        }
        this.baseUris = List.copyOf(uris);
        this.registryName = String.join(", ", baseUris.stream().map(URI::toString).toList());
        String userInfo = SchemaRegistryClientConfig.CREDENTIALS_SOURCE_USER_INFO.equals(
                config.getString(SchemaRegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE))
                ? config.basicAuthUserInfo() : urlUserInfo;
        this.authorization = userInfo == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
        this.maxRetries = config.maxRetries();
        this.retryWaitMs = config.retriesWaitMs();
        this.retryMaxWaitMs = config.retriesMaxWaitMs();
        this.requestTimeout = Duration.ofMillis(config.readTimeoutMs());
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade: some registries and proxies mishandle it
                .connectTimeout(Duration.ofMillis(config.connectTimeoutMs()))
                .build();
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema), subject, null);
        int id = requiredInt(answer, "id", subject, null);
        remember(key, id);
        return id;
    }

    @Override
    public int lookupId(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("POST", "/subjects/" + encode(subject), schemaBody(schema), subject, null);
        int id = requiredInt(answer, "id", subject, null);
        remember(key, id);
        return id;
    }

    @Override
    public Schema getById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("GET", "/schemas/ids/" + id, null, null, id);
        Schema schema = parseSchema(answer, null, id);
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    @Override
    public RegisteredSchema getLatest(String subject) {
        JsonNode answer = send("GET", "/subjects/" + encode(subject) + "/versions/latest", null, subject, null);
        int id = requiredInt(answer, "id", subject, null);
        int version = requiredInt(answer, "version", subject, null);
        Schema schema = parseSchema(answer, subject, id);
        schemasById.putIfAbsent(id, schema);
        return new RegisteredSchema(subject, id, version, schema);
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        try {
            JsonNode answer = send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest",
                    schemaBody(schema), subject, null);
            JsonNode verdict = answer.get("is_compatible");
            if (verdict == null || !verdict.isBoolean()) {
                throw malformedAnswer(subject, null, "no boolean 'is_compatible' in " + answer);
            }
            return verdict.booleanValue();
        } catch (SchemaRegistryException e) {
            // A subject without versions has nothing to be incompatible with.
            if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND || e.errorCode() == SchemaRegistryException.VERSION_NOT_FOUND) {
                return true;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        // java.net.http.HttpClient has no close() before Java 21; its threads end when it is unreachable.
        idsBySubjectSchema.clear();
        schemasById.clear();
    }

    @Override
    public String toString() {
        return "HttpSchemaRegistryClient[" + registryName + "]";
    }

    private void remember(SubjectSchema key, int id) {
        idsBySubjectSchema.put(key, id);
        schemasById.putIfAbsent(id, key.schema());
    }

    private JsonNode send(String method, String path, String body, String subject, Integer id) {
        Exception lastFailure = null;
        int attempts = 0;
        for (int retry = 0; retry <= maxRetries; retry++) {
            if (retry > 0) {
                sleepBeforeRetry(retry, subject, id, attempts, lastFailure);
            }
            int start = preferredUrl;
            for (int i = 0; i < baseUris.size(); i++) {
                int index = (start + i) % baseUris.size();
                attempts++;
                HttpResponse<String> response;
                try {
                    response = http.send(request(baseUris.get(index), method, path, body), HttpResponse.BodyHandlers.ofString());
                } catch (IOException e) {
                    LOG.debug("Schema registry {} failed for {}: {}", baseUris.get(index), RegistryErrors.target(subject, id), e.toString());
                    lastFailure = e;
                    continue; // I/O error: try the next URL
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw RegistryErrors.unreachable(registryName, subject, id, attempts, e);
                }
                preferredUrl = index;
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return parseJson(response.body(), subject, id);
                }
                SchemaRegistryException refused = refusal(status, response.body(), subject, id);
                if (status < 500) {
                    throw refused;
                }
                lastFailure = refused;
                break; // 5xx: the registry answered; back off and ask again
            }
        }
        if (lastFailure instanceof SchemaRegistryException refused) {
            throw new SchemaRegistryException(refused.getMessage() + " (gave up after " + attempts + " attempts)",
                    refused.subject(), refused.httpStatus(), refused.errorCode(), refused.registryMessage(), null);
        }
        throw RegistryErrors.unreachable(registryName, subject, id, attempts, lastFailure);
    }

    private void sleepBeforeRetry(int retry, String subject, Integer id, int attempts, Exception lastFailure) {
        long wait = Math.min(retryMaxWaitMs, retryWaitMs << Math.min(retry - 1, 20));
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryErrors.unreachable(registryName, subject, id, attempts, lastFailure != null ? lastFailure : e);
        }
    }

    private HttpRequest request(URI base, String method, String path, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(requestTimeout)
                .header("Accept", ACCEPT);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    private SchemaRegistryException refusal(int status, String body, String subject, Integer id) {
        int errorCode = status;
        String message = abbreviate(body);
        try {
            JsonNode error = JSON.readTree(body);
            if (error != null && error.isObject()) {
                if (error.path("error_code").canConvertToInt()) {
                    errorCode = error.get("error_code").intValue();
                }
                if (error.hasNonNull("message")) {
                    message = error.get("message").asText();
                }
            }
        } catch (JsonProcessingException e) {
            // Not JSON (a proxy's HTML page, say): report the start of the body as the message.
        }
        return RegistryErrors.refused(registryName, subject, id, status, errorCode, message);
    }

    private JsonNode parseJson(String body, String subject, Integer id) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw malformedAnswer(subject, id, "expected a JSON object, got: " + abbreviate(body));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw malformedAnswer(subject, id, "answer is not JSON: " + abbreviate(body));
        }
    }

    private Schema parseSchema(JsonNode answer, String subject, Integer id) {
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw malformedAnswer(subject, id, "the schema is " + type + ", not AVRO");
        }
        JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw malformedAnswer(subject, id, "no 'schema' string in the answer");
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (AvroRuntimeException e) { // SchemaParseException, or AvroTypeException for undefined names (references)
            throw malformedAnswer(subject, id, "Avro cannot parse the schema: " + e.getMessage());
        }
    }

    private int requiredInt(JsonNode answer, String field, String subject, Integer id) {
        JsonNode value = answer.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw malformedAnswer(subject, id, "no integer '" + field + "' in " + abbreviate(answer.toString()));
        }
        return value.intValue();
    }

    private SchemaRegistryException malformedAnswer(String subject, Integer id, String problem) {
        return new SchemaRegistryException("Schema registry at " + registryName + " gave an unusable answer for "
                + RegistryErrors.target(subject, id) + ": " + problem, subject, 200, SchemaRegistryException.NO_STATUS, problem, null);
    }

    private static String schemaBody(Schema schema) {
        try {
            return JSON.writeValueAsString(Map.of("schema", schema.toString()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a schema as JSON", e); // a String field always encodes
        }
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }

    private static String stripTrailingSlash(String path) {
        if (path == null) {
            return "";
        }
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static URI parseUrl(String url) {
        try {
            URI uri = URI.create(url);
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL with a host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            String redacted = url.replaceAll("//[^/@]*@", "//***@"); // keep passwords out of logs
            throw new ConfigException(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL, redacted,
                    "is not a valid registry URL (" + e.getMessage() + "); expected e.g. http://localhost:8081");
        }
    }
}
