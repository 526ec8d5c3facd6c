package io.shipwatch.diagnostics.store;

import io.lettuce.core.ScriptOutputType;
import io.shipwatch.diagnostics.domain.RateLimiter;
import io.shipwatch.diagnostics.domain.TokenBucket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A token bucket per provider in Redis, shared by every replica: one Lua script refills by the
 * elapsed time (Redis's own clock, so replicas' clocks do not matter) and takes a token
 * atomically. When Redis is not configured or does not answer, the in-process bucket decides
 * (the limit then holds per replica until Redis is back).
 */
public final class RedisRateLimiter implements RateLimiter {
    static final String SCRIPT = """
            local capacity = tonumber(ARGV[1])
            local per_ms = capacity / 60000
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
            local tokens = tonumber(b[1]) or capacity
            local ts = tonumber(b[2]) or now
            tokens = math.min(capacity, tokens + math.max(0, now - ts) * per_ms)
            local wait = 0
            if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) / per_ms) end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
            redis.call('PEXPIRE', KEYS[1], 120000)
            return wait
            """;

    private final Redis redis;
    private final int perMinute;
    private final TokenBucket fallback;
    private final String prefix;

    public RedisRateLimiter(Redis redis, int perMinute, TokenBucket fallback, String prefix) {
        this.redis = redis;
        this.perMinute = perMinute;
        this.fallback = fallback;
        this.prefix = prefix;
    }

    @Override
    public Duration tryAcquire(String provider) {
        byte[] key = (prefix + provider).getBytes(StandardCharsets.UTF_8);
        byte[] capacity = Integer.toString(perMinute).getBytes(StandardCharsets.US_ASCII);
        return redis.<Long>call(c -> c.eval(SCRIPT, ScriptOutputType.INTEGER, new byte[][] {key}, capacity))
                .map(Duration::ofMillis)
                .orElseGet(() -> fallback.tryAcquire(provider));
    }
}
