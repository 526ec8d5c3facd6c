package io.shipwatch.platform.errors;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one exception type domain code throws for an expected failure. It carries what the
 * client needs (a kind, a machine-readable reason, metadata, field violations) and nothing
 * about transport, so domain classes stay free of gRPC types. The message is safe to show
 * to clients: never put SQL, stack traces or secrets in it.
 */
public class ServiceException extends RuntimeException {
    private final ErrorKind kind;
    private final String reason;
    private final Map<String, String> metadata;
    private final List<FieldViolation> violations;
    private final Duration retryDelay;

    public ServiceException(ErrorKind kind, String reason, String message,
                            Map<String, String> metadata, List<FieldViolation> violations) {
        this(kind, reason, message, metadata, violations, null);
    }

    private ServiceException(ErrorKind kind, String reason, String message,
                             Map<String, String> metadata, List<FieldViolation> violations, Duration retryDelay) {
        super(message, null, false, false);
        this.retryDelay = retryDelay;
        this.kind = Objects.requireNonNull(kind, "kind");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.metadata = Map.copyOf(metadata);
        this.violations = List.copyOf(violations);
    }

    public static ServiceException invalidArgument(List<FieldViolation> violations) {
        String summary = violations.size() == 1
                ? violations.get(0).field() + ": " + violations.get(0).description()
                : violations.size() + " fields are invalid";
        return new ServiceException(ErrorKind.INVALID_ARGUMENT, "INVALID_ARGUMENT",
                "invalid request: " + summary, Map.of(), violations);
    }

    public static ServiceException invalidArgument(String field, String description) {
        return invalidArgument(List.of(new FieldViolation(field, description)));
    }

    public static ServiceException notFound(String reason, String message, Map<String, String> metadata) {
        return new ServiceException(ErrorKind.NOT_FOUND, reason, message, metadata, List.of());
    }

    public static ServiceException failedPrecondition(String reason, String message, Map<String, String> metadata) {
        return new ServiceException(ErrorKind.FAILED_PRECONDITION, reason, message, metadata, List.of());
    }

    public static ServiceException aborted(String reason, String message, Map<String, String> metadata) {
        return new ServiceException(ErrorKind.ABORTED, reason, message, metadata, List.of());
    }

    /** RESOURCE_EXHAUSTED with google.rpc.RetryInfo telling the client when to try again. */
    public static ServiceException exhausted(String reason, String message, Duration retryDelay) {
        return new ServiceException(ErrorKind.RESOURCE_EXHAUSTED, reason, message, Map.of(), List.of(),
                Objects.requireNonNull(retryDelay, "retryDelay"));
    }

    public static ServiceException of(ErrorKind kind, String reason, String message) {
        return new ServiceException(kind, reason, message, Map.of(), List.of());
    }

    public ErrorKind kind() {
        return kind;
    }

    public String reason() {
        return reason;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public List<FieldViolation> violations() {
        return violations;
    }

    /** When the client should retry (sent as RetryInfo), or null. */
    public Duration retryDelay() {
        return retryDelay;
    }
}
