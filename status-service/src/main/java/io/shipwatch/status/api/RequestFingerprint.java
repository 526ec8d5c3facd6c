package io.shipwatch.status.api;

import com.google.protobuf.Message;
import io.shipwatch.platform.grpc.RequestFingerprints;
import io.shipwatch.status.domain.IdempotencyKey;

/** The idempotency key of a request: its request_id bound to the platform's request fingerprint. */
final class RequestFingerprint {
    private RequestFingerprint() {
    }

    static IdempotencyKey of(String requestId, String operation, String subject, Message requestWithoutId) {
        if (requestId.isEmpty()) {
            return IdempotencyKey.NONE;
        }
        return new IdempotencyKey(requestId, operation, RequestFingerprints.of(operation, subject, requestWithoutId));
    }
}
