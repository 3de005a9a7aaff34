package org.stancewatch.events.registry;

import org.apache.avro.Schema;

/** One version of a subject: its global {@code id}, its per-subject {@code version} and the schema. */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {
}
