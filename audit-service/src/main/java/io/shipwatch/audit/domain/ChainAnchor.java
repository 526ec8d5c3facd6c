package io.shipwatch.audit.domain;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A position of the chain: a sequence and the hash of the entry there. The genesis anchor
 * (sequence 0, 32 zero bytes) is what the first entry links to.
 */
public record ChainAnchor(long sequence, byte[] hash) {
    public static final ChainAnchor GENESIS = new ChainAnchor(0, new byte[32]);

    public ChainAnchor {
        if (hash.length != 32) {
            throw new IllegalArgumentException("a chain hash has 32 bytes");
        }
        hash = hash.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    public String hashHex() {
        return HexFormat.of().formatHex(hash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChainAnchor a && a.sequence == sequence && Arrays.equals(a.hash, hash);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(sequence) * 31 + Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return sequence + ":" + hashHex();
    }
}
