package io.shipwatch.metrics.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: for random histories, delivered late, twice and out of order, the answer merged from
 * daily rollups equals the brute-force recomputation, for any filter and range. Each case is one
 * seed; a failure names it, and {@code -Dmetrics.propertySeed=N} replays exactly that case.
 */
class RollupsMatchBruteForcePropertyTest {
    static final int CASES = 400;

    static Stream<Long> seeds() {
        Long fixed = Long.getLong("metrics.propertySeed");
        if (fixed != null) {
            return Stream.of(fixed);
        }
        Random master = new Random();
        return LongStream.range(0, CASES).map(i -> master.nextLong()).boxed();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void mergedRollupsEqualBruteForce_whateverTheDeliveryOrder(long seed) {
        Random r = new Random(seed);
        List<History> histories = RandomHistories.generate(r, 1 + r.nextInt(120));
        InMemoryRollups rollups = new InMemoryRollups();
        rollups.applyAll(RandomHistories.deliveries(r, histories));

        LocalDate start = LocalDate.of(2026, 3, 2).plusDays(r.nextInt(21));
        DayRange range = new DayRange(start, start.plusDays(1 + r.nextInt(30)));
        int choice = r.nextInt(RandomHistories.SERVICES.size() + 1);
        String service = choice < RandomHistories.SERVICES.size() ? RandomHistories.SERVICES.get(choice) : null;
        boolean productionOnly = r.nextBoolean();
        Predicate<History> byHistory = h -> service == null || h.service().equals(service);
        Predicate<DayRollup> byRow = row -> service == null || row.service().equals(service);

        DeploymentMetrics got = rollups.metrics(range, byRow, productionOnly);
        BruteForce.Answer want = BruteForce.compute(histories, range, byHistory, productionOnly);
        MetricsAssertions.assertMatches(got, want);
    }
}
