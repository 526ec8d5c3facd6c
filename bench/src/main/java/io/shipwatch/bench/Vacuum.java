package io.shipwatch.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@code VACUUM ANALYZE} of a database between the warm-up and the measured window: what
 * autovacuum does for a production server. The machine the benchmarks run on may have
 * autovacuum off, and then the window would measure tables production never sees — no planner
 * statistics, and every dead row version of the warm-up still in place.
 */
final class Vacuum {
    private Vacuum() {
    }

    /** Runs it; returns how it went, for the report. */
    static String run(String jdbcUrl) {
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            s.execute("vacuum analyze");
            return (System.nanoTime() - t0) / 1_000_000 + " ms";
        } catch (SQLException e) {
            return "failed: " + e.getMessage();
        }
    }
}
