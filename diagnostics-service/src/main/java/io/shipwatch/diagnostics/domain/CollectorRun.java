package io.shipwatch.diagnostics.domain;

import java.time.Duration;

/**
 * How one collector ended in a session.
 *
 * @param collector     the collector id
 * @param outcome       how it ended
 * @param duration      how long it ran
 * @param evidenceCount how much evidence it delivered
 * @param detail        why it failed or timed out; "" on success
 */
public record CollectorRun(String collector, Outcome outcome, Duration duration, int evidenceCount, String detail) {
    /** How a collector ended. */
    public enum Outcome {
        SUCCEEDED, FAILED, TIMED_OUT, CANCELLED
    }
}
