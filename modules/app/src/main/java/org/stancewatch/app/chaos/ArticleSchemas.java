package org.stancewatch.app.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;
import org.stancewatch.events.Article;

/**
 * Variants of the {@code Article} schema as another team's producer would write them: the compatible v2
 * (one new optional field) and incompatible changes the registry must refuse.
 */
public final class ArticleSchemas {

    /** The field v2 adds; v1 readers skip it. */
    public static final String V2_FIELD = "section";

    private ArticleSchemas() {
    }

    public static Schema v1() {
        return Article.getClassSchema();
    }

    /** v1 plus {@code section: ["null","string"] = null}: BACKWARD and FORWARD compatible. */
    public static Schema v2WithOptionalSection() {
        return withFields(fields -> {
            fields.add(new Field(V2_FIELD, Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                    "Newspaper section (added in v2).", JsonProperties.NULL_VALUE));
            return fields;
        });
    }

    /** v1 plus a required {@code wordCount: int} without a default: v2 readers could not read v1 data. */
    public static Schema requiredFieldWithoutDefault() {
        return withFields(fields -> {
            fields.add(new Field("wordCount", Schema.create(Schema.Type.INT), "Required, no default.", (Object) null));
            return fields;
        });
    }

    /** v1 with {@code body} changed from string to int. */
    public static Schema bodyAsInt() {
        return withFields(fields -> {
            fields.replaceAll(f -> f.name().equals("body")
                    ? new Field("body", Schema.create(Schema.Type.INT), f.doc(), (Object) null) : f);
            return fields;
        });
    }

    private static Schema withFields(UnaryOperator<List<Field>> change) {
        Schema v1 = v1();
        List<Field> fields = new ArrayList<>();
        for (Field f : v1.getFields()) {
            fields.add(new Field(f, f.schema())); // a Field belongs to one record: copy it
        }
        return Schema.createRecord(v1.getName(), v1.getDoc(), v1.getNamespace(), false, change.apply(fields));
    }
}
