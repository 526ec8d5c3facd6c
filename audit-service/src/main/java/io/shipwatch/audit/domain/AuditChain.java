package io.shipwatch.audit.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Links new entries onto the chain: each gets the next sequence and
 * hash = HMAC-SHA256(key, previous hash || canonical encoding). The caller holds the chain
 * head exclusively while linking and storing, so two appends never link to the same head.
 */
public final class AuditChain {
    private final ChainKeys keys;
    private final Supplier<UUID> ids;

    public AuditChain(ChainKeys keys, Supplier<UUID> ids) {
        this.keys = keys;
        this.ids = ids;
    }

    public List<AuditEntry> link(ChainAnchor head, List<NewAuditEntry> entries) {
        List<AuditEntry> linked = new ArrayList<>(entries.size());
        long sequence = head.sequence();
        byte[] previous = head.hash();
        String keyId = keys.currentId();
        for (NewAuditEntry e : entries) {
            sequence++;
            UUID id = ids.get();
            byte[] hash = keys.mac(keyId, previous, CanonicalEncoding.of(id, sequence, keyId, e)).orElseThrow();
            linked.add(new AuditEntry(id, sequence, e, keyId, hash));
            previous = hash;
        }
        return linked;
    }

    /** The hash an entry must carry when it follows {@code previous}; empty when its key is unknown. */
    public java.util.Optional<byte[]> expectedHash(byte[] previous, AuditEntry e) {
        return keys.mac(e.keyId(), previous, CanonicalEncoding.of(e.id(), e.sequence(), e.keyId(), e.content()));
    }
}
