package org.stancewatch.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes the Confluent Schema Registry REST API onto a {@link SchemaStore}. */
final class SchemaRegistryHandler implements HttpHandler {
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Avro schemas are small; this bounds what a careless or hostile client can make us buffer. */
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    private final SchemaStore store;

    SchemaRegistryHandler(SchemaStore store) {
        this.store = store;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int status = 200;
            Object body;
            try {
                body = route(exchange);
            } catch (RegistryException e) {
                status = e.httpStatus();
                body = error(e.errorCode(), e.getMessage());
                if (e.errorCode() >= 50000) {
                    log.warn("Schema registry error on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                }
            } catch (RuntimeException e) {
                log.error("Unexpected schema registry error on {} {}",
                        exchange.getRequestMethod(), exchange.getRequestURI(), e);
                status = 500;
                body = error(50000, "Internal error: " + e);
            }
            byte[] bytes = body instanceof RawJson raw ? raw.json().getBytes(StandardCharsets.UTF_8)
                    : JSON.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** A response body that is already JSON text (a stored schema), sent unchanged. */
    private record RawJson(String json) {
    }

    private Object route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        List<String> path = pathSegments(exchange.getRequestURI().getRawPath());
        Map<String, String> query = queryParameters(exchange.getRequestURI().getRawQuery());
        boolean deleted = Boolean.parseBoolean(query.get("deleted"));
        int n = path.size();
        String first = n > 0 ? path.get(0) : "";

        if (n == 0 && method.equals("GET")) {
            return Map.of();
        }
        if (first.equals("schemas") && n >= 2) {
            if (n == 2 && path.get(1).equals("types") && method.equals("GET")) {
                return List.of("AVRO");
            }
            if (path.get(1).equals("ids") && (n == 3 || n == 4 && path.get(3).equals("schema"))
                    && method.equals("GET")) {
                int id = parseId(path.get(2));
                String schema = store.schemaById(id)
                        .orElseThrow(() -> RegistryException.schemaNotFound("Schema " + id + " not found"));
                return n == 4 ? new RawJson(schema) : Map.of("schema", schema);
            }
        }
        if (first.equals("subjects")) {
            if (n == 1 && method.equals("GET")) {
                return store.subjects(deleted);
            }
            String subject = n >= 2 ? path.get(1) : null;
            if (n == 2 && method.equals("POST")) {
                Schema schema = parseSchema(readBody(exchange));
                return versionBody(store.lookup(subject, schema, deleted));
            }
            if (n == 2 && method.equals("DELETE")) {
                return store.deleteSubject(subject);
            }
            if (n == 3 && path.get(2).equals("versions")) {
                if (method.equals("GET")) {
                    return store.versions(subject, deleted).stream().map(SchemaStore.SchemaVersion::version).toList();
                }
                if (method.equals("POST")) {
                    Schema schema = parseSchema(readBody(exchange));
                    return Map.of("id", store.register(subject, schema));
                }
            }
            if (n >= 4 && n <= 5 && path.get(2).equals("versions")) {
                int version = parseVersion(path.get(3));
                if (n == 4 && method.equals("GET")) {
                    return versionBody(store.version(subject, version, deleted));
                }
                if (n == 5 && path.get(4).equals("schema") && method.equals("GET")) {
                    return new RawJson(store.version(subject, version, deleted).schema());
                }
                if (n == 4 && method.equals("DELETE")) {
                    return store.deleteVersion(subject, version);
                }
            }
        }
        if (first.equals("config") && n <= 2) {
            String subject = n == 2 ? path.get(1) : null;
            switch (method) {
                case "GET" -> {
                    CompatibilityLevel level = subject == null ? store.globalCompatibility()
                            : store.subjectCompatibility(subject).orElseGet(() -> {
                                if (Boolean.parseBoolean(query.get("defaultToGlobal"))) {
                                    return store.globalCompatibility();
                                }
                                throw RegistryException.subjectConfigNotFound(subject);
                            });
                    return Map.of("compatibilityLevel", level.name());
                }
                case "PUT" -> {
                    JsonNode request = readBody(exchange);
                    CompatibilityLevel level = CompatibilityLevel.parse(
                            request.path("compatibility").isTextual() ? request.get("compatibility").asText() : null);
                    store.setCompatibility(subject, level);
                    return Map.of("compatibility", level.name());
                }
                case "DELETE" -> {
                    if (subject != null) {
                        return Map.of("compatibilityLevel", store.deleteSubjectCompatibility(subject).name());
                    }
                }
                default -> {
                }
            }
        }
        if (first.equals("compatibility") && n >= 4 && n <= 5 && path.get(1).equals("subjects")
                && path.get(3).equals("versions") && method.equals("POST")) {
            return checkCompatibility(exchange, path.get(2), n == 5 ? path.get(4) : null,
                    Boolean.parseBoolean(query.get("verbose")));
        }
        if (first.equals("mode") && n <= 2 && method.equals("GET")) {
            return Map.of("mode", "READWRITE");
        }
        throw new RegistryException(404, 404, "No endpoint " + method + " " + exchange.getRequestURI().getPath());
    }

    private Map<String, Object> checkCompatibility(HttpExchange exchange, String subject, String versionText,
                                                   boolean verbose) throws IOException {
        Schema schema = parseSchema(readBody(exchange));
        CompatibilityLevel level = store.effectiveCompatibility(subject);
        List<SchemaStore.SchemaVersion> against;
        if (versionText == null) {
            // Against whatever the subject's level would check at registration; nothing yet is compatible.
            against = store.subjects(false).contains(subject) ? store.versions(subject, false) : List.of();
        } else {
            against = List.of(store.version(subject, parseVersion(versionText), false));
        }
        List<String> messages = SchemaStore.incompatibilities(schema, against, level);
        Map<String, Object> result = new HashMap<>();
        result.put("is_compatible", messages.isEmpty());
        if (verbose) {
            result.put("messages", messages);
        }
        return result;
    }

    private static Map<String, Object> versionBody(SchemaStore.SchemaVersion v) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("subject", v.subject());
        body.put("version", v.version());
        body.put("id", v.id());
        body.put("schema", v.schema());
        return body;
    }

    private static Schema parseSchema(JsonNode request) {
        JsonNode type = request.get("schemaType");
        if (type != null && !type.isNull() && !type.asText().equals("AVRO")) {
            throw RegistryException.invalidSchema("Unsupported schemaType '" + type.asText()
                    + "': this registry stores AVRO schemas only");
        }
        JsonNode references = request.get("references");
        if (references != null && references.isArray() && !references.isEmpty()) {
            throw RegistryException.invalidSchema("Schema references are not supported by this registry");
        }
        JsonNode schemaText = request.get("schema");
        if (schemaText == null || !schemaText.isTextual() || schemaText.asText().isBlank()) {
            throw RegistryException.invalidSchema("Invalid schema: the request has no \"schema\" string");
        }
        try {
            return new Schema.Parser().parse(schemaText.asText());
        } catch (RuntimeException e) {
            // Avro 1.12 reports a bare undefined name ("strin") as an NPE about an internal placeholder.
            String reason = String.valueOf(e.getMessage()).contains("UnresolvedSchema")
                    ? "it names a type that is not defined" : e.getMessage();
            throw RegistryException.invalidSchema("Invalid schema " + abbreviate(schemaText.asText()) + ": " + reason);
        }
    }

    private static JsonNode readBody(HttpExchange exchange) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new RegistryException(413, 413, "Request body larger than " + MAX_BODY_BYTES + " bytes");
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw RegistryException.badRequest("Request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw RegistryException.badRequest("Request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static int parseId(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw RegistryException.schemaNotFound("Schema id '" + text + "' is not a number");
        }
    }

    /** Returns the version number, or -1 for {@code latest}. */
    private static int parseVersion(String text) {
        if (text.equals("latest") || text.equals("-1")) {
            return -1;
        }
        try {
            int version = Integer.parseInt(text);
            if (version > 0) {
                return version;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw RegistryException.invalidVersion(text);
    }

    private static List<String> pathSegments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String raw : rawPath.split("/")) {
            if (!raw.isEmpty()) {
                // URLDecoder is for forms: keep a literal '+' a plus, as in a URI path.
                segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery != null) {
            Arrays.stream(rawQuery.split("&")).filter(p -> !p.isEmpty()).forEach(p -> {
                int eq = p.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? p : p.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "true" : URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8);
                parameters.put(name, value);
            });
        }
        return parameters;
    }

    private static ObjectNode error(int code, String message) {
        return JSON.createObjectNode().put("error_code", code).put("message", message);
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? "'" + text + "'" : "'" + text.substring(0, 77) + "...'";
    }
}
