package io.shipwatch.diagnostics.domain;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-process token bucket per provider: capacity {@code perMinute} tokens, refilled
 * continuously at perMinute/60 s. Serves when no Redis is configured and when Redis is down.
 */
public final class TokenBucket implements RateLimiter {
    private final int perMinute;
    private final DiagnosticSession.Ticker ticker;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public TokenBucket(int perMinute, DiagnosticSession.Ticker ticker) {
        if (perMinute <= 0) {
            throw new IllegalArgumentException("perMinute must be positive");
        }
        this.perMinute = perMinute;
        this.ticker = ticker;
    }

    @Override
    public Duration tryAcquire(String provider) {
        return buckets.computeIfAbsent(provider, p -> new Bucket(perMinute, ticker.nanos())).take(perMinute, ticker.nanos());
    }

    private static final class Bucket {
        private double tokens;
        private long last;

        Bucket(int capacity, long now) {
            this.tokens = capacity;
            this.last = now;
        }

        synchronized Duration take(int perMinute, long now) {
            double perNano = perMinute / 60e9;
            tokens = Math.min(perMinute, tokens + (now - last) * perNano);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return Duration.ZERO;
            }
            return Duration.ofNanos((long) Math.ceil((1 - tokens) / perNano));
        }
    }
}
