package org.stancewatch.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Talks to the registry over real HTTP, as a Confluent client would; one cluster for the class. */
class EmbeddedSchemaRegistryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String V1 = """
            {"type":"record","name":"Article","namespace":"t","fields":[{"name":"id","type":"string"}]}""";
    /** Adds a field with a default: BACKWARD compatible with V1. */
    private static final String V2 = """
            {"type":"record","name":"Article","namespace":"t","fields":[{"name":"id","type":"string"},
             {"name":"title","type":"string","default":""}]}""";
    /** Adds a field without a default: not BACKWARD compatible with V1. */
    private static final String V2_NO_DEFAULT = """
            {"type":"record","name":"Article","namespace":"t","fields":[{"name":"id","type":"string"},
             {"name":"outlet","type":"string"}]}""";

    @TempDir
    static Path dataDir;
    private static EmbeddedCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedCluster.start(dataDir, 0, 0);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void registersLooksUpAndReusesIds() throws Exception {
        Response first = post("/subjects/reuse-value/versions", schemaBody(V1));
        assertEquals(200, first.status(), first.body().toString());
        int id = first.body().get("id").asInt();
        assertTrue(id > 0);
        assertEquals(id, post("/subjects/reuse-value/versions", schemaBody(V1)).body().get("id").asInt(),
                "registering the same schema again returns its id");
        assertEquals(id, post("/subjects/reuse-other-value/versions", schemaBody(V1)).body().get("id").asInt(),
                "ids are global: the same schema under another subject shares the id");

        Response lookup = post("/subjects/reuse-value", schemaBody(V1));
        assertEquals(200, lookup.status());
        assertEquals("reuse-value", lookup.body().get("subject").asText());
        assertEquals(1, lookup.body().get("version").asInt());
        assertEquals(id, lookup.body().get("id").asInt());
        assertEquals(new Schema.Parser().parse(V1), new Schema.Parser().parse(lookup.body().get("schema").asText()));

        int id2 = post("/subjects/reuse-value/versions", schemaBody(V2)).body().get("id").asInt();
        assertNotEquals(id, id2);
        Response latest = get("/subjects/reuse-value/versions/latest");
        assertEquals(2, latest.body().get("version").asInt());
        assertEquals(id2, latest.body().get("id").asInt());
        assertEquals(List.of(1, 2), JSON.convertValue(get("/subjects/reuse-value/versions").body(), List.class));
        assertEquals(new Schema.Parser().parse(V2),
                new Schema.Parser().parse(get("/subjects/reuse-value/versions/2/schema").body().toString()));
        assertEquals(new Schema.Parser().parse(V1),
                new Schema.Parser().parse(get("/schemas/ids/" + id).body().get("schema").asText()));
        assertEquals(new Schema.Parser().parse(V1),
                new Schema.Parser().parse(get("/schemas/ids/" + id + "/schema").body().toString()));
        assertTrue(get("/subjects").body().toString().contains("\"reuse-value\""));
        assertEquals("[\"AVRO\"]", get("/schemas/types").body().toString());
        assertEquals("{}", get("/").body().toString());
    }

    @Test
    void reportsConfluentErrorCodes() throws Exception {
        assertError(get("/subjects/missing-value/versions/latest"), 404, 40401);
        assertError(post("/subjects/missing-value", schemaBody(V1)), 404, 40401);
        assertEquals(200, post("/subjects/errors-value/versions", schemaBody(V1)).status());
        assertError(post("/subjects/errors-value", schemaBody(V2)), 404, 40403);
        assertError(get("/subjects/errors-value/versions/7"), 404, 40402);
        assertError(get("/subjects/errors-value/versions/zero"), 422, 42202);
        assertError(get("/schemas/ids/99999"), 404, 40403);

        Response unparseable = post("/subjects/errors-value/versions", schemaBody("{\"type\":\"record\""));
        assertError(unparseable, 422, 42201);
        Response undefinedType = post("/subjects/errors-value/versions", schemaBody("\"strin\""));
        assertError(undefinedType, 422, 42201);
        assertTrue(undefinedType.body().get("message").asText().contains("not defined"), undefinedType.body().toString());
        Response protobuf = post("/subjects/errors-value/versions",
                Map.of("schema", "syntax = \"proto3\";", "schemaType", "PROTOBUF"));
        assertError(protobuf, 422, 42201);
        assertTrue(protobuf.body().get("message").asText().contains("PROTOBUF"), protobuf.body().toString());

        assertError(put("/config/errors-value", Map.of("compatibility", "SIDEWAYS")), 422, 42203);
        assertError(get("/config/errors-value"), 404, 40408);
        assertEquals("BACKWARD", get("/config/errors-value?defaultToGlobal=true").body()
                .get("compatibilityLevel").asText());
    }

    @Test
    void rejectsIncompatibleSchemaUnlessSubjectLevelIsNone() throws Exception {
        assertEquals("BACKWARD", get("/config").body().get("compatibilityLevel").asText());
        post("/subjects/compat-value/versions", schemaBody(V1));

        Response check = post("/compatibility/subjects/compat-value/versions/latest?verbose=true",
                schemaBody(V2_NO_DEFAULT));
        assertFalse(check.body().get("is_compatible").asBoolean());
        assertTrue(check.body().get("messages").toString().contains("outlet"), check.body().toString());
        assertTrue(post("/compatibility/subjects/compat-value/versions/latest", schemaBody(V2))
                .body().get("is_compatible").asBoolean());

        Response rejected = post("/subjects/compat-value/versions", schemaBody(V2_NO_DEFAULT));
        assertError(rejected, 409, 409);
        assertTrue(rejected.body().get("message").asText().contains("compat-value"), rejected.body().toString());

        Response setNone = put("/config/compat-value", Map.of("compatibility", "NONE"));
        assertEquals("NONE", setNone.body().get("compatibility").asText());
        assertEquals("NONE", get("/config/compat-value").body().get("compatibilityLevel").asText());
        assertEquals("BACKWARD", get("/config").body().get("compatibilityLevel").asText(),
                "a subject's level leaves the global level alone");
        Response accepted = post("/subjects/compat-value/versions", schemaBody(V2_NO_DEFAULT));
        assertEquals(200, accepted.status(), accepted.body().toString());
        assertEquals(2, get("/subjects/compat-value/versions/latest").body().get("version").asInt());
    }

    @Test
    void softDeleteHidesSubjectButKeepsIds() throws Exception {
        int id = post("/subjects/deleted-value/versions", schemaBody(V1)).body().get("id").asInt();
        assertEquals("[1]", delete("/subjects/deleted-value").body().toString());
        assertError(get("/subjects/deleted-value/versions"), 404, 40401);
        assertFalse(get("/subjects").body().toString().contains("\"deleted-value\""));
        assertEquals(200, get("/schemas/ids/" + id).status(), "ids stay resolvable for old messages");
    }

    @Test
    void keepsIdsVersionsAndConfigAcrossRestart() throws Exception {
        String subject = "restart-value";
        int id1 = post("/subjects/" + subject + "/versions", schemaBody(V1)).body().get("id").asInt();
        int id2 = post("/subjects/" + subject + "/versions", schemaBody(V2)).body().get("id").asInt();
        put("/config/" + subject, Map.of("compatibility", "FULL"));
        String oldUrl = cluster.registryUrl();

        cluster.close();
        cluster = EmbeddedCluster.start(dataDir, 0, 0);

        assertEquals(new Schema.Parser().parse(V2),
                new Schema.Parser().parse(get("/schemas/ids/" + id2).body().get("schema").asText()),
                "schema ids resolve after a restart (registry was " + oldUrl + ")");
        assertEquals(id1, post("/subjects/" + subject + "/versions", schemaBody(V1)).body().get("id").asInt());
        Response latest = get("/subjects/" + subject + "/versions/latest");
        assertEquals(2, latest.body().get("version").asInt());
        assertEquals(id2, latest.body().get("id").asInt());
        assertEquals("FULL", get("/config/" + subject).body().get("compatibilityLevel").asText());

        String v3 = V2.replace("\"default\":\"\"}", "\"default\":\"\"}, {\"name\":\"lang\",\"type\":\"string\",\"default\":\"en\"}");
        Response fresh = post("/subjects/" + subject + "/versions", schemaBody(v3));
        assertEquals(200, fresh.status(), fresh.body().toString());
        int id3 = fresh.body().get("id").asInt();
        assertTrue(id3 > Math.max(id1, id2), "a new schema after restart gets a fresh id, got " + id3);
        assertEquals(3, get("/subjects/" + subject + "/versions/latest").body().get("version").asInt());
    }

    // ---- HTTP helpers ----

    private record Response(int status, JsonNode body) {
    }

    private static Map<String, String> schemaBody(String schema) {
        return Map.of("schema", schema);
    }

    private static void assertError(Response response, int status, int errorCode) {
        assertEquals(status, response.status(), response.body().toString());
        assertEquals(errorCode, response.body().get("error_code").asInt(), response.body().toString());
        assertFalse(response.body().get("message").asText().isBlank());
    }

    private static Response get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    private static Response delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    private static Response post(String path, Object body) throws IOException, InterruptedException {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    }

    private static Response put(String path, Object body) throws IOException, InterruptedException {
        return send(request(path).PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(cluster.registryUrl() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .header("Accept", "application/vnd.schemaregistry.v1+json");
    }

    private static Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("application/vnd.schemaregistry.v1+json",
                response.headers().firstValue("Content-Type").orElse(""));
        return new Response(response.statusCode(), JSON.readTree(response.body()));
    }
}
