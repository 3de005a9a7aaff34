package org.stancewatch.events.registry;

/**
 * The registry refused a request or could not be reached. {@link #httpStatus()} and {@link #errorCode()}
 * are the registry's answer ({@value #NO_STATUS} when there was none, e.g. connection refused).
 */
public class SchemaRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Status/code used when no HTTP answer was received. */
    public static final int NO_STATUS = -1;

    // Error codes of the Confluent REST protocol (also used by Apicurio ccompat, Karapace, Redpanda).
    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;

    private final String subject;
    private final int httpStatus;
    private final int errorCode;
    private final String registryMessage;

    public SchemaRegistryException(String message, String subject, int httpStatus, int errorCode,
                                   String registryMessage, Throwable cause) {
        super(message, cause);
        this.subject = subject;
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.registryMessage = registryMessage;
    }

    /** The subject the request was about; null for requests by schema id. */
    public String subject() {
        return subject;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The registry's {@code error_code} (e.g. 40403), or the HTTP status when the body had none. */
    public int errorCode() {
        return errorCode;
    }

    /** The registry's {@code message}, or a description of the I/O failure. */
    public String registryMessage() {
        return registryMessage;
    }

    /** True when the registry was unreachable or failed (I/O error, 5xx): worth retrying later, not a bad request. */
    public boolean isUnavailable() {
        return httpStatus == NO_STATUS || httpStatus >= 500;
    }

    /** True for 404 answers (unknown subject, version or schema). */
    public boolean isNotFound() {
        return httpStatus == 404;
    }
}
