package io.shipwatch.audit.domain;

/** What an export held: the summary sent last, and the chain head the export was cut at. */
public record ExportResult(long eventCount, long byteCount, String sha256, ChainAnchor head) {
}
