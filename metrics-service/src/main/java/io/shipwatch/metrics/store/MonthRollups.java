package io.shipwatch.metrics.store;

import io.shipwatch.metrics.domain.RollupSection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Month rows: each the merge of one service × environment's day rows of a calendar month,
 * recomputed from those day rows whenever one of them changes, in the same transaction.
 */
final class MonthRollups {
    private MonthRollups() {
    }

    static void recompute(Connection c, Tables t, Collection<RowKey> changedDays) throws SQLException {
        Set<RowKey> months = new HashSet<>();
        changedDays.forEach(k -> months.add(new RowKey(k.service(), k.environment(), k.day().withDayOfMonth(1))));
        if (months.isEmpty()) {
            return;
        }
        Map<RowKey, RollupSection[]> sections = new HashMap<>();
        Map<RowKey, Long> deployDays = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("select r.service, r.environment, r.day, r.production_deployed > 0,"
                + " r.all_stats, r.production_stats from " + t.rollups() + " r"
                + " join unnest(?::text[], ?::text[], ?::text[]) as k(service, environment, month)"
                + " on r.service = k.service and r.environment = k.environment"
                + " and r.day >= k.month::date and r.day < k.month::date + interval '1 month'")) {
            FactStore.bindKeys(c, s, months);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    LocalDate day = rs.getObject(3, LocalDate.class);
                    RowKey month = new RowKey(rs.getString(1), rs.getString(2), day.withDayOfMonth(1));
                    RollupSection[] pair = sections.computeIfAbsent(month, k -> new RollupSection[] {new RollupSection(), new RollupSection()});
                    pair[0].mergeEncoded(rs.getBytes(5));
                    pair[1].mergeEncoded(rs.getBytes(6));
                    if (rs.getBoolean(4)) {
                        deployDays.merge(month, 1L << (day.getDayOfMonth() - 1), (a, b) -> a | b);
                    }
                }
            }
        }
        try (PreparedStatement upsert = c.prepareStatement("insert into " + t.monthRollups()
                + " (service, environment, month, deploy_days, all_stats, production_stats) values (?, ?, ?, ?, ?, ?)"
                + " on conflict (service, environment, month) do update set deploy_days = excluded.deploy_days,"
                + " all_stats = excluded.all_stats, production_stats = excluded.production_stats")) {
            for (Map.Entry<RowKey, RollupSection[]> e : sections.entrySet()) {
                RowKey k = e.getKey();
                upsert.setString(1, k.service());
                upsert.setString(2, k.environment());
                upsert.setObject(3, k.day());
                upsert.setLong(4, deployDays.getOrDefault(k, 0L));
                upsert.setBytes(5, e.getValue()[0].encode());
                upsert.setBytes(6, e.getValue()[1].encode());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }
}
