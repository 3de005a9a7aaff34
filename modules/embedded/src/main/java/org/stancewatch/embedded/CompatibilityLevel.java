package org.stancewatch.embedded;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/** Confluent's compatibility levels, checked with Avro's own reader/writer rules. */
enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    /** New schema must read data written with the old ones. */
    private final boolean backward;
    /** Old schemas must read data written with the new one. */
    private final boolean forward;
    /** Against every earlier version rather than only the latest. */
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    static CompatibilityLevel parse(String text) {
        if (text == null) {
            throw RegistryException.invalidCompatibilityLevel("null");
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RegistryException.invalidCompatibilityLevel(text);
        }
    }

    static List<String> names() {
        return Arrays.stream(values()).map(Enum::name).toList();
    }

    boolean transitive() {
        return transitive;
    }

    /**
     * Checks {@code candidate} against earlier versions (newest first); the non-transitive levels
     * only look at the first one.
     *
     * @return why the candidate is incompatible; empty when it is compatible
     */
    List<String> incompatibilities(Schema candidate, List<VersionedSchema> earlierNewestFirst) {
        List<String> messages = new ArrayList<>();
        List<VersionedSchema> toCheck = transitive || earlierNewestFirst.isEmpty()
                ? earlierNewestFirst : earlierNewestFirst.subList(0, 1);
        for (VersionedSchema earlier : toCheck) {
            if (backward) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, earlier.schema()).getResult(),
                        "the new schema cannot read data written with version " + earlier.version(), messages);
            }
            if (forward) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(earlier.schema(), candidate).getResult(),
                        "version " + earlier.version() + " cannot read data written with the new schema", messages);
            }
        }
        return messages;
    }

    private void describe(SchemaCompatibilityResult result, String direction, List<String> messages) {
        if (result.getCompatibility() != SchemaCompatibilityType.INCOMPATIBLE) {
            return;
        }
        for (Incompatibility incompatibility : result.getIncompatibilities()) {
            messages.add(String.format("{errorType:'%s', description:'%s (%s): %s', location:'%s'}",
                    incompatibility.getType(), direction, name(), incompatibility.getMessage(),
                    incompatibility.getLocation()));
        }
    }

    /** A parsed schema and the subject version it was registered as. */
    record VersionedSchema(int version, Schema schema) {
    }
}
