package io.shipwatch.diagnostics.store;

import io.lettuce.core.SetArgs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Bytes by key for a fixed time: a small bounded in-process LRU in front of Redis (when
 * configured). A Redis hit is copied into the local tier; a Redis outage leaves the local
 * tier serving. Counts hits and misses for the hit-ratio metric.
 */
public final class TieredCache {
    private final Redis redis;
    private final String prefix;
    private final Duration ttl;
    private final LongSupplier clockMillis;
    private final Map<String, Entry> local;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    private record Entry(byte[] value, long expiresAt) {
    }

    public TieredCache(Redis redis, String prefix, Duration ttl, int localEntries, LongSupplier clockMillis) {
        this.redis = redis;
        this.prefix = prefix;
        this.ttl = ttl;
        this.clockMillis = clockMillis;
        this.local = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > localEntries;
            }
        };
    }

    public Optional<byte[]> get(String key) {
        long now = clockMillis.getAsLong();
        synchronized (local) {
            Entry e = local.get(key);
            if (e != null && e.expiresAt > now) {
                hits.increment();
                return Optional.of(e.value);
            }
            if (e != null) {
                local.remove(key);
            }
        }
        Optional<byte[]> remote = redis.call(c -> c.get(redisKey(key)));
        if (remote.isPresent()) {
            hits.increment();
            Long pttl = redis.call(c -> c.pttl(redisKey(key))).orElse(ttl.toMillis());
            putLocal(key, remote.get(), now + Math.max(1, pttl));
            return remote;
        }
        misses.increment();
        return Optional.empty();
    }

    public void put(String key, byte[] value) {
        putLocal(key, value, clockMillis.getAsLong() + ttl.toMillis());
        redis.call(c -> c.set(redisKey(key), value, SetArgs.Builder.px(ttl.toMillis())));
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    private void putLocal(String key, byte[] value, long expiresAt) {
        synchronized (local) {
            local.put(key, new Entry(value, expiresAt));
        }
    }

    private byte[] redisKey(String key) {
        return (prefix + key).getBytes(StandardCharsets.UTF_8);
    }
}
