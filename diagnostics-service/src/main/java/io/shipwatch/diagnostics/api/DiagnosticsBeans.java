package io.shipwatch.diagnostics.api;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import io.shipwatch.diagnostics.domain.CircuitBreaker;
import io.shipwatch.diagnostics.domain.DiagnosticSession;
import io.shipwatch.diagnostics.domain.PatternLibrary;
import io.shipwatch.diagnostics.domain.ProviderGuard;
import io.shipwatch.diagnostics.domain.RateLimiter;
import io.shipwatch.diagnostics.domain.ResultCache;
import io.shipwatch.diagnostics.domain.SessionSettings;
import io.shipwatch.diagnostics.domain.TokenBucket;
import io.shipwatch.diagnostics.store.Redis;
import io.shipwatch.diagnostics.store.RedisRateLimiter;
import io.shipwatch.diagnostics.store.TieredCache;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The diagnostics pieces and their configuration (shipwatch.diagnostics.*). */
@Factory
class DiagnosticsBeans {
    private ExecutorService collectors;

    @Singleton
    PatternLibrary patternLibrary() {
        return PatternLibrary.loadDefault();
    }

    @Singleton
    SessionSettings sessionSettings(@Value("${shipwatch.diagnostics.session-deadline:60s}") Duration deadline,
                                    @Value("${shipwatch.diagnostics.collector-timeout:20s}") Duration collectorTimeout,
                                    @Value("${shipwatch.diagnostics.max-evidence-per-collector:5000}") int maxEvidence) {
        return new SessionSettings(deadline, collectorTimeout, maxEvidence);
    }

    /** Collector threads shared by all sessions; collectors block on provider I/O. */
    @Singleton
    @Named("collectors")
    ExecutorService collectorExecutor(@Value("${shipwatch.diagnostics.collector-threads:64}") int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "collector-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        collectors = pool;
        return pool;
    }

    @Singleton
    RateLimiter rateLimiter(Redis redis,
                            @Value("${shipwatch.diagnostics.provider.requests-per-minute:100}") int perMinute) {
        TokenBucket local = new TokenBucket(perMinute, System::nanoTime);
        return redis.configured() ? new RedisRateLimiter(redis, perMinute, local, "shipwatch:diagnostics:rate:") : local;
    }

    /** Settings every provider's guard is built from. */
    @Singleton
    GuardFactory guardFactory(RateLimiter limiter,
                              @Value("${shipwatch.diagnostics.provider.retry-attempts:3}") int attempts,
                              @Value("${shipwatch.diagnostics.provider.retry-base-backoff:200ms}") Duration backoff,
                              @Value("${shipwatch.diagnostics.provider.max-rate-wait:5s}") Duration maxRateWait,
                              @Value("${shipwatch.diagnostics.provider.breaker-window:50}") int window,
                              @Value("${shipwatch.diagnostics.provider.breaker-min-calls:10}") int minCalls,
                              @Value("${shipwatch.diagnostics.provider.breaker-error-rate:0.10}") double errorRate,
                              @Value("${shipwatch.diagnostics.provider.breaker-open-for:30s}") Duration openFor) {
        return provider -> new ProviderGuard(provider, limiter,
                new CircuitBreaker(window, minCalls, errorRate, openFor, System::nanoTime), attempts, backoff,
                maxRateWait, d -> Thread.sleep(d.toMillis()));
    }

    @Singleton
    TieredCache resultStore(Redis redis, OpenTelemetry telemetry,
                            @Value("${shipwatch.diagnostics.cache-ttl:1h}") Duration ttl,
                            @Value("${shipwatch.diagnostics.cache-local-entries:1000}") int localEntries) {
        TieredCache cache = new TieredCache(redis, "shipwatch:diagnostics:result:", ttl, localEntries,
                System::currentTimeMillis);
        Meter meter = telemetry.getMeter("io.shipwatch.diagnostics");
        meter.gaugeBuilder("shipwatch.diagnostics.cache.hit_ratio")
                .setDescription("Share of result-cache lookups answered from the cache since start")
                .buildWithCallback(m -> {
                    long total = cache.hits() + cache.misses();
                    m.record(total == 0 ? 0 : (double) cache.hits() / total);
                });
        meter.counterBuilder("shipwatch.diagnostics.cache.hits").buildWithCallback(m -> m.record(cache.hits()));
        meter.counterBuilder("shipwatch.diagnostics.cache.misses").buildWithCallback(m -> m.record(cache.misses()));
        return cache;
    }

    @Singleton
    ResultCache resultCache(TieredCache cache) {
        return new CachedRootCauses(cache);
    }

    @Singleton
    DiagnosticSession diagnosticSession(PatternLibrary library, @Named("collectors") ExecutorService executor,
                                        ResultCache cache, SessionSettings settings) {
        return new DiagnosticSession(library, executor, cache, settings, System::nanoTime);
    }

    @PreDestroy
    void stop() {
        if (collectors != null) {
            collectors.shutdownNow();
        }
    }

    /** Builds the guard of one provider: its own circuit breaker, the shared rate limiter. */
    @FunctionalInterface
    interface GuardFactory {
        ProviderGuard forProvider(String provider);
    }
}
