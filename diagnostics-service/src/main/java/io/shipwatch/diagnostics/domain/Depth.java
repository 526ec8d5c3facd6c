package io.shipwatch.diagnostics.domain;

/** How much a session collects. */
public enum Depth {
    /** Container state, events and logs. */
    BASIC,
    /** BASIC plus resource usage, endpoints and network checks. */
    COMPREHENSIVE
}
