package io.shipwatch.diagnostics.domain;

import java.time.Duration;

/**
 * A circuit breaker for one provider over a sliding window of recent calls. It opens when at
 * least {@code minCalls} calls were made and the error rate reaches {@code errorRate} (default
 * 10 %); while open, calls fail at once; after {@code openFor} one trial call is let through
 * (half-open): success closes the circuit, failure opens it again.
 */
public final class CircuitBreaker {
    /** How the circuit stands. */
    public enum State {
        CLOSED, OPEN, HALF_OPEN
    }

    private final boolean[] window;
    private final int minCalls;
    private final double errorRate;
    private final long openForNanos;
    private final DiagnosticSession.Ticker ticker;
    private int next;
    private int calls;
    private int failures;
    private State state = State.CLOSED;
    private long openedAt;
    private boolean trialInFlight;

    public CircuitBreaker(int windowSize, int minCalls, double errorRate, Duration openFor, DiagnosticSession.Ticker ticker) {
        this.window = new boolean[windowSize];
        this.minCalls = minCalls;
        this.errorRate = errorRate;
        this.openForNanos = openFor.toNanos();
        this.ticker = ticker;
    }

    /** Whether a call may go ahead now; a true answer must be followed by {@link #record}. */
    public synchronized boolean allow() {
        if (state == State.OPEN && ticker.nanos() - openedAt >= openForNanos) {
            state = State.HALF_OPEN;
            trialInFlight = false;
        }
        if (state == State.HALF_OPEN) {
            if (trialInFlight) {
                return false;
            }
            trialInFlight = true;
            return true;
        }
        return state == State.CLOSED;
    }

    /** Records the outcome of an allowed call. */
    public synchronized void record(boolean success) {
        if (state == State.HALF_OPEN) {
            trialInFlight = false;
            if (success) {
                state = State.CLOSED;
                calls = 0;
                failures = 0;
                next = 0;
            } else {
                open();
            }
            return;
        }
        if (calls == window.length) {
            if (window[next]) {
                failures--;
            }
        } else {
            calls++;
        }
        window[next] = !success;
        if (!success) {
            failures++;
        }
        next = (next + 1) % window.length;
        if (state == State.CLOSED && calls >= minCalls && failures >= errorRate * calls) {
            open();
        }
    }

    public synchronized State state() {
        return state;
    }

    private void open() {
        state = State.OPEN;
        openedAt = ticker.nanos();
    }
}
