package org.stancewatch.events;

import java.util.List;
import java.util.stream.Collectors;

import org.apache.avro.Schema;
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

    private SchemaCompatibilityCheck() {
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
