package org.stancewatch.events.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.stancewatch.events.Actor;
import org.stancewatch.events.Article;

class InMemorySchemaRegistryClientTest {

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient("mock://unit");

    private static Schema articleWith(String extraField) {
        String json = Article.getClassSchema().toString();
        int end = json.lastIndexOf("]");
        return new Schema.Parser().parse(json.substring(0, end) + "," + extraField + json.substring(end));
    }

    @Test
    void sameSchemaKeepsItsIdAcrossSubjects() {
        int id = registry.register("articles-value", Article.getClassSchema());
        assertEquals(id, registry.register("articles-value", Article.getClassSchema()));
        assertEquals(id, registry.register("copy-value", Article.getClassSchema()));
        assertEquals(id + 1, registry.register("actors-value", Actor.getClassSchema()));
        assertEquals(Article.getClassSchema(), registry.getById(id));
        assertEquals(id, registry.lookupId("copy-value", Article.getClassSchema()));
    }

    @Test
    void compatibleVersionsAreNumberedAndLatestIsReturned() {
        registry.register("articles-value", Article.getClassSchema());
        Schema v2 = articleWith("{\"name\":\"tone\",\"type\":\"string\",\"default\":\"\"}");
        int v2Id = registry.register("articles-value", v2);
        RegisteredSchema latest = registry.getLatest("articles-value");
        assertEquals(new RegisteredSchema("articles-value", v2Id, 2, v2), latest);
    }

    @Test
    void incompatibleVersionIsRefusedWith409() {
        registry.register("articles-value", Article.getClassSchema());
        Schema noDefault = articleWith("{\"name\":\"tone\",\"type\":\"string\"}");
        assertFalse(registry.isCompatible("articles-value", noDefault));
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> registry.register("articles-value", noDefault));
        assertEquals(409, e.httpStatus());
        assertEquals(409, e.errorCode());
        assertEquals("articles-value", e.subject());
        assertTrue(e.getMessage().startsWith("Schema registry at mock://unit refused subject 'articles-value': HTTP 409, error 409: "
                + "Schema being registered is incompatible with an earlier schema"), e.getMessage());
        assertTrue(e.getMessage().contains("tone"), e.getMessage());
    }

    @Test
    void unknownSubjectSchemaAndIdGive404WithConfluentCodes() {
        SchemaRegistryException noSubject = assertThrows(SchemaRegistryException.class, () -> registry.getLatest("nope-value"));
        assertEquals(404, noSubject.httpStatus());
        assertEquals(SchemaRegistryException.SUBJECT_NOT_FOUND, noSubject.errorCode());

        registry.register("articles-value", Article.getClassSchema());
        SchemaRegistryException noSchema = assertThrows(SchemaRegistryException.class,
                () -> registry.lookupId("articles-value", Actor.getClassSchema()));
        assertEquals(SchemaRegistryException.SCHEMA_NOT_FOUND, noSchema.errorCode());

        SchemaRegistryException noId = assertThrows(SchemaRegistryException.class, () -> registry.getById(77));
        assertEquals(SchemaRegistryException.SCHEMA_NOT_FOUND, noId.errorCode());
        assertTrue(noId.getMessage().contains("schema id 77"), noId.getMessage());
    }

    @Test
    void emptySubjectAcceptsAnySchema() {
        assertTrue(registry.isCompatible("fresh-value", Actor.getClassSchema()));
    }

    @Test
    void mockUrlsShareOneRegistryPerScope() {
        SchemaRegistryClient a = SchemaRegistryClients.fromConfig(Map.of("schema.registry.url", "mock://scope-a"));
        SchemaRegistryClient a2 = SchemaRegistryClients.fromConfig(Map.of("schema.registry.url", "mock://scope-a"));
        SchemaRegistryClient b = SchemaRegistryClients.fromConfig(Map.of("schema.registry.url", "mock://scope-b"));
        try {
            assertSame(a, a2);
            assertNotSame(a, b);
            int id = a.register("articles-value", Article.getClassSchema());
            a.close(); // closing one user must not wipe the shared scope
            assertEquals(Article.getClassSchema(), a2.getById(id));
        } finally {
            SchemaRegistryClients.dropScope("scope-a");
            SchemaRegistryClients.dropScope("scope-b");
        }
        assertTrue(SchemaRegistryClients.fromConfig(Map.of("schema.registry.url", "http://localhost:8081")) instanceof HttpSchemaRegistryClient);
    }

    @Test
    void missingOrMixedUrlsAreConfigErrors() {
        ConfigException missing = assertThrows(ConfigException.class, () -> SchemaRegistryClients.fromConfig(Map.of()));
        assertTrue(missing.getMessage().contains("schema.registry.url"), missing.getMessage());
        assertThrows(ConfigException.class, () -> SchemaRegistryClients.fromConfig(Map.of("schema.registry.url", "mock://x,http://y:8081")));
        assertThrows(ConfigException.class, () -> SchemaRegistryClients.fromConfig(Map.of("schema.registry.url", "ftp://host")));
    }
}
