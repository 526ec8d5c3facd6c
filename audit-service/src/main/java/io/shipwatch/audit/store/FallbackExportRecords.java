package io.shipwatch.audit.store;

import io.shipwatch.audit.domain.ExportRecord;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis behind a small in-process store: finished records are kept in both (the local copy
 * answers repeats without a round trip), claims go to Redis. While Redis fails, the local
 * store stands in: exports keep working (idempotent within this replica only) and use Redis
 * again as soon as it answers.
 */
public final class FallbackExportRecords implements ExportRecords {
    private static final Logger LOG = LoggerFactory.getLogger(FallbackExportRecords.class);

    private final RedisExportRecords redis;
    private final LocalExportRecords local;
    private volatile boolean degraded;

    public FallbackExportRecords(RedisExportRecords redis, LocalExportRecords local) {
        this.redis = redis;
        this.local = local;
    }

    @Override
    public Optional<ExportRecord> claim(String key, byte[] fingerprint, Duration pendingFor) {
        Optional<ExportRecord> cached = local.finished(key);
        if (cached.isPresent()) {
            return cached;
        }
        return attempt(() -> redis.claim(key, fingerprint, pendingFor), () -> local.claim(key, fingerprint, pendingFor));
    }

    @Override
    public void complete(String key, ExportRecord done, byte[] bytes, Duration ttl) {
        local.complete(key, done, bytes, ttl);
        attempt(() -> {
            redis.complete(key, done, bytes, ttl);
            return null;
        }, () -> null);
    }

    @Override
    public Optional<byte[]> bytes(String key) {
        Optional<byte[]> cached = local.bytes(key);
        return cached.isPresent() ? cached : attempt(() -> redis.bytes(key), Optional::empty);
    }

    @Override
    public void release(String key) {
        local.release(key);
        attempt(() -> {
            redis.release(key);
            return null;
        }, () -> null);
    }

    /** True while the last Redis call failed. */
    public boolean degraded() {
        return degraded;
    }

    private <T> T attempt(Supplier<T> remote, Supplier<T> fallback) {
        try {
            T result = remote.get();
            if (degraded) {
                degraded = false;
                LOG.info("Redis answers again: export idempotency records are shared again");
            }
            return result;
        } catch (RuntimeException e) {
            if (!degraded) {
                degraded = true;
                LOG.warn("Redis is unavailable ({}); export idempotency records are kept in this process until it returns",
                        e.getClass().getSimpleName());
            }
            return fallback.get();
        }
    }

    @Override
    public void close() {
        redis.close();
    }
}
