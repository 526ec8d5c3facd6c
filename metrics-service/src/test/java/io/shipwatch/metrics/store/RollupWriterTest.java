package io.shipwatch.metrics.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.shipwatch.metrics.domain.DayRollup;
import io.shipwatch.metrics.domain.DeploymentChange;
import io.shipwatch.metrics.domain.DeploymentState;
import io.shipwatch.metrics.domain.History;
import io.shipwatch.metrics.domain.InMemoryRollups;
import io.shipwatch.metrics.domain.RandomHistories;
import io.shipwatch.metrics.domain.RollupSection;
import io.shipwatch.platform.testing.RequiresPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The incremental rollups in PostgreSQL against a recomputation from scratch, under any delivery. */
@RequiresPostgres
class RollupWriterTest {
    private static StoreDatabase db;
    private static Connection c;

    @BeforeAll
    static void database() throws SQLException {
        db = new StoreDatabase("metrics_store");
        c = db.connection();
    }

    @AfterAll
    static void drop() throws SQLException {
        db.close();
    }

    @BeforeEach
    void empty() throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("truncate deployment_fact, rollup_day, rollup_month");
        }
        c.commit();
    }

    static Stream<Long> seeds() {
        Random master = new Random();
        return LongStream.range(0, 25).map(i -> master.nextLong()).boxed();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void rowsKeptIncrementallyEqualRowsRecomputedFromScratch_underLateDuplicateAndOutOfOrderBatches(long seed)
            throws SQLException {
        Random r = new Random(seed);
        List<History> histories = RandomHistories.generate(r, 1 + r.nextInt(150));
        List<DeploymentChange> deliveries = RandomHistories.deliveries(r, histories);
        for (int from = 0; from < deliveries.size(); ) {
            int to = Math.min(deliveries.size(), from + 1 + r.nextInt(100));
            RollupWriter.apply(c, Tables.LIVE, deliveries.subList(from, to));
            c.commit();
            from = to;
        }
        InMemoryRollups scratch = new InMemoryRollups();
        histories.forEach(h -> scratch.applyAll(h.events()));

        // Every service × environment × day row, and the group rows that merge it with the rest of its
        // service, its environment and everything: recomputed from scratch, not by the deltas under test.
        Map<RowKey, RollupSection[]> want = new HashMap<>();
        for (DayRollup row : scratch.rows()) {
            for (RowKey k : List.of(new RowKey(row.service(), row.environment(), row.day()),
                    new RowKey(row.service(), GroupedRollups.ALL, row.day()),
                    new RowKey(GroupedRollups.ALL, row.environment(), row.day()),
                    new RowKey(GroupedRollups.ALL, GroupedRollups.ALL, row.day()))) {
                RollupSection[] pair = want.computeIfAbsent(k, x -> new RollupSection[] {new RollupSection(), new RollupSection()});
                pair[0].merge(row.all());
                pair[1].merge(row.production());
            }
        }
        Map<RowKey, List<byte[]>> got = storedRows();
        assertThat(got.keySet()).isEqualTo(want.keySet());
        want.forEach((k, v) -> {
            assertThat(got.get(k).get(0)).as("all section of %s", k).isEqualTo(v[0].encode());
            assertThat(got.get(k).get(1)).as("production section of %s", k).isEqualTo(v[1].encode());
        });
        assertMonthRowsAreTheMergeOfTheirDays(want);
    }

    /** Each month row holds the merged sections of its day rows and the days with a production deployment. */
    private static void assertMonthRowsAreTheMergeOfTheirDays(Map<RowKey, RollupSection[]> days) throws SQLException {
        Map<RowKey, RollupSection[]> merged = new HashMap<>();
        Map<RowKey, Long> deployDays = new HashMap<>();
        days.forEach((d, sections) -> {
            RowKey month = new RowKey(d.service(), d.environment(), d.day().withDayOfMonth(1));
            RollupSection[] pair = merged.computeIfAbsent(month, k -> new RollupSection[] {new RollupSection(), new RollupSection()});
            pair[0].merge(sections[0]);
            pair[1].merge(sections[1]);
            deployDays.merge(month, sections[1].deployed() > 0 ? 1L << (d.day().getDayOfMonth() - 1) : 0L, (a, b) -> a | b);
        });
        Map<RowKey, Object[]> stored = new HashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select service, environment, month, deploy_days, all_stats, production_stats from rollup_month")) {
            while (rs.next()) {
                stored.put(new RowKey(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class)),
                        new Object[] {rs.getLong(4), rs.getBytes(5), rs.getBytes(6)});
            }
        }
        c.commit();
        assertThat(stored.keySet()).isEqualTo(merged.keySet());
        merged.forEach((k, v) -> {
            assertThat(stored.get(k)[0]).as("deploy days of %s", k).isEqualTo(deployDays.get(k));
            assertThat((byte[]) stored.get(k)[1]).as("all section of %s", k).isEqualTo(v[0].encode());
            assertThat((byte[]) stored.get(k)[2]).as("production section of %s", k).isEqualTo(v[1].encode());
        });
    }

    @Test
    void aDuplicateBatch_changesNoRow() throws SQLException {
        Instant t = Instant.parse("2026-03-02T10:00:00Z");
        List<DeploymentChange> events = History.start("a", "cart", "production", true, t, null)
                .then(DeploymentState.SUCCEEDED, t.plusSeconds(60)).events();
        assertThat(RollupWriter.apply(c, Tables.LIVE, events).changedRows()).hasSize(1);
        c.commit();

        assertThat(RollupWriter.apply(c, Tables.LIVE, events).changedRows()).isEmpty();
        c.commit();
    }

    @Test
    void aLateSuccess_changesTheRowsOfTheFailuresItRecovers_andOnlyThose() throws SQLException {
        Instant day1 = Instant.parse("2026-03-02T10:00:00Z");
        Instant day2 = day1.plus(Duration.ofDays(1));
        Instant day4 = day1.plus(Duration.ofDays(3));
        List<DeploymentChange> early = new ArrayList<>();
        early.addAll(History.start("ok", "cart", "production", true, day1.minusSeconds(3600), null)
                .then(DeploymentState.SUCCEEDED, day1.minusSeconds(3000)).events());
        early.addAll(History.start("f1", "cart", "production", true, day1, null).then(DeploymentState.FAILED, day1.plusSeconds(60)).events());
        early.addAll(History.start("f2", "cart", "production", true, day2, null).then(DeploymentState.FAILED, day2.plusSeconds(60)).events());
        early.addAll(History.start("other", "search", "production", true, day2, null).then(DeploymentState.FAILED, day2.plusSeconds(60)).events());
        RollupWriter.apply(c, Tables.LIVE, early);
        c.commit();

        List<DeploymentChange> late = History.start("fix", "cart", "production", true, day4, null)
                .then(DeploymentState.SUCCEEDED, day4.plusSeconds(60)).events();
        List<ChangedRow> changed = RollupWriter.apply(c, Tables.LIVE, late).changedRows();
        c.commit();

        assertThat(changed).extracting(ChangedRow::key).containsExactlyInAnyOrder(
                new RowKey("cart", "production", LocalDate.of(2026, 3, 2)),
                new RowKey("cart", "production", LocalDate.of(2026, 3, 3)),
                new RowKey("cart", "production", LocalDate.of(2026, 3, 5)));
        // Recovery is a production-section matter: the all-deployments section of the failures' rows is unchanged.
        assertThat(changed).filteredOn(row -> !row.key().day().equals(LocalDate.of(2026, 3, 5)))
                .allSatisfy(row -> assertThat(row.productionChanged()).isTrue());
    }

    private static Map<RowKey, List<byte[]>> storedRows() throws SQLException {
        Map<RowKey, List<byte[]>> out = new HashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select service, environment, day, all_stats, production_stats from rollup_day")) {
            while (rs.next()) {
                out.put(new RowKey(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class)),
                        List.of(rs.getBytes(4), rs.getBytes(5)));
            }
        }
        c.commit();
        return out;
    }
}
