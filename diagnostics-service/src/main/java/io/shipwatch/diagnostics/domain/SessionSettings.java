package io.shipwatch.diagnostics.domain;

import java.time.Duration;

/**
 * Limits of one session.
 *
 * @param deadline              the whole session (default 60 s)
 * @param collectorTimeout      each collector, from when it starts running
 * @param maxEvidencePerCollector evidence beyond this is dropped (and the summary says truncated)
 */
public record SessionSettings(Duration deadline, Duration collectorTimeout, int maxEvidencePerCollector) {
    public static final SessionSettings DEFAULTS = new SessionSettings(Duration.ofSeconds(60), Duration.ofSeconds(20), 5000);
}
