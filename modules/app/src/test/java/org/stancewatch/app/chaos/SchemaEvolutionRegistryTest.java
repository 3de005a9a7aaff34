package org.stancewatch.app.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stancewatch.embedded.EmbeddedCluster;
import org.stancewatch.events.registry.HttpSchemaRegistryClient;
import org.stancewatch.events.registry.SchemaRegistryException;

/** The registry (embedded, default BACKWARD) takes a compatible v2 Article and refuses breaking changes, saying why. */
class SchemaEvolutionRegistryTest {

    private static final String SUBJECT = "articles-value";

    @TempDir
    static Path dataDir;
    static EmbeddedCluster cluster;
    static HttpSchemaRegistryClient registry;

    @BeforeAll
    static void start() {
        cluster = EmbeddedCluster.start(dataDir, 0, 0);
        registry = new HttpSchemaRegistryClient(cluster.registryUrl());
    }

    @AfterAll
    static void stop() {
        registry.close();
        cluster.close();
    }

    @Test
    void optionalFieldIsAcceptedAsNewVersionAndOldReadersStillWork() {
        int v1 = registry.register(SUBJECT, ArticleSchemas.v1());
        int v2 = registry.register(SUBJECT, ArticleSchemas.v2WithOptionalSection());
        assertNotEquals(v1, v2, "v2 is a new schema, so it gets its own id");
        assertEquals(v2, registry.getLatest(SUBJECT).id());
        assertEquals(ArticleSchemas.v2WithOptionalSection(), registry.getById(v2));
        assertEquals(v1, registry.register(SUBJECT, ArticleSchemas.v1()), "re-registering v1 finds its id");
    }

    @Test
    void requiredFieldWithoutDefaultIsRefusedNamingSubjectAndReason() {
        registry.register(SUBJECT, ArticleSchemas.v1());
        assertRefused(ArticleSchemas.requiredFieldWithoutDefault(), "READER_FIELD_MISSING_DEFAULT_VALUE", "wordCount");
    }

    @Test
    void changedFieldTypeIsRefusedNamingSubjectAndReason() {
        registry.register(SUBJECT, ArticleSchemas.v1());
        // Avro locates a type mismatch by position: body is field 2.
        assertRefused(ArticleSchemas.bodyAsInt(), "TYPE_MISMATCH", "/fields/2/type");
    }

    private static void assertRefused(Schema incompatible, String reason, String where) {
        assertTrue(!registry.isCompatible(SUBJECT, incompatible), "the compatibility check must say no first");
        SchemaRegistryException refused = assertThrows(SchemaRegistryException.class,
                () -> registry.register(SUBJECT, incompatible));
        assertEquals(SchemaRegistryException.INCOMPATIBLE_SCHEMA, refused.errorCode());
        String message = refused.getMessage();
        assertTrue(message.contains(SUBJECT), () -> "message names the subject: " + message);
        assertTrue(message.contains(reason), () -> "message names the reason " + reason + ": " + message);
        assertTrue(message.contains(where), () -> "message says where: " + where + ": " + message);
    }
}
