package io.shipwatch.metrics.store;

import io.shipwatch.metrics.domain.RollupSection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows a query reads instead of many service × environment × day rows: the same day for all
 * services, all environments or both ({@link #ALL} in the key), and every grouping's calendar
 * month. Each is the merge of its members, kept by adding a changed member's new sections and
 * taking out its old ones, in the transaction that changed the member — so a year over every
 * service is 12 rows, and a change costs one read and one write of the rows it belongs to.
 */
public final class GroupedRollups {
    /** Stands for "every service" or "every environment" in a group row's key; never a real name. */
    public static final String ALL = "";

    /** A row whose sections went from old (null: the row did not exist) to new. */
    public record RowChange(RowKey key, byte[] oldAll, byte[] oldProduction, byte[] newAll, byte[] newProduction) {
    }

    private GroupedRollups() {
    }

    /** Folds changes of service × environment × day rows into their group day rows and all month rows. */
    public static void apply(Connection c, Tables t, List<RowChange> dayChanges) throws SQLException {
        if (dayChanges.isEmpty()) {
            return;
        }
        Map<RowKey, Target> days = new LinkedHashMap<>();
        for (RowChange change : dayChanges) {
            for (RowKey group : groupsOf(change.key())) {
                days.computeIfAbsent(group, g -> new Target()).changes.add(change);
            }
        }
        loadInto(c, t.rollups(), "day", days);
        List<RowChange> allDayChanges = new ArrayList<>(dayChanges);
        for (Map.Entry<RowKey, Target> e : days.entrySet()) {
            Target target = e.getValue();
            byte[][] now = target.result();
            allDayChanges.add(new RowChange(e.getKey(), target.storedAll, target.storedProduction, now[0], now[1]));
        }
        upsertDays(c, t, days);

        Map<RowKey, Target> months = new LinkedHashMap<>();
        for (RowChange change : allDayChanges) {
            RowKey k = change.key();
            months.computeIfAbsent(new RowKey(k.service(), k.environment(), k.day().withDayOfMonth(1)), m -> new Target())
                    .changes.add(change);
        }
        loadInto(c, t.monthRollups(), "month", months);
        upsertMonths(c, t, months);
    }

    /** A group row: what is stored now (null if nothing), and the member changes to fold into it. */
    private static final class Target {
        byte[] storedAll;
        byte[] storedProduction;
        long deployDays;
        final List<RowChange> changes = new ArrayList<>();
        private byte[][] result;

        /** The stored sections plus every change's new sections minus its old ones. */
        byte[][] result() {
            if (result == null) {
                result = applied();
            }
            return result;
        }

        private byte[][] applied() {
            RollupSection all = new RollupSection();
            RollupSection production = new RollupSection();
            if (storedAll != null) {
                all.mergeEncoded(storedAll);
                production.mergeEncoded(storedProduction);
            }
            for (RowChange change : changes) {
                all.mergeEncoded(change.newAll());
                production.mergeEncoded(change.newProduction());
                if (change.oldAll() != null) {
                    all.subtractEncoded(change.oldAll());
                    production.subtractEncoded(change.oldProduction());
                }
            }
            return new byte[][] {all.encode(), production.encode()};
        }

        /** Deploy-day bits with each changed day's bit set again from its new production section. */
        long appliedDeployDays() {
            long bits = deployDays;
            for (RowChange change : changes) {
                long bit = 1L << (change.key().day().getDayOfMonth() - 1);
                RollupSection production = new RollupSection();
                production.mergeEncoded(change.newProduction());
                bits = production.deployed() > 0 ? bits | bit : bits & ~bit;
            }
            return bits;
        }
    }

    private static void loadInto(Connection c, String table, String dateColumn, Map<RowKey, Target> targets)
            throws SQLException {
        boolean months = dateColumn.equals("month");
        try (PreparedStatement s = c.prepareStatement("select r.service, r.environment, r." + dateColumn
                + ", r.all_stats, r.production_stats" + (months ? ", r.deploy_days" : "") + " from " + table + " r"
                + " join unnest(?::text[], ?::text[], ?::text[]) as k(service, environment, at)"
                + " on r.service = k.service and r.environment = k.environment and r." + dateColumn + " = k.at::date")) {
            FactStore.bindKeys(c, s, targets.keySet());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Target target = targets.get(new RowKey(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class)));
                    target.storedAll = rs.getBytes(4);
                    target.storedProduction = rs.getBytes(5);
                    target.deployDays = months ? rs.getLong(6) : 0;
                }
            }
        }
    }

    private static void upsertDays(Connection c, Tables t, Map<RowKey, Target> days) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement(RollupWriter.upsertDaySql(t))) {
            for (Map.Entry<RowKey, Target> e : days.entrySet()) {
                byte[][] now = e.getValue().result();
                RollupSection production = new RollupSection();
                production.mergeEncoded(now[1]);
                RollupWriter.bindDay(upsert, e.getKey(), production.deployed(), now[0], now[1]);
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    private static void upsertMonths(Connection c, Tables t, Map<RowKey, Target> months) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("insert into " + t.monthRollups()
                + " (service, environment, month, deploy_days, all_stats, production_stats) values (?, ?, ?, ?, ?, ?)"
                + " on conflict (service, environment, month) do update set deploy_days = excluded.deploy_days,"
                + " all_stats = excluded.all_stats, production_stats = excluded.production_stats")) {
            for (Map.Entry<RowKey, Target> e : months.entrySet()) {
                RowKey k = e.getKey();
                byte[][] now = e.getValue().result();
                upsert.setString(1, k.service());
                upsert.setString(2, k.environment());
                upsert.setObject(3, k.day());
                upsert.setLong(4, e.getValue().appliedDeployDays());
                upsert.setBytes(5, now[0]);
                upsert.setBytes(6, now[1]);
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /** The group day rows a service × environment × day row belongs to. */
    private static List<RowKey> groupsOf(RowKey k) {
        return List.of(new RowKey(k.service(), ALL, k.day()), new RowKey(ALL, k.environment(), k.day()), new RowKey(ALL, ALL, k.day()));
    }
}
