package io.shipwatch.audit.domain;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * The bytes an entry's HMAC covers: a version byte, then every field in a fixed order, each
 * string as a 4-byte length and its UTF-8 bytes, details sorted by key. Lengths make the
 * encoding unambiguous (no two entries encode alike), so nothing can be moved between fields;
 * the sequence and key id are inside, so an entry cannot be renumbered or re-keyed either.
 * Changing this encoding invalidates every stored hash: add a new version instead.
 */
public final class CanonicalEncoding {
    static final byte VERSION = 1;

    private CanonicalEncoding() {
    }

    public static byte[] of(UUID id, long sequence, String keyId, NewAuditEntry e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(sequence);
            out.writeLong(id.getMostSignificantBits());
            out.writeLong(id.getLeastSignificantBits());
            string(out, keyId);
            string(out, e.actor());
            string(out, e.action());
            string(out, e.deploymentId() == null ? "" : e.deploymentId().toString());
            string(out, e.service());
            string(out, e.environment());
            string(out, e.fromState());
            string(out, e.toState());
            out.writeLong(e.occurredAt().getEpochSecond());
            out.writeInt(e.occurredAt().getNano());
            string(out, e.traceId());
            out.writeInt(e.details().size());
            for (Map.Entry<String, String> d : e.details().entrySet()) {
                string(out, d.getKey());
                string(out, d.getValue());
            }
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }
}
