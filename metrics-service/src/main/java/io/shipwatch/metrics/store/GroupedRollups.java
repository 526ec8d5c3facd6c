package io.shipwatch.metrics.store;

import io.shipwatch.metrics.domain.RollupSection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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

    /**
     * A day row whose sections went from old (null: the row did not exist) to new;
     * {@code newProductionDeployed} is the new production section's count of successful deployments.
     */
    public record RowChange(RowKey key, byte[] oldAll, byte[] oldProduction, byte[] newAll, byte[] newProduction,
                            long newProductionDeployed) {
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
        StoredRows.days(c, t, days.keySet()).forEach((k, row) -> days.get(k).stored = row);
        List<RowChange> allDayChanges = new ArrayList<>(dayChanges);
        try (PreparedStatement upsert = c.prepareStatement(RollupWriter.upsertDaySql(t))) {
            for (Map.Entry<RowKey, Target> e : days.entrySet()) {
                StoredRows.Row old = e.getValue().stored;
                Sections now = e.getValue().applied();
                RollupWriter.bindDay(upsert, e.getKey(), now.productionDeployed(), now.all(), now.production());
                upsert.addBatch();
                allDayChanges.add(new RowChange(e.getKey(), old == null ? null : old.all(), old == null ? null : old.production(),
                        now.all(), now.production(), now.productionDeployed()));
            }
            upsert.executeBatch();
        }

        Map<RowKey, Target> months = new LinkedHashMap<>();
        for (RowChange change : allDayChanges) {
            RowKey k = change.key();
            months.computeIfAbsent(new RowKey(k.service(), k.environment(), k.day().withDayOfMonth(1)), m -> new Target())
                    .changes.add(change);
        }
        StoredRows.months(c, t, months.keySet()).forEach((k, row) -> months.get(k).stored = row);
        upsertMonths(c, t, months);
    }

    /** A group row's encoded sections after the changes, and its production section's deployments. */
    private record Sections(byte[] all, byte[] production, long productionDeployed) {
    }

    /** A group row: what is stored now (null if nothing), and the member changes to fold into it. */
    private static final class Target {
        StoredRows.Row stored;
        final List<RowChange> changes = new ArrayList<>();

        /** The stored sections plus every change's new sections minus its old ones. */
        Sections applied() {
            RollupSection all = new RollupSection();
            RollupSection production = new RollupSection();
            if (stored != null) {
                all.mergeEncoded(stored.all());
                production.mergeEncoded(stored.production());
            }
            for (RowChange change : changes) {
                all.mergeEncoded(change.newAll());
                production.mergeEncoded(change.newProduction());
                if (change.oldAll() != null) {
                    all.subtractEncoded(change.oldAll());
                    production.subtractEncoded(change.oldProduction());
                }
            }
            return new Sections(all.encode(), production.encode(), production.deployed());
        }

        /** A month's deploy-day bits with each changed day's bit set again from its new production section. */
        long appliedDeployDays() {
            long bits = stored == null ? 0 : stored.deployDays();
            for (RowChange change : changes) {
                long bit = 1L << (change.key().day().getDayOfMonth() - 1);
                bits = change.newProductionDeployed() > 0 ? bits | bit : bits & ~bit;
            }
            return bits;
        }
    }

    private static void upsertMonths(Connection c, Tables t, Map<RowKey, Target> months) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("insert into " + t.monthRollups()
                + " (service, environment, month, deploy_days, all_stats, production_stats) values (?, ?, ?, ?, ?, ?)"
                + " on conflict (service, environment, month) do update set deploy_days = excluded.deploy_days,"
                + " all_stats = excluded.all_stats, production_stats = excluded.production_stats")) {
            for (Map.Entry<RowKey, Target> e : months.entrySet()) {
                RowKey k = e.getKey();
                Sections now = e.getValue().applied();
                upsert.setString(1, k.service());
                upsert.setString(2, k.environment());
                upsert.setObject(3, k.day());
                upsert.setLong(4, e.getValue().appliedDeployDays());
                upsert.setBytes(5, now.all());
                upsert.setBytes(6, now.production());
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
