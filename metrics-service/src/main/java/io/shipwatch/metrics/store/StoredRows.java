package io.shipwatch.metrics.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Reads rollup rows as they are stored, by key, in one statement per call. */
final class StoredRows {
    /** A stored row's encoded sections; {@code deployDays} is a month row's bits (0 for a day row). */
    record Row(byte[] all, byte[] production, long deployDays) {
    }

    private StoredRows() {
    }

    static Map<RowKey, Row> days(Connection c, Tables t, Collection<RowKey> keys) throws SQLException {
        return load(c, "select r.service, r.environment, r.day, r.all_stats, r.production_stats, 0 from " + t.rollups()
                + " r join unnest(?::text[], ?::text[], ?::text[]) as k(service, environment, at)"
                + " on r.service = k.service and r.environment = k.environment and r.day = k.at::date", keys);
    }

    static Map<RowKey, Row> months(Connection c, Tables t, Collection<RowKey> keys) throws SQLException {
        return load(c, "select r.service, r.environment, r.month, r.all_stats, r.production_stats, r.deploy_days from "
                + t.monthRollups() + " r join unnest(?::text[], ?::text[], ?::text[]) as k(service, environment, at)"
                + " on r.service = k.service and r.environment = k.environment and r.month = k.at::date", keys);
    }

    private static Map<RowKey, Row> load(Connection c, String sql, Collection<RowKey> keys) throws SQLException {
        Map<RowKey, Row> out = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            FactStore.bindKeys(c, s, keys);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(new RowKey(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class)),
                            new Row(rs.getBytes(4), rs.getBytes(5), rs.getLong(6)));
                }
            }
        }
        return out;
    }
}
