package org.stancewatch.events.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpTimeoutException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.stancewatch.events.Article;
import org.stancewatch.events.CandidateName;
import org.stancewatch.events.EventSamples;
import org.stancewatch.events.registry.ScriptedRegistryServer.Response;
import org.stancewatch.events.serde.AvroDeserializer;
import org.stancewatch.events.serde.AvroSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class HttpSchemaRegistryClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ScriptedRegistryServer server;

    HttpSchemaRegistryClientTest() throws IOException {
        server = new ScriptedRegistryServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpSchemaRegistryClient client(Object... extraConfig) {
        Map<String, Object> config = new HashMap<>();
        config.put("schema.registry.url", server.url());
        config.put("retries.wait.ms", 5L);
        for (int i = 0; i < extraConfig.length; i += 2) {
            config.put((String) extraConfig[i], extraConfig[i + 1]);
        }
        return new HttpSchemaRegistryClient(config);
    }

    private static String schemaAnswer(Schema schema, int id, int version, String subject) throws IOException {
        return JSON.writeValueAsString(Map.of("subject", subject, "id", id, "version", version, "schema", schema.toString()));
    }

    @Test
    void registerPostsTheSchemaAsConfluentJsonAndCachesTheId() throws IOException {
        server.thenAnswer(Response.json(200, "{\"id\":21}"));
        HttpSchemaRegistryClient client = client();

        assertEquals(21, client.register("articles-value", Article.getClassSchema()));
        assertEquals(21, client.register("articles-value", Article.getClassSchema()));
        assertEquals(Article.getClassSchema(), client.getById(21), "a registered schema is known by id without asking");

        assertEquals(1, server.requests().size());
        ScriptedRegistryServer.Request request = server.requests().get(0);
        assertEquals("POST", request.method());
        assertEquals("/subjects/articles-value/versions", request.rawPath());
        assertEquals("application/vnd.schemaregistry.v1+json", request.header("Content-Type"));
        assertTrue(request.header("Accept").startsWith("application/vnd.schemaregistry.v1+json"), request.header("Accept"));
        JsonNode body = JSON.readTree(request.body());
        assertEquals(List.of("schema"), iterableToList(body.fieldNames()), "no schemaType: AVRO is every registry's default");
        assertEquals(Article.getClassSchema(), new Schema.Parser().parse(body.get("schema").asText()));
        assertNull(request.header("Authorization"));
    }

    @Test
    void serializerAndDeserializerAskTheRegistryOncePerSchema() throws IOException {
        String byIdAnswer = JSON.writeValueAsString(Map.of("schema", CandidateName.getClassSchema().toString()));
        server.thenAnswer(Response.json(200, "{\"id\":7}"))
                .otherwise(r -> r.rawPath().equals("/schemas/ids/7")
                        ? Response.json(200, byIdAnswer)
                        : Response.error(404, 40403, "Schema not found"));
        AvroSerializer<CandidateName> serializer = new AvroSerializer<>(client(), Map.of(), false);
        CandidateName name = CandidateName.newBuilder().setName("PMF").setCount(2).build();

        byte[] first = serializer.serialize("names", name);
        byte[] second = serializer.serialize("names", name);
        assertEquals(1, server.requests().size(), "second serialize must not call the registry");

        AvroDeserializer<CandidateName> deserializer = new AvroDeserializer<>(CandidateName.class, client(), Map.of());
        assertEquals(name, deserializer.deserialize("names", first));
        assertEquals(name, deserializer.deserialize("names", second));
        assertEquals(List.of("/subjects/names-value/versions", "/schemas/ids/7"),
                server.requests().stream().map(ScriptedRegistryServer.Request::rawPath).toList());
    }

    @Test
    void unknownSubjectIs404With40401AndNotRetried() {
        server.otherwise(r -> Response.error(404, 40401, "Subject 'articles-value' not found."));
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client().getLatest("articles-value"));
        assertEquals("Schema registry at " + server.url() + " refused subject 'articles-value': HTTP 404, error 40401: "
                + "Subject 'articles-value' not found.", e.getMessage());
        assertEquals("articles-value", e.subject());
        assertEquals(404, e.httpStatus());
        assertEquals(40401, e.errorCode());
        assertEquals("Subject 'articles-value' not found.", e.registryMessage());
        assertTrue(e.isNotFound());
        assertFalse(e.isUnavailable());
        assertEquals(1, server.requests().size());
    }

    @Test
    void unknownSchemaIdIs404With40403() {
        server.otherwise(r -> Response.error(404, 40403, "Schema 12 not found"));
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client().getById(12));
        assertEquals(40403, e.errorCode());
        assertNull(e.subject());
        assertTrue(e.getMessage().contains("refused schema id 12: HTTP 404, error 40403: Schema 12 not found"), e.getMessage());
        assertEquals("/schemas/ids/12", server.requests().get(0).rawPath());
    }

    @Test
    void lookupOfAnUnregisteredSchemaIs40403() {
        server.otherwise(r -> Response.error(404, 40403, "Schema not found"));
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                () -> client().lookupId("articles-value", Article.getClassSchema()));
        assertEquals(40403, e.errorCode());
        assertEquals("POST", server.requests().get(0).method());
        assertEquals("/subjects/articles-value", server.requests().get(0).rawPath());
    }

    @Test
    void incompatibleSchemaIs409() {
        String refusal = "Schema being registered is incompatible with an earlier schema for subject \"articles-value\"";
        server.otherwise(r -> Response.error(409, 409, refusal));
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                () -> client().register("articles-value", Article.getClassSchema()));
        assertEquals("Schema registry at " + server.url() + " refused subject 'articles-value': HTTP 409, error 409: " + refusal,
                e.getMessage());
        assertEquals(1, server.requests().size());
    }

    @Test
    void invalidSchemaIs422With42201() {
        server.otherwise(r -> Response.error(422, 42201, "Invalid schema"));
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                () -> client().register("articles-value", Article.getClassSchema()));
        assertEquals(422, e.httpStatus());
        assertEquals(42201, e.errorCode());
        assertEquals(1, server.requests().size(), "4xx is final");
    }

    @Test
    void serverErrorIsRetriedUntilItSucceeds() {
        server.thenAnswer(Response.error(503, 50301, "Registry is starting"), Response.json(200, "{\"id\":3}"));
        assertEquals(3, client().register("articles-value", Article.getClassSchema()));
        assertEquals(2, server.requests().size());
    }

    @Test
    void persistentServerErrorGivesUpAfterConfiguredRetries() {
        server.otherwise(r -> Response.error(503, 50301, "Registry is down"));
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                () -> client("max.retries", 2).register("articles-value", Article.getClassSchema()));
        assertEquals(3, server.requests().size());
        assertEquals(503, e.httpStatus());
        assertTrue(e.isUnavailable());
        assertTrue(e.getMessage().endsWith("HTTP 503, error 50301: Registry is down (gave up after 3 attempts)"), e.getMessage());
    }

    @Test
    void nonJsonErrorBodyIsQuoted() {
        server.otherwise(r -> new Response(502, "<html><body>Bad Gateway</body></html>"));
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client("max.retries", 0).getById(1));
        assertEquals(502, e.errorCode());
        assertTrue(e.getMessage().contains("HTTP 502, error 502: <html><body>Bad Gateway</body></html>"), e.getMessage());
    }

    @Test
    void basicAuthFromUserInfo() throws IOException {
        server.otherwise(r -> Response.json(200, "{\"id\":1}"));
        client("basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "fred:s3cret:x")
                .register("articles-value", Article.getClassSchema());
        // base64("fred:s3cret:x"): everything after the first colon is the password
        assertEquals("Basic ZnJlZDpzM2NyZXQ6eA==", server.requests().get(0).header("Authorization"));
    }

    @Test
    void basicAuthFromUrlUserInfoStaysOutOfMessages() {
        server.otherwise(r -> Response.error(401, 401, "Unauthorized"));
        String url = server.url().replace("http://", "http://fred:s3cret@");
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(Map.of("schema.registry.url", url));
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client.getById(1));
        assertEquals("Basic ZnJlZDpzM2NyZXQ=", server.requests().get(0).header("Authorization"));
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void userInfoSourceWithoutUserInfoIsAConfigError() {
        assertThrows(org.apache.kafka.common.config.ConfigException.class,
                () -> client("basic.auth.credentials.source", "USER_INFO"));
    }

    @Test
    void unreachableUrlFailsOverToTheNext() throws IOException {
        int closedPort = closedPort();
        server.otherwise(r -> Response.json(200, "{\"id\":9}"));
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(Map.of(
                "schema.registry.url", "http://127.0.0.1:" + closedPort + "," + server.url(), "max.retries", 0));
        assertEquals(9, client.register("articles-value", Article.getClassSchema()));
        assertEquals(1, server.requests().size());
    }

    @Test
    void allUrlsUnreachableNamesThemAndTheSubject() throws IOException {
        int closedPort = closedPort();
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(Map.of(
                "schema.registry.url", "http://127.0.0.1:" + closedPort, "max.retries", 1, "retries.wait.ms", 5L));
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client.getLatest("articles-value"));
        assertTrue(e.isUnavailable());
        assertTrue(e.getMessage().startsWith("Schema registry at http://127.0.0.1:" + closedPort
                + " unreachable for subject 'articles-value' after 2 attempt(s): ConnectException"), e.getMessage());
    }

    @Test
    void slowRegistryTimesOut() {
        server.delayEveryAnswer(400).otherwise(r -> Response.json(200, "{\"id\":1}"));
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                () -> client("http.read.timeout.ms", 100, "max.retries", 0).getById(1));
        assertInstanceOf(HttpTimeoutException.class, e.getCause());
    }

    @Test
    void latestVersionAndLookupAnswersAreParsed() throws IOException {
        Schema schema = Article.getClassSchema();
        server.thenAnswer(Response.json(200, schemaAnswer(schema, 4, 2, "articles-value")),
                Response.json(200, schemaAnswer(schema, 4, 2, "articles-value")));
        HttpSchemaRegistryClient client = client();
        assertEquals(new RegisteredSchema("articles-value", 4, 2, schema), client.getLatest("articles-value"));
        assertEquals(4, client.lookupId("articles-value", schema));
        assertEquals("/subjects/articles-value/versions/latest", server.requests().get(0).rawPath());
        assertEquals("GET", server.requests().get(0).method());
    }

    @Test
    void nonAvroSchemaByIdIsRefused() {
        server.otherwise(r -> Response.json(200, "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}"));
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client().getById(5));
        assertTrue(e.getMessage().contains("schema id 5") && e.getMessage().contains("PROTOBUF, not AVRO"), e.getMessage());
    }

    @Test
    void compatibilityCheck() {
        server.thenAnswer(Response.json(200, "{\"is_compatible\":false}"),
                Response.json(200, "{\"is_compatible\":true}"),
                Response.error(404, 40401, "Subject 'new-value' not found."));
        HttpSchemaRegistryClient client = client();
        assertFalse(client.isCompatible("articles-value", Article.getClassSchema()));
        assertTrue(client.isCompatible("articles-value", Article.getClassSchema()));
        assertTrue(client.isCompatible("new-value", Article.getClassSchema()), "a subject without versions accepts anything");
        assertEquals("/compatibility/subjects/articles-value/versions/latest", server.requests().get(0).rawPath());
    }

    @Test
    void subjectsAreEscapedInPaths() {
        server.otherwise(r -> Response.json(200, "{\"id\":1}"));
        client().register("odd topic/name-value", Article.getClassSchema());
        assertEquals("/subjects/odd%20topic%2Fname-value/versions", server.requests().get(0).rawPath());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static List<String> iterableToList(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
