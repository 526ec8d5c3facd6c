package io.shipwatch.metrics.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.OpenTelemetry;
import io.shipwatch.metrics.OwnRedis;
import io.shipwatch.metrics.domain.DayRange;
import io.shipwatch.metrics.domain.MetricsQuery;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exact invalidation across the in-process and Redis tiers and two replicas, and Redis going away. */
class AnswerCacheTest {
    private static final DayRange MARCH = new DayRange(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 4, 1));
    private static final DayRange APRIL = new DayRange(LocalDate.of(2026, 4, 1), LocalDate.of(2026, 5, 1));
    private static final MetricsQuery CART_MARCH = new MetricsQuery("cart", null, false, MARCH, null);
    private static final MetricsQuery CART_MARCH_PRODUCTION = new MetricsQuery("cart", null, true, MARCH, null);
    private static final MetricsQuery CART_STAGING_MARCH_DAYS = new MetricsQuery("cart", "staging", false, MARCH, DayRange.Bucket.DAY);
    private static final MetricsQuery SEARCH_MARCH = new MetricsQuery("search", null, false, MARCH, null);
    private static final MetricsQuery ALL_MARCH = new MetricsQuery(null, null, false, MARCH, null);
    private static final MetricsQuery ALL_APRIL = new MetricsQuery(null, null, false, APRIL, null);
    private static final MetricsQuery PRODUCTION_ENV_MARCH = new MetricsQuery(null, "production", false, MARCH, null);
    private static final List<MetricsQuery> ALL_QUERIES = List.of(CART_MARCH, CART_MARCH_PRODUCTION, CART_STAGING_MARCH_DAYS,
            SEARCH_MARCH, ALL_MARCH, ALL_APRIL, PRODUCTION_ENV_MARCH);
    /** What start() caches to learn that a replica hears Redis: no query above reads its row. */
    private static final MetricsQuery PROBE = new MetricsQuery("probe", "probe", false,
            new DayRange(LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 2)), null);
    private static final ChangedRow PROBE_ROW = new ChangedRow(new RowKey("probe", "probe", LocalDate.of(2026, 6, 1)), true, true);

    private OwnRedis redis;
    private TieredAnswerCache replicaA;
    private TieredAnswerCache replicaB;

    @BeforeEach
    void start() {
        redis = OwnRedis.start();
        replicaA = cache(redis.uri());
        replicaB = cache(redis.uri());
        await().atMost(Duration.ofSeconds(10)).until(() -> listening(replicaA) && listening(replicaB));
        // Take the probes out again. Not with clear(): its broadcast could reach the other replica after
        // a test has filled it. This invalidation is the only message either hears, and it drops only the probe.
        replicaA.invalidate(List.of(PROBE_ROW), 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> replicaA.localSize() == 0 && replicaB.localSize() == 0);
    }

    @AfterEach
    void stop() {
        replicaA.close();
        replicaB.close();
        redis.close();
    }

    private static TieredAnswerCache cache(String uri) {
        return new TieredAnswerCache(uri, 100, Duration.ofMinutes(5), OpenTelemetry.noop());
    }

    /** The in-process tier admits answers only while the replica hears invalidations. */
    private static boolean listening(TieredAnswerCache c) {
        c.put(PROBE, bytes("probe"), 0);
        return c.localSize() > 0;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aChangedStagingRow_dropsExactlyTheAnswersThatReadIt_inBothTiersOfBothReplicas() {
        for (MetricsQuery q : ALL_QUERIES) {
            replicaA.put(q, bytes(q.toString()), 10);
            replicaB.put(q, bytes(q.toString()), 10);
        }
        assertThat(replicaB.localSize()).isEqualTo(ALL_QUERIES.size());

        // Only the all-deployments section of cart × staging × 5 March changed.
        replicaA.invalidate(List.of(new ChangedRow(new RowKey("cart", "staging", LocalDate.of(2026, 3, 5)), true, false)), 11);

        List<MetricsQuery> dropped = List.of(CART_MARCH, CART_STAGING_MARCH_DAYS, ALL_MARCH);
        await().atMost(Duration.ofSeconds(5)).until(() -> replicaB.localSize() == ALL_QUERIES.size() - dropped.size());
        for (MetricsQuery q : ALL_QUERIES) {
            boolean kept = !dropped.contains(q);
            assertThat(replicaA.get(q) != null).as("replica A keeps %s", q).isEqualTo(kept);
            assertThat(replicaB.get(q) != null).as("replica B keeps %s", q).isEqualTo(kept);
        }
        // Redis itself (a third replica with an empty in-process tier).
        try (TieredAnswerCache fresh = cache(redis.uri())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> fresh.get(SEARCH_MARCH) != null);
            for (MetricsQuery q : ALL_QUERIES) {
                assertThat(fresh.get(q) != null).as("Redis keeps %s", q).isEqualTo(!dropped.contains(q));
            }
        }
    }

    @Test
    void aChangedProductionSection_alsoDropsProductionOnlyAnswers() {
        ALL_QUERIES.forEach(q -> replicaA.put(q, bytes("x"), 10));

        replicaA.invalidate(List.of(new ChangedRow(new RowKey("cart", "production", LocalDate.of(2026, 3, 31)), false, true)), 11);

        assertThat(replicaA.get(CART_MARCH_PRODUCTION)).isNull();
        assertThat(replicaA.get(CART_MARCH)).isNull();
        assertThat(replicaA.get(PRODUCTION_ENV_MARCH)).isNull();
        assertThat(replicaA.get(ALL_MARCH)).isNull();
        assertThat(replicaA.get(CART_STAGING_MARCH_DAYS)).isNotNull();
        assertThat(replicaA.get(SEARCH_MARCH)).isNotNull();
        assertThat(replicaA.get(ALL_APRIL)).isNotNull();
    }

    @Test
    void anAnswerReadBeforeAnInvalidation_isNotAdmittedAfterIt() {
        replicaA.invalidate(List.of(new ChangedRow(new RowKey("cart", "production", LocalDate.of(2026, 3, 2)), true, true)), 20);

        replicaA.put(SEARCH_MARCH, bytes("read at 19"), 19);
        replicaA.put(ALL_APRIL, bytes("read at 20"), 20);

        assertThat(replicaA.get(SEARCH_MARCH)).isNull();
        assertThat(replicaB.get(SEARCH_MARCH)).isNull();
        assertThat(replicaA.get(ALL_APRIL)).isEqualTo(bytes("read at 20"));
    }

    @Test
    void redisDown_cacheMissesWithoutFailing_andCachingResumesWhenItReturns() {
        replicaA.put(ALL_MARCH, bytes("before"), 1);
        redis.down();
        await().atMost(Duration.ofSeconds(10)).until(() -> replicaA.localSize() == 0);

        replicaA.put(ALL_MARCH, bytes("during"), 2);
        replicaA.invalidate(List.of(new ChangedRow(new RowKey("cart", "production", LocalDate.of(2026, 3, 2)), true, true)), 3);
        assertThat(replicaA.get(ALL_MARCH)).isNull();

        redis.up();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            replicaA.put(ALL_MARCH, bytes("after"), 3);
            // Seen by the other replica: it went through Redis.
            return replicaB.get(ALL_MARCH) != null;
        });
        assertThat(replicaA.get(ALL_MARCH)).isEqualTo(bytes("after"));
        assertThat(replicaB.get(ALL_MARCH)).isEqualTo(bytes("after"));
    }
}
