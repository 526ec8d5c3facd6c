package io.shipwatch.platform.errors;

/**
 * What the client should do about an error. Each kind maps to exactly one gRPC status code
 * (see {@code GrpcErrors}); domain code picks a kind, never a transport code.
 */
public enum ErrorKind {
    /** Fix the request. */
    INVALID_ARGUMENT,
    /** The addressed resource does not exist. */
    NOT_FOUND,
    /** The resource exists already. */
    ALREADY_EXISTS,
    /** Fix the state of the system first (e.g. an illegal state transition). */
    FAILED_PRECONDITION,
    /** Retry the read-modify-write (e.g. a revision conflict). */
    ABORTED,
    /** Authenticate. */
    UNAUTHENTICATED,
    /** The caller lacks the role. */
    PERMISSION_DENIED,
    /** Back off (limits, quotas, too many streams). */
    RESOURCE_EXHAUSTED,
    /** Retry later. */
    UNAVAILABLE,
    /** The deadline passed. */
    DEADLINE_EXCEEDED
}
