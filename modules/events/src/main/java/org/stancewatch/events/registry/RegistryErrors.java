package org.stancewatch.events.registry;

/** Builds {@link SchemaRegistryException}s with one message format for both clients. */
final class RegistryErrors {

    private RegistryErrors() {
    }

    /** What a request was about, for messages: {@code subject 'articles-value'} or {@code schema id 7}. */
    static String target(String subject, Integer id) {
        return subject != null ? "subject '" + subject + "'" : "schema id " + id;
    }

    static SchemaRegistryException refused(String registry, String subject, Integer id,
                                           int httpStatus, int errorCode, String registryMessage) {
        String message = "Schema registry at " + registry + " refused " + target(subject, id)
                + ": HTTP " + httpStatus + ", error " + errorCode + ": " + registryMessage;
        return new SchemaRegistryException(message, subject, httpStatus, errorCode, registryMessage, null);
    }

    static SchemaRegistryException unreachable(String registry, String subject, Integer id, int attempts, Throwable cause) {
        String what = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        String message = "Schema registry at " + registry + " unreachable for " + target(subject, id)
                + " after " + attempts + " attempt(s): " + what;
        return new SchemaRegistryException(message, subject, SchemaRegistryException.NO_STATUS,
                SchemaRegistryException.NO_STATUS, what, cause);
    }
}
