package io.shipwatch.metrics.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.shipwatch.metrics.domain.DeploymentChange;
import io.shipwatch.metrics.domain.History;
import io.shipwatch.metrics.domain.RandomHistories;
import io.shipwatch.platform.testing.RequiresPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A database from before group rows (V2: service × environment day rows and their month rows)
 * gains, through the Java migration V3, exactly the group and month rows the writer keeps.
 */
@RequiresPostgres
class GroupRowsMigrationTest {
    private static StoreDatabase db;
    private static Connection c;

    @BeforeAll
    static void database() throws SQLException {
        db = new StoreDatabase("metrics_migration");
        c = db.connection();
    }

    @AfterAll
    static void drop() throws SQLException {
        db.close();
    }

    @Test
    void v3_buildsTheGroupAndMonthRowsTheWriterWouldHaveKept() throws SQLException {
        Random r = new Random(20261126L);
        List<History> histories = RandomHistories.generate(r, 400);
        List<DeploymentChange> deliveries = RandomHistories.deliveries(r, histories);
        for (int from = 0; from < deliveries.size(); from += 100) {
            RollupWriter.apply(c, Tables.LIVE, deliveries.subList(from, Math.min(deliveries.size(), from + 100)));
            c.commit();
        }
        List<String> days = dump("select service, environment, day, production_deployed, encode(all_stats, 'hex'),"
                + " encode(production_stats, 'hex') from rollup_day order by 1, 2, 3");
        List<String> months = dump("select service, environment, month, deploy_days, encode(all_stats, 'hex'),"
                + " encode(production_stats, 'hex') from rollup_month order by 1, 2, 3");
        assertThat(days).anyMatch(row -> row.startsWith("|"));
        assertThat(months).anyMatch(row -> row.startsWith("||"));

        // Back to what a V2 database holds: no group day rows, month rows of service × environment only.
        try (Statement s = c.createStatement()) {
            s.execute("delete from rollup_day where service = '' or environment = ''");
            s.execute("delete from rollup_month where service = '' or environment = ''");
            s.execute("delete from flyway_schema_history where version = '3'");
        }
        c.commit();
        assertThat(dump("select count(*) from rollup_day")).isNotEqualTo(List.of(String.valueOf(days.size())));

        db.migrate();
        assertThat(dump("select service, environment, day, production_deployed, encode(all_stats, 'hex'),"
                + " encode(production_stats, 'hex') from rollup_day order by 1, 2, 3")).isEqualTo(days);
        assertThat(dump("select service, environment, month, deploy_days, encode(all_stats, 'hex'),"
                + " encode(production_stats, 'hex') from rollup_month order by 1, 2, 3")).isEqualTo(months);
    }

    private static List<String> dump(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i == 1 ? "" : "|").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        c.commit();
        return rows;
    }
}
