package io.shipwatch.diagnostics.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.shipwatch.diagnostics.domain.TokenBucket;
import io.shipwatch.platform.testing.Infra;
import io.shipwatch.platform.testing.RequiresRedis;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rate limit and result cache shared by two instances through a real Redis, and what happens when it goes away. */
@RequiresRedis
class RedisSharedStateTest {
    private TcpProxy proxy;
    private Redis one;
    private Redis two;
    private final String prefix = "test:" + UUID.randomUUID() + ":";

    @BeforeEach
    void start() throws Exception {
        URI redis = URI.create(Infra.redis().orElseThrow());
        proxy = new TcpProxy(redis.getHost(), redis.getPort());
        one = new Redis("redis://127.0.0.1:" + proxy.port());
        two = new Redis("redis://127.0.0.1:" + proxy.port());
    }

    @AfterEach
    void stop() throws Exception {
        one.close();
        two.close();
        proxy.close();
    }

    @Test
    void twoInstancesShareOneProviderRateLimit() {
        RedisRateLimiter a = new RedisRateLimiter(one, 10, new TokenBucket(10, System::nanoTime), prefix);
        RedisRateLimiter b = new RedisRateLimiter(two, 10, new TokenBucket(10, System::nanoTime), prefix);
        int granted = 0;
        for (int i = 0; i < 10; i++) {
            granted += a.tryAcquire("kubernetes").isZero() ? 1 : 0;
            granted += b.tryAcquire("kubernetes").isZero() ? 1 : 0;
        }
        assertThat(granted).as("10 per minute across both instances").isEqualTo(10);
        assertThat(a.tryAcquire("kubernetes")).isBetween(Duration.ofMillis(1), Duration.ofSeconds(6));
        assertThat(b.tryAcquire("ecs")).as("another provider has its own bucket").isZero();
    }

    @Test
    void whenRedisGoesAway_theLimitFallsBackToTheInstance_andRedisIsUsedAgainWhenItReturns() throws Exception {
        RedisRateLimiter a = new RedisRateLimiter(one, 5, new TokenBucket(5, System::nanoTime), prefix);
        for (int i = 0; i < 5; i++) {
            assertThat(a.tryAcquire("kubernetes")).isZero();
        }
        assertThat(a.tryAcquire("kubernetes")).isPositive();
        proxy.stop();
        int granted = 0;
        for (int i = 0; i < 8; i++) {
            granted += a.tryAcquire("kubernetes").isZero() ? 1 : 0;
        }
        assertThat(granted).as("the in-process bucket still limits").isEqualTo(5);
        proxy.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !one.call(c -> c.ping()).isEmpty());
        assertThat(a.tryAcquire("kubernetes")).as("back on the shared, exhausted bucket").isPositive();
    }

    @Test
    void aResultCachedByOneInstanceIsAHitForTheOther_andTheLocalTierServesWhileRedisIsDown() throws Exception {
        TieredCache a = new TieredCache(one, prefix, Duration.ofHours(1), 10, System::currentTimeMillis);
        TieredCache b = new TieredCache(two, prefix, Duration.ofHours(1), 10, System::currentTimeMillis);
        byte[] value = "root causes".getBytes(StandardCharsets.UTF_8);
        assertThat(b.get("fp-1")).isEmpty();
        a.put("fp-1", value);
        assertThat(b.get("fp-1")).hasValueSatisfying(v -> assertThat(v).isEqualTo(value));
        assertThat(one.call(c -> c.pttl((prefix + "fp-1").getBytes(StandardCharsets.UTF_8))).orElseThrow())
                .isBetween(Duration.ofMinutes(59).toMillis(), Duration.ofHours(1).toMillis());
        proxy.stop();
        assertThat(b.get("fp-1")).as("copied into b's local tier").isPresent();
        assertThat(b.get("fp-2")).isEmpty();
        a.put("fp-3", value);
        assertThat(a.get("fp-3")).isPresent();
        assertThat(b.hits()).isEqualTo(2);
        assertThat(b.misses()).isEqualTo(2);
    }
}
