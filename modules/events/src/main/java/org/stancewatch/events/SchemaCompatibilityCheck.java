package org.stancewatch.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.avro.Schema;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * BACKWARD compatibility (a consumer on the new schema can read data written with the old one),
 * the Schema Registry's default rule, checked with Avro's own {@link SchemaCompatibility}.
 */
public final class SchemaCompatibilityCheck {

    /** Outcome of one check; {@link #incompatibilities()} is empty when compatible. */
    public record Result(boolean compatible, List<String> incompatibilities) {
        /** One line per problem, e.g. {@code READER_FIELD_MISSING_DEFAULT at /fields/11: reader field 'x' has no default}. */
        public String describe() {
            return compatible ? "compatible" : String.join("; ", incompatibilities);
        }
    }

    /** A current schema that cannot read its latest released version (or a schema file that cannot be parsed). */
    public record Violation(String schemaName, Path current, Path released, String problem) {
        public String describe() {
            return schemaName + ": " + current.getFileName() + " cannot read data written with "
                    + (released == null ? "its released versions" : released.getParent().getFileName() + "/" + released.getFileName())
                    + ": " + problem;
        }
    }

    private static final Pattern RELEASED_VERSION = Pattern.compile("v(\\d+)\\.avsc");

    private SchemaCompatibilityCheck() {
    }

    /**
     * Checks every {@code <dir>/<Name>.avsc} against the highest {@code <dir>/released/<Name>/vN.avsc}
     * (BACKWARD: the current schema must read data written with the released one). A released directory
     * without a current schema is a violation too: its consumers would lose the type.
     */
    public static List<Violation> checkReleased(Path schemasDir) {
        List<Violation> violations = new ArrayList<>();
        for (Path current : list(schemasDir, "*.avsc")) {
            String name = current.getFileName().toString().replaceFirst("\\.avsc$", "");
            Optional<Path> released = latestReleased(schemasDir, name);
            if (released.isEmpty()) {
                continue; // never released: nothing to stay compatible with yet
            }
            try {
                Result result = backward(parse(current), parse(released.get()));
                if (!result.compatible()) {
                    violations.add(new Violation(name, current, released.get(), result.describe()));
                }
            } catch (AvroRuntimeException e) { // SchemaParseException, AvroTypeException (unknown type name)
                violations.add(new Violation(name, current, released.get(), "cannot parse: " + e.getMessage()));
            }
        }
        Path releasedDir = schemasDir.resolve("released");
        if (Files.isDirectory(releasedDir)) {
            for (Path dir : list(releasedDir, "*")) {
                String name = dir.getFileName().toString();
                if (Files.isDirectory(dir) && !Files.exists(schemasDir.resolve(name + ".avsc"))) {
                    violations.add(new Violation(name, schemasDir.resolve(name + ".avsc"), null,
                            "released/" + name + " exists but " + name + ".avsc was removed"));
                }
            }
        }
        return violations;
    }

    /** The released version of {@code name} with the highest N (numerically: v10 after v9), if any. */
    public static Optional<Path> latestReleased(Path schemasDir, String name) {
        Path dir = schemasDir.resolve("released").resolve(name);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        return list(dir, "v*.avsc").stream()
                .filter(p -> RELEASED_VERSION.matcher(p.getFileName().toString()).matches())
                .max(Comparator.comparingInt(SchemaCompatibilityCheck::versionOf));
    }

    private static int versionOf(Path released) {
        Matcher m = RELEASED_VERSION.matcher(released.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a released schema file name (vN.avsc): " + released);
        }
        return Integer.parseInt(m.group(1));
    }

    /** Parses one self-contained .avsc file. */
    public static Schema parse(Path avsc) {
        try {
            return new Schema.Parser().parse(avsc.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema file " + avsc, e);
        }
    }

    private static List<Path> list(Path dir, String glob) {
        List<Path> found = new ArrayList<>();
        try (var stream = Files.newDirectoryStream(dir, glob)) {
            stream.forEach(found::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list schema directory " + dir, e);
        }
        found.sort(Comparator.naturalOrder());
        return found;
    }

    /** Can {@code newReader} read everything written with {@code oldWriter}? */
    public static Result backward(Schema newReader, Schema oldWriter) {
        SchemaPairCompatibility pair = SchemaCompatibility.checkReaderWriterCompatibility(newReader, oldWriter);
        if (pair.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return new Result(true, List.of());
        }
        List<String> problems = pair.getResult().getIncompatibilities().stream()
                .map(SchemaCompatibilityCheck::describe)
                .collect(Collectors.toList());
        return new Result(false, List.copyOf(problems));
    }

    private static String describe(Incompatibility incompatibility) {
        return incompatibility.getType() + " at " + incompatibility.getLocation() + ": " + incompatibility.getMessage();
    }
}
