package io.shipwatch.diagnostics.domain;

import java.util.List;

/** Receives what a session produces, in order, from the session's thread. */
public interface SessionListener {
    void collectorStarted(CollectorKind kind);

    /** A bounded summary of what a collector delivered. */
    void evidence(CollectorKind kind, int count, List<Evidence> samples, boolean truncated);

    void finding(Finding finding);

    void collectorFailed(CollectorKind kind, CollectorRun run);
}
