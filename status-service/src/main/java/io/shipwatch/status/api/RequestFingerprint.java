package io.shipwatch.status.api;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import io.shipwatch.status.domain.IdempotencyKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The idempotency key of a request: SHA-256 over the operation, the caller and the request
 * without its request_id, deterministically serialised (map order does not matter). The same
 * key from another caller or with another payload is therefore a reuse, not a replay.
 */
final class RequestFingerprint {
    private RequestFingerprint() {
    }

    static IdempotencyKey of(String requestId, String operation, String subject, Message requestWithoutId) {
        if (requestId.isEmpty()) {
            return IdempotencyKey.NONE;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(operation.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(subject.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.useDeterministicSerialization();
            requestWithoutId.writeTo(out);
            out.flush();
            sha.update(bytes.toByteArray());
            return new IdempotencyKey(requestId, operation, sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
