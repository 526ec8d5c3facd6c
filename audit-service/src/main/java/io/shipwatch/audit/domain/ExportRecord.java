package io.shipwatch.audit.domain;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the idempotency store keeps for an export key: the request's fingerprint and, once the
 * export finished, its result. The bytes themselves are kept beside it when small enough;
 * otherwise the result's head pins the cut, and replaying the same request up to that head
 * reproduces the same bytes (checked against the sha256).
 */
public record ExportRecord(byte[] fingerprint, ExportResult result) {
    public ExportRecord {
        Objects.requireNonNull(fingerprint, "fingerprint");
        fingerprint = fingerprint.clone();
    }

    public boolean done() {
        return result != null;
    }

    public boolean sameRequest(byte[] other) {
        return Arrays.equals(fingerprint, other);
    }

    @Override
    public byte[] fingerprint() {
        return fingerprint.clone();
    }
}
