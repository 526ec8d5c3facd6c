package io.shipwatch.audit.api;

import com.google.protobuf.CodedOutputStream;
import io.shipwatch.audit.v1.ExportAuditEventsRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What an idempotency key is bound to: SHA-256 over the caller and the request without its
 * key, deterministically serialised. The same key from another caller or for another export
 * is a reuse, not a replay.
 */
final class ExportFingerprint {
    private ExportFingerprint() {
    }

    static byte[] of(String subject, ExportAuditEventsRequest request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("ExportAuditEvents".getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(subject.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.useDeterministicSerialization();
            request.toBuilder().clearIdempotencyKey().build().writeTo(out);
            out.flush();
            sha.update(bytes.toByteArray());
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
