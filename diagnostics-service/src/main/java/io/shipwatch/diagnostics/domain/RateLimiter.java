package io.shipwatch.diagnostics.domain;

import java.time.Duration;

/** Requests per provider per minute, shared by every replica when backed by Redis. */
public interface RateLimiter {
    /**
     * Takes one token of the provider's bucket if there is one.
     *
     * @return zero when a token was taken, otherwise how long until the next token
     */
    Duration tryAcquire(String provider);
}
