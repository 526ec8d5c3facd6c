package io.shipwatch.audit.domain;

/** The first place where the chain fails verification, and why. */
public record BrokenLink(long sequence, Reason reason, String description) {
    /** Why a link is broken. */
    public enum Reason {
        /** The stored hash differs from the recomputed one: edited, inserted or moved. */
        HASH_MISMATCH,
        /** The entry with the expected sequence is missing, or sequences repeat. */
        SEQUENCE_GAP,
        /** The chain ends before its anchored head. */
        TRUNCATED,
        /** The entry names a key id this service does not hold. */
        UNKNOWN_KEY,
        /** An anchor the client kept does not match the stored chain. */
        ANCHOR_MISMATCH
    }
}
