package org.stancewatch.events.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.stancewatch.events.SchemaCompatibilityCheck;

/**
 * A schema registry held in memory, <b>for tests only</b> ({@code TopologyTestDriver} and unit tests):
 * nothing is persisted or shared between processes. It behaves like a Confluent registry with the
 * default BACKWARD rule: ids are global and start at 1, an equal schema registered again (under any
 * subject) keeps its id, an incompatible new version is refused with HTTP 409, and unknown
 * subjects/schemas give 404 with error codes 40401/40403, all as {@link SchemaRegistryException}s
 * with the same messages as {@link HttpSchemaRegistryClient}.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    private final String address;
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<Schema, Integer> idsBySchema = new HashMap<>();
    private final Map<String, List<RegisteredSchema>> versionsBySubject = new HashMap<>();
    private int nextId = 1;

    public InMemorySchemaRegistryClient() {
        this("mock://in-memory");
    }

    /** @param address how this registry is named in error messages, e.g. {@code mock://test}. */
    public InMemorySchemaRegistryClient(String address) {
        this.address = address;
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<RegisteredSchema> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        for (RegisteredSchema existing : versions) {
            if (existing.schema().equals(schema)) {
                return existing.id();
            }
        }
        if (!versions.isEmpty()) {
            RegisteredSchema latest = versions.get(versions.size() - 1);
            SchemaCompatibilityCheck.Result result = SchemaCompatibilityCheck.backward(schema, latest.schema());
            if (!result.compatible()) {
                throw RegistryErrors.refused(address, subject, null, 409, SchemaRegistryException.INCOMPATIBLE_SCHEMA,
                        "Schema being registered is incompatible with an earlier schema for subject \""
                                + subject + "\", details: [" + result.describe() + "]");
            }
        }
        int id = idsBySchema.computeIfAbsent(schema, s -> nextId++);
        schemasById.putIfAbsent(id, schema);
        versions.add(new RegisteredSchema(subject, id, versions.size() + 1, schema));
        return id;
    }

    @Override
    public synchronized int lookupId(String subject, Schema schema) {
        for (RegisteredSchema existing : versionsOf(subject)) {
            if (existing.schema().equals(schema)) {
                return existing.id();
            }
        }
        throw RegistryErrors.refused(address, subject, null, 404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema not found");
    }

    @Override
    public synchronized Schema getById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw RegistryErrors.refused(address, null, id, 404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema getLatest(String subject) {
        List<RegisteredSchema> versions = versionsOf(subject);
        return versions.get(versions.size() - 1);
    }

    @Override
    public synchronized boolean isCompatible(String subject, Schema schema) {
        List<RegisteredSchema> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            return true;
        }
        return SchemaCompatibilityCheck.backward(schema, versions.get(versions.size() - 1).schema()).compatible();
    }

    /** Subjects with at least one version, for assertions in tests. */
    public synchronized List<String> subjects() {
        return versionsBySubject.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).sorted().toList();
    }

    @Override
    public void close() {
        // Nothing to release; shared per-scope instances must keep their schemas (see SchemaRegistryClients).
    }

    @Override
    public String toString() {
        return "InMemorySchemaRegistryClient[" + address + "]";
    }

    private List<RegisteredSchema> versionsOf(String subject) {
        List<RegisteredSchema> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw RegistryErrors.refused(address, subject, null, 404, SchemaRegistryException.SUBJECT_NOT_FOUND,
                    "Subject '" + subject + "' not found.");
        }
        return versions;
    }
}
