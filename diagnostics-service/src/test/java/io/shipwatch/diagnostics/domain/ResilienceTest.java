package io.shipwatch.diagnostics.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Rate limit, circuit breaker and retries, on a fake clock. */
class ResilienceTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<Duration> slept = new ArrayList<>();
    private final ProviderGuard.Sleeper sleeper = d -> {
        slept.add(d);
        now.addAndGet(d.toNanos());
    };

    @Test
    void tokenBucket_allowsTheBurstThenRefillsAtTheRate() {
        TokenBucket bucket = new TokenBucket(60, now::get);
        for (int i = 0; i < 60; i++) {
            assertThat(bucket.tryAcquire("kubernetes")).isZero();
        }
        Duration wait = bucket.tryAcquire("kubernetes");
        assertThat(wait).isBetween(Duration.ofMillis(900), Duration.ofMillis(1000));
        assertThat(bucket.tryAcquire("ecs")).as("buckets are per provider").isZero();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(bucket.tryAcquire("kubernetes")).isZero();
    }

    @Test
    void breaker_opensAtTenPercentErrors_thenLetsOneTrialThroughAfterTheOpenTime() {
        CircuitBreaker breaker = new CircuitBreaker(20, 20, 0.10, Duration.ofSeconds(30), now::get);
        for (int i = 0; i < 18; i++) {
            assertThat(breaker.allow()).isTrue();
            breaker.record(true);
        }
        breaker.allow();
        breaker.record(false);
        assertThat(breaker.state()).as("1 of 19: below min calls").isEqualTo(CircuitBreaker.State.CLOSED);
        breaker.allow();
        breaker.record(false);
        assertThat(breaker.state()).as("2 of 20 = 10 %").isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.allow()).isFalse();
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        assertThat(breaker.allow()).as("trial").isTrue();
        assertThat(breaker.allow()).as("only one trial at a time").isFalse();
        breaker.record(true);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void guard_retriesTransientFailuresWithJitteredExponentialBackoff_thenSucceeds() throws Exception {
        ProviderGuard guard = guard(new TokenBucket(100, now::get), 3);
        AtomicInteger calls = new AtomicInteger();
        String out = guard.call("list pods", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new ProviderGuard.TransientException("503", null);
            }
            return "ok";
        });
        assertThat(out).isEqualTo("ok");
        assertThat(calls).hasValue(3);
        assertThat(slept).hasSize(2);
        assertThat(slept.get(0)).isLessThanOrEqualTo(Duration.ofMillis(200));
        assertThat(slept.get(1)).isLessThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void guard_doesNotRetryPermanentFailures() {
        ProviderGuard guard = guard(new TokenBucket(100, now::get), 3);
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> guard.call("get pod", () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("403 forbidden");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void guard_refusesWhenTheCircuitIsOpen() throws Exception {
        CircuitBreaker breaker = new CircuitBreaker(10, 1, 0.10, Duration.ofSeconds(30), now::get);
        ProviderGuard guard = new ProviderGuard("kubernetes", new TokenBucket(100, now::get), breaker, 1,
                Duration.ofMillis(200), Duration.ofSeconds(5), sleeper);
        assertThatThrownBy(() -> guard.call("x", () -> {
            throw new ProviderGuard.TransientException("boom", null);
        })).isInstanceOf(ProviderGuard.TransientException.class);
        assertThatThrownBy(() -> guard.call("x", () -> "never"))
                .isInstanceOf(ProviderGuard.RefusedException.class).hasMessageContaining("circuit open");
    }

    @Test
    void guard_waitsForARateToken_orRefusesWhenTheWaitWouldBeTooLong() throws Exception {
        TokenBucket bucket = new TokenBucket(60, now::get);
        ProviderGuard guard = new ProviderGuard("kubernetes", bucket,
                new CircuitBreaker(10, 10, 0.1, Duration.ofSeconds(30), now::get), 1, Duration.ofMillis(200),
                Duration.ofMillis(1500), sleeper);
        for (int i = 0; i < 60; i++) {
            guard.call("x", () -> "ok");
        }
        assertThat(guard.call("x", () -> "after wait")).isEqualTo("after wait");
        assertThat(slept).hasSize(1);
        TokenBucket slow = new TokenBucket(1, now::get);
        slow.tryAcquire("kubernetes");
        ProviderGuard strict = new ProviderGuard("kubernetes", slow,
                new CircuitBreaker(10, 10, 0.1, Duration.ofSeconds(30), now::get), 1, Duration.ofMillis(200),
                Duration.ofMillis(1500), sleeper);
        assertThatThrownBy(() -> strict.call("x", () -> "no"))
                .isInstanceOf(ProviderGuard.RefusedException.class).hasMessageContaining("rate limit");
    }

    private ProviderGuard guard(RateLimiter limiter, int attempts) {
        return new ProviderGuard("kubernetes", limiter, new CircuitBreaker(50, 10, 0.1, Duration.ofSeconds(30), now::get),
                attempts, Duration.ofMillis(200), Duration.ofSeconds(5), sleeper);
    }
}
