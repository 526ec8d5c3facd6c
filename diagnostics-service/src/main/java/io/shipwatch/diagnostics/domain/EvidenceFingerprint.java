package io.shipwatch.diagnostics.domain;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An order-insensitive fingerprint of evidence, so the same failure collected again (collectors
 * finish in a different order, timestamps and pod suffixes differ) gives the same value: each
 * item is hashed with digits left out (timestamps, counters, ids), the hashes are combined by
 * sum and xor, and the result is the SHA-256 of those and the item count. One cheap pass per item.
 */
public final class EvidenceFingerprint {
    private long sum;
    private long xor;
    private long count;

    public void add(Evidence e) {
        long h = 0xcbf29ce484222325L;
        h = mix(h, e.kind().ordinal());
        h = mix(h, e.reason());
        h = mix(h, e.metric());
        h = mix(h, e.text());
        if (e.hasExitCode()) {
            h = mix(h ^ e.exitCode(), "");
        }
        if (e.kind() == EvidenceKind.METRIC) {
            h = mix(h, (int) Math.round(e.value() * 100));
        }
        h = finish(h);
        sum += h;
        xor ^= h;
        count++;
    }

    public String value() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ByteBuffer.allocate(24).putLong(sum).putLong(xor).putLong(count).array());
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fingerprint of a key string, e.g. a target plus depth, folded into the evidence fingerprint. */
    public void addKey(String key) {
        add(Evidence.check("", "", "key", key));
    }

    private static long mix(long h, String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                continue;
            }
            h ^= c;
            h *= 0x100000001b3L;
        }
        h ^= 0xff;
        return h * 0x100000001b3L;
    }

    private static long mix(long h, int v) {
        h ^= v;
        return h * 0x100000001b3L;
    }

    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

}
