package org.stancewatch.events.registry;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.types.Password;

/**
 * Schema registry client settings, with Confluent's key names so existing client configs work unchanged.
 * Kafka's {@link ConfigDef} parses and validates them (a bad value fails with the key and the reason).
 */
public class SchemaRegistryClientConfig extends AbstractConfig {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String MAX_RETRIES = "max.retries";
    public static final String RETRIES_WAIT_MS = "retries.wait.ms";
    public static final String RETRIES_MAX_WAIT_MS = "retries.max.wait.ms";
    public static final String HTTP_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final String HTTP_READ_TIMEOUT_MS = "http.read.timeout.ms";

    /** Credentials come from {@value #BASIC_AUTH_USER_INFO}. */
    public static final String CREDENTIALS_SOURCE_USER_INFO = "USER_INFO";
    /** Credentials come from the URL's user info ({@code http://user:password@host:8081}); the default. */
    public static final String CREDENTIALS_SOURCE_URL = "URL";

    /** {@code mock://<scope>} URLs select a shared in-memory registry (tests only). */
    public static final String MOCK_URL_PREFIX = "mock://";

    public SchemaRegistryClientConfig(Map<String, ?> props) {
        super(definition(), props, false);
    }

    protected SchemaRegistryClientConfig(ConfigDef definition, Map<String, ?> props) {
        super(definition, props, false);
    }

    /** The registry keys; serde configs add theirs to a copy of this. */
    public static ConfigDef definition() {
        return new ConfigDef()
                .define(SCHEMA_REGISTRY_URL, Type.LIST, List.of(), Importance.HIGH,
                        "Comma-separated registry URLs; the next one is tried when one cannot be reached. "
                                + "mock://<scope> selects a shared in-memory registry for tests.")
                .define(BASIC_AUTH_CREDENTIALS_SOURCE, Type.STRING, CREDENTIALS_SOURCE_URL,
                        ValidString.in(CREDENTIALS_SOURCE_URL, CREDENTIALS_SOURCE_USER_INFO), Importance.MEDIUM,
                        "Where HTTP Basic credentials come from: USER_INFO (basic.auth.user.info) or URL (user info in the URL).")
                .define(BASIC_AUTH_USER_INFO, Type.PASSWORD, null, Importance.MEDIUM,
                        "user:password for HTTP Basic auth when basic.auth.credentials.source=USER_INFO.")
                .define(MAX_RETRIES, Type.INT, 3, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Retries after an I/O error or a 5xx answer (never after a 4xx).")
                .define(RETRIES_WAIT_MS, Type.LONG, 200L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Wait before the first retry; doubled for each further retry.")
                .define(RETRIES_MAX_WAIT_MS, Type.LONG, 5_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Upper bound of the wait between retries.")
                .define(HTTP_CONNECT_TIMEOUT_MS, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Connect timeout per request.")
                .define(HTTP_READ_TIMEOUT_MS, Type.INT, 30_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Timeout for a whole request, from sending to the end of the answer.");
    }

    public List<String> urls() {
        return getList(SCHEMA_REGISTRY_URL).stream().map(String::trim).filter(u -> !u.isEmpty()).toList();
    }

    /** {@code user:password} from the configured source, or null when no credentials are configured. */
    public String basicAuthUserInfo() {
        if (CREDENTIALS_SOURCE_USER_INFO.equals(getString(BASIC_AUTH_CREDENTIALS_SOURCE))) {
            Password userInfo = getPassword(BASIC_AUTH_USER_INFO);
            if (userInfo == null || userInfo.value().isEmpty()) {
                throw new org.apache.kafka.common.config.ConfigException(BASIC_AUTH_USER_INFO, "(empty)",
                        "must be user:password when " + BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO");
            }
            return userInfo.value();
        }
        return null;
    }

    public int maxRetries() {
        return getInt(MAX_RETRIES);
    }

    public long retriesWaitMs() {
        return getLong(RETRIES_WAIT_MS);
    }

    public long retriesMaxWaitMs() {
        return getLong(RETRIES_MAX_WAIT_MS);
    }

    public int connectTimeoutMs() {
        return getInt(HTTP_CONNECT_TIMEOUT_MS);
    }

    public int readTimeoutMs() {
        return getInt(HTTP_READ_TIMEOUT_MS);
    }
}
