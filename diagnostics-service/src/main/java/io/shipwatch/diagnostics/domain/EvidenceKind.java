package io.shipwatch.diagnostics.domain;

/** What a piece of evidence is; each kind is matched by its own kind of signal. */
public enum EvidenceKind {
    /** A log line: matched by regexes. */
    LOG_LINE,
    /** A platform event: matched by reason (and optionally message). */
    EVENT,
    /** A container's waiting or terminated state: matched by reason and exit code. */
    CONTAINER_STATE,
    /** A measured ratio or count: matched by a threshold. */
    METRIC,
    /** An endpoint, load-balancer or network check: matched by reason (and optionally message). */
    CHECK
}
