package io.shipwatch.audit.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * Walks entries in sequence order and finds the first broken link. It starts from a trusted
 * anchor (the retained base, or the entry before the checked range) and is fed one entry at
 * a time, so any length of chain is checked in constant memory. Each link binds the entry's
 * sequence and the previous hash, so an edited, inserted, deleted or reordered entry breaks
 * the chain at that entry; a tail removed after the last anchored head is caught by
 * {@link #finish}.
 */
public final class ChainVerifier {
    private final AuditChain chain;
    private final ChainAnchor expected;
    private ChainAnchor previous;
    private long checked;
    private BrokenLink broken;

    /** {@code expected} (nullable) is an anchor a client kept; the entry at its sequence must match it. */
    public ChainVerifier(AuditChain chain, ChainAnchor start, ChainAnchor expected) {
        this.chain = chain;
        this.previous = start;
        this.expected = expected;
        if (expected != null && expected.sequence() == start.sequence() && !expected.equals(start)) {
            broken = new BrokenLink(expected.sequence(), BrokenLink.Reason.ANCHOR_MISMATCH,
                    "the entry at the anchored sequence no longer carries the anchored hash");
        }
    }

    /** Checks the next entry; returns false once the chain is broken (further entries are ignored). */
    public boolean accept(AuditEntry e) {
        if (broken != null) {
            return false;
        }
        long want = previous.sequence() + 1;
        if (e.sequence() != want) {
            broken = e.sequence() > want
                    ? new BrokenLink(want, BrokenLink.Reason.SEQUENCE_GAP, "entry " + want + " is missing")
                    : new BrokenLink(e.sequence(), BrokenLink.Reason.SEQUENCE_GAP, "entry " + e.sequence() + " is out of order");
            return false;
        }
        Optional<byte[]> hash = chain.expectedHash(previous.hash(), e);
        if (hash.isEmpty()) {
            broken = new BrokenLink(e.sequence(), BrokenLink.Reason.UNKNOWN_KEY,
                    "entry " + e.sequence() + " names HMAC key '" + e.keyId() + "', which this service does not hold");
            return false;
        }
        if (!Arrays.equals(hash.get(), e.hash())) {
            broken = new BrokenLink(e.sequence(), BrokenLink.Reason.HASH_MISMATCH,
                    "entry " + e.sequence() + " does not match its hash: it, or its place in the chain, was altered");
            return false;
        }
        if (expected != null && expected.sequence() == e.sequence() && !expected.equals(e.anchor())) {
            broken = new BrokenLink(e.sequence(), BrokenLink.Reason.ANCHOR_MISMATCH,
                    "entry " + e.sequence() + " is not the entry the given anchor names");
            return false;
        }
        previous = e.anchor();
        checked++;
        return true;
    }

    /**
     * Ends the walk at {@code end}, the last sequence that should have been seen; when
     * {@code head} (nullable) is given, the last entry must be exactly the anchored head.
     */
    public Result finish(long end, ChainAnchor head) {
        if (broken == null && previous.sequence() < end) {
            broken = new BrokenLink(previous.sequence() + 1, BrokenLink.Reason.TRUNCATED,
                    "the chain ends at " + previous.sequence() + " but " + (head != null ? "its anchored head is " : "entries up to ")
                            + end + (head != null ? "" : " were expected") + ": entries were removed");
        }
        if (broken == null && head != null && previous.sequence() == head.sequence() && !previous.equals(head)) {
            broken = new BrokenLink(head.sequence(), BrokenLink.Reason.HASH_MISMATCH,
                    "entry " + head.sequence() + " is not the anchored head");
        }
        return new Result(broken == null, checked, broken);
    }

    /** The outcome: valid when no link is broken; {@code firstBroken} is null then. */
    public record Result(boolean valid, long checkedCount, BrokenLink firstBroken) {
    }
}
