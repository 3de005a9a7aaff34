package org.stancewatch.events.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.config.ConfigException;

/** Creates a registry client from Confluent-style config. */
public final class SchemaRegistryClients {

    private static final Map<String, InMemorySchemaRegistryClient> MOCK_SCOPES = new ConcurrentHashMap<>();

    private SchemaRegistryClients() {
    }

    /**
     * {@code schema.registry.url=mock://<scope>} gives the in-memory registry shared by everything
     * configured with that scope in this JVM (like Confluent's {@code MockSchemaRegistry}), so a test's
     * producer side and a topology's serdes see the same schemas; any other URL list gives an
     * {@link HttpSchemaRegistryClient}.
     */
    public static SchemaRegistryClient fromConfig(Map<String, ?> config) {
        SchemaRegistryClientConfig parsed = new SchemaRegistryClientConfig(config);
        List<String> urls = parsed.urls();
        if (urls.isEmpty()) {
            throw new ConfigException(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL, config.get(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL),
                    "is required: the URL of a Confluent-compatible schema registry, e.g. http://localhost:8081");
        }
        String scope = scopeOf(urls);
        if (scope != null) {
            return mockScope(scope);
        }
        return new HttpSchemaRegistryClient(parsed);
    }

    /** The shared in-memory registry of {@code mock://<scope>}, created if needed. */
    public static InMemorySchemaRegistryClient mockScope(String scope) {
        return MOCK_SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistryClient(SchemaRegistryClientConfig.MOCK_URL_PREFIX + s));
    }

    /** Forgets the in-memory registry of {@code mock://<scope>} (call it when a test ends). */
    public static void dropScope(String scope) {
        MOCK_SCOPES.remove(scope);
    }

    private static String scopeOf(List<String> urls) {
        boolean anyMock = urls.stream().anyMatch(u -> u.startsWith(SchemaRegistryClientConfig.MOCK_URL_PREFIX));
        if (!anyMock) {
            return null;
        }
        if (urls.size() > 1) {
            throw new ConfigException(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL, String.join(",", urls),
                    "a mock:// URL cannot be combined with other URLs");
        }
        String scope = urls.get(0).substring(SchemaRegistryClientConfig.MOCK_URL_PREFIX.length());
        if (scope.isEmpty()) {
            throw new ConfigException(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL, urls.get(0), "mock:// needs a scope name, e.g. mock://my-test");
        }
        return scope;
    }
}
