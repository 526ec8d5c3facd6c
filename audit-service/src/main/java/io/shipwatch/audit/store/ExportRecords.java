package io.shipwatch.audit.store;

import io.shipwatch.audit.domain.ExportRecord;
import java.time.Duration;
import java.util.Optional;

/**
 * Idempotency records of exports: key → request fingerprint + result (+ the bytes when small).
 * Implemented over Redis (shared by replicas, survives restarts) and in process.
 */
public interface ExportRecords extends AutoCloseable {
    /**
     * Atomically records "in progress" for the key when it is free and returns empty; otherwise
     * returns what is there (in progress or done, with its fingerprint).
     */
    Optional<ExportRecord> claim(String key, byte[] fingerprint, Duration pendingFor);

    /** Replaces the claim with the finished record, and the bytes when given, for {@code ttl}. */
    void complete(String key, ExportRecord done, byte[] bytes, Duration ttl);

    /** The stored bytes of a finished export, if they were kept. */
    Optional<byte[]> bytes(String key);

    /** Forgets a claim whose export failed, so a retry can claim the key again. */
    void release(String key);

    /** Releases connections, if any. */
    @Override
    default void close() {
    }
}
