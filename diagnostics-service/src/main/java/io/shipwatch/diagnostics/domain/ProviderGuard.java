package io.shipwatch.diagnostics.domain;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every remote request of a provider goes through here, and only here: it waits for a token of
 * the provider's rate limit, asks the circuit breaker, and retries transient failures with
 * jittered exponential backoff. This is the one retry layer; provider code never retries itself.
 */
public final class ProviderGuard {
    private final String provider;
    private final RateLimiter limiter;
    private final CircuitBreaker breaker;
    private final int attempts;
    private final Duration baseBackoff;
    private final Duration maxRateWait;
    private final Sleeper sleeper;

    /** Sleeps (interruptibly); replaceable in tests. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** A failure worth retrying (timeouts, 5xx, connection resets, 429). */
    public static final class TransientException extends Exception {
        public TransientException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The provider refused before the call was made: circuit open or rate limit not available in time. */
    public static final class RefusedException extends Exception {
        public RefusedException(String message) {
            super(message, null, false, false);
        }
    }

    public ProviderGuard(String provider, RateLimiter limiter, CircuitBreaker breaker, int attempts,
                         Duration baseBackoff, Duration maxRateWait, Sleeper sleeper) {
        this.provider = provider;
        this.limiter = limiter;
        this.breaker = breaker;
        this.attempts = attempts;
        this.baseBackoff = baseBackoff;
        this.maxRateWait = maxRateWait;
        this.sleeper = sleeper;
    }

    public <T> T call(String what, Callable<T> request) throws Exception {
        for (int attempt = 1; ; attempt++) {
            acquireToken(what);
            if (!breaker.allow()) {
                throw new RefusedException("circuit open for provider " + provider + " (" + what + ")");
            }
            try {
                T result = request.call();
                breaker.record(true);
                return result;
            } catch (TransientException e) {
                breaker.record(false);
                if (attempt >= attempts) {
                    throw e;
                }
                sleeper.sleep(backoff(attempt));
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                breaker.record(false);
                throw e;
            }
        }
    }

    /** Full jitter: uniform in [0, base × 2^(attempt-1)]. */
    Duration backoff(int attempt) {
        long cap = baseBackoff.toMillis() << Math.min(attempt - 1, 10);
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap + 1));
    }

    private void acquireToken(String what) throws Exception {
        Duration waited = Duration.ZERO;
        while (true) {
            Duration wait = limiter.tryAcquire(provider);
            if (wait.isZero()) {
                return;
            }
            if (waited.plus(wait).compareTo(maxRateWait) > 0) {
                throw new RefusedException("rate limit of provider " + provider + " reached (" + what + ")");
            }
            sleeper.sleep(wait);
            waited = waited.plus(wait);
        }
    }

    public CircuitBreaker.State circuit() {
        return breaker.state();
    }
}
