package io.shipwatch.audit.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {
    private static final byte[] KEY = "chain-key-0123456789abcdef0123456789".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEW_KEY = "rotated-key-0123456789abcdef012345678".getBytes(StandardCharsets.UTF_8);
    private final AuditChain chain = new AuditChain(new ChainKeys("k1", KEY, Map.of()), UUID::randomUUID);

    private static NewAuditEntry entry(int i) {
        return new NewAuditEntry("alice", "approval.granted", null, "checkout", "prod", "", "",
                Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i), "", NewAuditEntry.details(Map.of("n", "" + i)));
    }

    private List<AuditEntry> chainOf(int n) {
        List<NewAuditEntry> entries = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            entries.add(entry(i));
        }
        return new ArrayList<>(chain.link(ChainAnchor.GENESIS, entries));
    }

    private ChainVerifier.Result verify(AuditChain with, List<AuditEntry> entries, ChainAnchor head) {
        ChainVerifier v = new ChainVerifier(with, ChainAnchor.GENESIS, null);
        for (AuditEntry e : entries) {
            if (!v.accept(e)) {
                break;
            }
        }
        return v.finish(head.sequence(), head);
    }

    @Test
    void intactChain_isValidAndEveryEntryIsChecked() {
        List<AuditEntry> entries = chainOf(10);
        ChainVerifier.Result r = verify(chain, entries, entries.get(9).anchor());
        assertThat(r.valid()).isTrue();
        assertThat(r.checkedCount()).isEqualTo(10);
        assertThat(r.firstBroken()).isNull();
    }

    @Test
    void editedEntry_breaksAtThatEntry() {
        List<AuditEntry> entries = chainOf(10);
        AuditEntry e = entries.get(4);
        NewAuditEntry c = e.content();
        entries.set(4, new AuditEntry(e.id(), e.sequence(), new NewAuditEntry("mallory", c.action(), c.deploymentId(),
                c.service(), c.environment(), c.fromState(), c.toState(), c.occurredAt(), c.traceId(), c.details()), e.keyId(), e.hash()));
        ChainVerifier.Result r = verify(chain, entries, entries.get(9).anchor());
        assertThat(r.firstBroken()).isEqualTo(new BrokenLink(5, BrokenLink.Reason.HASH_MISMATCH, r.firstBroken().description()));
        assertThat(r.checkedCount()).isEqualTo(4);
    }

    @Test
    void deletedEntry_isAGapAtItsSequence() {
        List<AuditEntry> entries = chainOf(10);
        entries.remove(6);
        ChainVerifier.Result r = verify(chain, entries, entries.get(8).anchor());
        assertThat(r.firstBroken().sequence()).isEqualTo(7);
        assertThat(r.firstBroken().reason()).isEqualTo(BrokenLink.Reason.SEQUENCE_GAP);
    }

    @Test
    void deletedAndRenumberedEntries_breakWhereTheDeletionWas() {
        List<AuditEntry> entries = chainOf(10);
        entries.remove(6);
        for (int i = 6; i < entries.size(); i++) {
            AuditEntry e = entries.get(i);
            entries.set(i, new AuditEntry(e.id(), e.sequence() - 1, e.content(), e.keyId(), e.hash()));
        }
        ChainVerifier.Result r = verify(chain, entries, entries.get(8).anchor());
        assertThat(r.firstBroken().sequence()).isEqualTo(7);
        assertThat(r.firstBroken().reason()).isEqualTo(BrokenLink.Reason.HASH_MISMATCH);
    }

    @Test
    void insertedEntry_breaksAtTheInsertion() {
        List<AuditEntry> entries = chainOf(10);
        // A forger without the key links a new entry with a key of their own.
        AuditChain forger = new AuditChain(new ChainKeys("k1", "forged-key-0123456789abcdef0123456789".getBytes(StandardCharsets.UTF_8),
                Map.of()), UUID::randomUUID);
        AuditEntry forged = forger.link(entries.get(2).anchor(), List.of(entry(99))).get(0);
        entries.add(3, forged);
        for (int i = 4; i < entries.size(); i++) {
            AuditEntry e = entries.get(i);
            entries.set(i, new AuditEntry(e.id(), e.sequence() + 1, e.content(), e.keyId(), e.hash()));
        }
        ChainVerifier.Result r = verify(chain, entries, entries.get(10).anchor());
        assertThat(r.firstBroken().sequence()).isEqualTo(4);
        assertThat(r.firstBroken().reason()).isEqualTo(BrokenLink.Reason.HASH_MISMATCH);
    }

    @Test
    void swappedEntries_breakAtTheFirstMovedOne() {
        List<AuditEntry> entries = chainOf(10);
        AuditEntry a = entries.get(3);
        AuditEntry b = entries.get(4);
        entries.set(3, new AuditEntry(b.id(), a.sequence(), b.content(), b.keyId(), b.hash()));
        entries.set(4, new AuditEntry(a.id(), b.sequence(), a.content(), a.keyId(), a.hash()));
        ChainVerifier.Result r = verify(chain, entries, entries.get(9).anchor());
        assertThat(r.firstBroken().sequence()).isEqualTo(4);
        assertThat(r.firstBroken().reason()).isEqualTo(BrokenLink.Reason.HASH_MISMATCH);
    }

    @Test
    void truncatedTail_isCaughtAgainstTheAnchoredHead() {
        List<AuditEntry> entries = chainOf(10);
        ChainAnchor head = entries.get(9).anchor();
        List<AuditEntry> truncated = entries.subList(0, 7);
        ChainVerifier.Result r = verify(chain, truncated, head);
        assertThat(r.valid()).isFalse();
        assertThat(r.firstBroken().sequence()).isEqualTo(8);
        assertThat(r.firstBroken().reason()).isEqualTo(BrokenLink.Reason.TRUNCATED);
    }

    @Test
    void rotatedKey_verifiesOldEntriesWithTheRetiredKeyAndNewOnesWithTheNew() {
        List<AuditEntry> old = chainOf(3);
        AuditChain rotated = new AuditChain(new ChainKeys("k2", NEW_KEY, Map.of("k1", KEY)), UUID::randomUUID);
        List<AuditEntry> all = new ArrayList<>(old);
        all.addAll(rotated.link(old.get(2).anchor(), List.of(entry(4), entry(5))));
        assertThat(all.get(4).keyId()).isEqualTo("k2");
        assertThat(verify(rotated, all, all.get(4).anchor()).valid()).isTrue();

        AuditChain forgotOldKey = new AuditChain(new ChainKeys("k2", NEW_KEY, Map.of()), UUID::randomUUID);
        ChainVerifier.Result r = verify(forgotOldKey, all, all.get(4).anchor());
        assertThat(r.firstBroken().reason()).isEqualTo(BrokenLink.Reason.UNKNOWN_KEY);
        assertThat(r.firstBroken().sequence()).isEqualTo(1);
    }

    @Test
    void expectedAnchorThatDiffers_isAnAnchorMismatch() {
        List<AuditEntry> entries = chainOf(5);
        ChainVerifier v = new ChainVerifier(chain, ChainAnchor.GENESIS, new ChainAnchor(3, new byte[32]));
        entries.forEach(v::accept);
        ChainVerifier.Result r = v.finish(5, entries.get(4).anchor());
        assertThat(r.firstBroken().reason()).isEqualTo(BrokenLink.Reason.ANCHOR_MISMATCH);
        assertThat(r.firstBroken().sequence()).isEqualTo(3);
    }

    @Test
    void canonicalEncoding_keepsFieldBoundaries() {
        UUID id = UUID.randomUUID();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        NewAuditEntry a = new NewAuditEntry("ab", "c", null, "", "", "", "", t, "", NewAuditEntry.details(Map.of()));
        NewAuditEntry b = new NewAuditEntry("a", "bc", null, "", "", "", "", t, "", NewAuditEntry.details(Map.of()));
        assertThat(CanonicalEncoding.of(id, 1, "k1", a)).isNotEqualTo(CanonicalEncoding.of(id, 1, "k1", b));
    }
}
