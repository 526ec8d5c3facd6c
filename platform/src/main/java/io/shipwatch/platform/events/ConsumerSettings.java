package io.shipwatch.platform.events;

import java.time.Duration;

/**
 * How a consumer behaves: at most {@code batchSize} events per transaction (the seeds' batches
 * of 100), reconnect backoff between {@code backoffMin} and {@code backoffMax}, how often a
 * standby replica asks for leadership, and after how long a stream that shows nothing, or whose
 * heartbeats show events it never delivers, is dropped and opened again.
 */
public record ConsumerSettings(boolean enabled, int batchSize, Duration backoffMin, Duration backoffMax,
                               Duration standbyRetry, Duration stallTimeout) {
    public ConsumerSettings {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        if (backoffMin.isNegative() || backoffMax.compareTo(backoffMin) < 0) {
            throw new IllegalArgumentException("need 0 <= backoff-min <= backoff-max");
        }
        if (stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("stall-timeout must be positive");
        }
    }

    /** Full-jitter exponential backoff: uniform in [0, min(max, min·2^attempt)], never below min/2. */
    Duration backoff(int attempt, double random) {
        long cap = backoffMax.toMillis();
        long exp = backoffMin.toMillis() << Math.min(attempt, 20);
        long ceiling = Math.min(cap, Math.max(exp, backoffMin.toMillis()));
        long floor = backoffMin.toMillis() / 2;
        return Duration.ofMillis(floor + (long) ((ceiling - floor) * random));
    }
}
