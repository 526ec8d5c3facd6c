package io.shipwatch.metrics.store;

import io.micronaut.context.annotation.Value;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.shipwatch.metrics.domain.MetricsQuery;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded in-process tier in front of Redis ({@code shipwatch.metrics.redis-uri}; empty: in
 * process only). Counts hits per tier and misses, and exports the hit ratio.
 *
 * <p>With Redis configured, the in-process tier serves only while this replica hears the
 * invalidations other replicas publish; when that link is down it is emptied and skipped, and
 * every answer comes from Redis or the rollups.
 */
@Singleton
public class TieredAnswerCache implements AnswerCache, AutoCloseable {
    private static final AttributeKey<String> TIER = AttributeKey.stringKey("shipwatch.cache.tier");
    private static final Attributes LOCAL = Attributes.of(TIER, "local");
    private static final Attributes REDIS = Attributes.of(TIER, "redis");

    private final LocalAnswers local;
    private final RedisAnswers redis;
    private final ScheduledExecutorService reconnect;
    private final LongCounter hits;
    private final LongCounter misses;
    private final AtomicLong hitCount = new AtomicLong();
    private final AtomicLong missCount = new AtomicLong();

    public TieredAnswerCache(@Value("${shipwatch.metrics.redis-uri:}") String redisUri,
                             @Value("${shipwatch.metrics.cache.local-entries:1000}") int localEntries,
                             @Value("${shipwatch.metrics.cache.ttl:1h}") Duration ttl, OpenTelemetry otel) {
        this.local = new LocalAnswers(localEntries);
        Meter meter = otel.getMeter("io.shipwatch.metrics");
        this.hits = meter.counterBuilder("shipwatch.cache.hits").setDescription("Metrics answers served from a cache tier").build();
        this.misses = meter.counterBuilder("shipwatch.cache.misses").setDescription("Metrics answers computed from the rollups").build();
        meter.gaugeBuilder("shipwatch.cache.hit_ratio").setDescription("Hits ÷ lookups since start").setUnit("1")
                .buildWithCallback(m -> {
                    long h = hitCount.get();
                    long total = h + missCount.get();
                    if (total > 0) {
                        m.record((double) h / total);
                    }
                });
        if (redisUri == null || redisUri.isBlank()) {
            this.redis = null;
            this.reconnect = null;
        } else {
            this.redis = new RedisAnswers(redisUri, ttl, local::invalidateAll);
            this.reconnect = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "metrics-cache-redis");
                t.setDaemon(true);
                return t;
            });
            reconnect.scheduleWithFixedDelay(this::checkRedis, 0, 1, TimeUnit.SECONDS);
        }
    }

    @Override
    public byte[] get(MetricsQuery q) {
        boolean localUsable = localUsable();
        byte[] answer = localUsable ? local.get(q) : null;
        if (answer != null) {
            hit(LOCAL);
            return answer;
        }
        RedisAnswers.Stored stored = redis == null ? null : redis.get(q);
        if (stored != null) {
            hit(REDIS);
            if (localUsable) {
                local.put(q, stored.answer(), stored.position());
            }
            return stored.answer();
        }
        missCount.incrementAndGet();
        misses.add(1);
        return null;
    }

    @Override
    public void put(MetricsQuery q, byte[] answer, long readAtPosition) {
        if (localUsable()) {
            local.put(q, answer, readAtPosition);
        }
        if (redis != null) {
            redis.put(q, answer, readAtPosition);
        }
    }

    @Override
    public void invalidate(List<ChangedRow> rows, long position) {
        if (rows.isEmpty()) {
            return;
        }
        local.invalidate(rows, position);
        if (redis != null) {
            redis.invalidate(rows, position);
        }
    }

    @Override
    public void clear(long position) {
        local.clear(position);
        if (redis != null) {
            redis.clear(position);
        }
    }

    /** Entries in the in-process tier (for tests and diagnostics). */
    public int localSize() {
        return local.size();
    }

    private boolean localUsable() {
        return redis == null || redis.listening();
    }

    private void checkRedis() {
        if (!redis.listening()) {
            // Invalidations published while we could not hear them are lost: start over.
            local.clear(0);
        }
        redis.connectIfNeeded();
    }

    private void hit(Attributes tier) {
        hitCount.incrementAndGet();
        hits.add(1, tier);
    }

    @PreDestroy
    @Override
    public void close() {
        if (redis != null) {
            reconnect.shutdownNow();
            redis.close();
        }
    }
}
