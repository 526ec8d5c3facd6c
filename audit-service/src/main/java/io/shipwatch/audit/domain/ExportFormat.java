package io.shipwatch.audit.domain;

/** The shapes an export can take. */
public enum ExportFormat {
    /** One JSON array of entry objects. */
    JSON,
    /** One entry object per line. */
    NDJSON,
    /** RFC 4180 CSV with a header row, formula-like cells neutralised. */
    CSV
}
