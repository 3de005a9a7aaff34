package org.stancewatch.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fails the build when a schema in schemas/ can no longer read data written with its latest released version. */
class SchemaCompatibilityGuardTest {

    private static final Path SCHEMAS = Path.of(System.getProperty("stancewatch.schemas.dir", "../../schemas"));

    @Test
    void everyCurrentSchemaReadsItsLatestReleasedVersion() throws IOException {
        List<SchemaCompatibilityCheck.Violation> violations = SchemaCompatibilityCheck.checkReleased(SCHEMAS);
        assertTrue(violations.isEmpty(), () -> "Schema changes that break BACKWARD compatibility with the released versions "
                + "(add defaults to new fields, keep removed fields' names as aliases, or release a new topic):\n  "
                + violations.stream().map(SchemaCompatibilityCheck.Violation::describe).collect(Collectors.joining("\n  ")));
        // The guard must actually have something to guard: every generated event has a released version.
        try (var files = Files.list(SCHEMAS)) {
            List<String> unreleased = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".avsc"))
                    .map(n -> n.substring(0, n.length() - ".avsc".length()))
                    .filter(n -> SchemaCompatibilityCheck.latestReleased(SCHEMAS, n).isEmpty())
                    .toList();
            assertEquals(List.of(), unreleased, "schemas without a released/<Name>/v1.avsc");
        }
    }

    @Test
    void catchesANewFieldWithoutDefault(@TempDir Path dir) throws IOException {
        write(dir.resolve("released/Thing/v1.avsc"), thing(""));
        write(dir.resolve("Thing.avsc"), thing(",{\"name\":\"colour\",\"type\":\"string\"}"));

        List<SchemaCompatibilityCheck.Violation> violations = SchemaCompatibilityCheck.checkReleased(dir);

        assertEquals(1, violations.size(), violations.toString());
        String message = violations.get(0).describe();
        assertTrue(message.startsWith("Thing: Thing.avsc cannot read data written with Thing/v1.avsc: READER_FIELD_MISSING_DEFAULT"), message);
        assertTrue(message.contains("colour"), message);
    }

    @Test
    void acceptsANewFieldWithDefault(@TempDir Path dir) throws IOException {
        write(dir.resolve("released/Thing/v1.avsc"), thing(""));
        write(dir.resolve("Thing.avsc"), thing(",{\"name\":\"colour\",\"type\":\"string\",\"default\":\"red\"}"));
        assertEquals(List.of(), SchemaCompatibilityCheck.checkReleased(dir));
    }

    @Test
    void comparesWithTheHighestVersionNumerically(@TempDir Path dir) throws IOException {
        // v9 lacks 'colour', v10 has it without default: only v10 matters, and it is compatible with the current schema.
        String withColour = thing(",{\"name\":\"colour\",\"type\":\"string\"}");
        write(dir.resolve("released/Thing/v9.avsc"), thing(""));
        write(dir.resolve("released/Thing/v10.avsc"), withColour);
        write(dir.resolve("Thing.avsc"), withColour);
        assertEquals(Optional.of(dir.resolve("released/Thing/v10.avsc")), SchemaCompatibilityCheck.latestReleased(dir, "Thing"));
        assertEquals(List.of(), SchemaCompatibilityCheck.checkReleased(dir));
    }

    @Test
    void catchesATypeChangeAndARemovedSchema(@TempDir Path dir) throws IOException {
        write(dir.resolve("released/Thing/v1.avsc"), thing(""));
        write(dir.resolve("Thing.avsc"), thing("").replace("\"type\":\"long\"", "\"type\":\"int\""));
        write(dir.resolve("released/Gone/v1.avsc"), thing(""));

        List<String> problems = SchemaCompatibilityCheck.checkReleased(dir).stream().map(SchemaCompatibilityCheck.Violation::describe).toList();

        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("TYPE_MISMATCH") && problems.get(0).contains("/fields/1/type"), problems.get(0));
        assertTrue(problems.get(1).startsWith("Gone: ") && problems.get(1).contains("Gone.avsc was removed"), problems.get(1));
    }

    @Test
    void reportsAnUnparseableSchemaByName(@TempDir Path dir) throws IOException {
        write(dir.resolve("released/Thing/v1.avsc"), thing(""));
        write(dir.resolve("Thing.avsc"), "{\"type\":\"record\",\"name\":\"Thing\",\"fields\":[{\"name\":\"x\",\"type\":\"nosuchtype\"}]}");
        List<SchemaCompatibilityCheck.Violation> violations = SchemaCompatibilityCheck.checkReleased(dir);
        assertEquals(1, violations.size());
        assertTrue(violations.get(0).describe().contains("cannot parse") && violations.get(0).describe().contains("nosuchtype"),
                violations.get(0).describe());
    }

    private static String thing(String extraFields) {
        return "{\"type\":\"record\",\"name\":\"Thing\",\"namespace\":\"t\",\"fields\":["
                + "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"size\",\"type\":\"long\"}" + extraFields + "]}";
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
