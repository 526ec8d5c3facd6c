package io.shipwatch.status.domain;

/**
 * The idempotency key of a write: the client's request_id, the operation, and a fingerprint
 * of the request payload and caller. {@link #NONE} when the client sent no request_id.
 */
public record IdempotencyKey(String requestId, String operation, byte[] fingerprint) {
    public static final IdempotencyKey NONE = new IdempotencyKey("", "", new byte[0]);

    public boolean isPresent() {
        return !requestId.isEmpty();
    }
}
