package io.shipwatch.platform.grpc;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What an idempotency key is bound to: SHA-256 over the operation, the caller and the request
 * without its key, deterministically serialised (map order does not matter). The same key
 * from another caller or with another request is therefore a reuse, not a replay.
 */
public final class RequestFingerprints {
    private RequestFingerprints() {
    }

    public static byte[] of(String operation, String subject, Message requestWithoutKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(operation.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(subject.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.useDeterministicSerialization();
            requestWithoutKey.writeTo(out);
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
