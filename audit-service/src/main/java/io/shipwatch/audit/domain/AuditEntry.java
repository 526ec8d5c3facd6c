package io.shipwatch.audit.domain;

import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/** An entry of the chain: its content, its place (sequence) and the HMAC linking it to the previous entry. */
public record AuditEntry(UUID id, long sequence, NewAuditEntry content, String keyId, byte[] hash) {
    public AuditEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(keyId, "keyId");
        hash = hash.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    public String hashHex() {
        return HexFormat.of().formatHex(hash);
    }

    public ChainAnchor anchor() {
        return new ChainAnchor(sequence, hash);
    }
}
