package io.shipwatch.metrics.store;

import io.shipwatch.metrics.domain.DayRollup;
import io.shipwatch.metrics.domain.DeploymentChange;
import io.shipwatch.metrics.domain.DeploymentFacts;
import io.shipwatch.metrics.domain.DeploymentState;
import io.shipwatch.metrics.domain.Recovered;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Applies a batch of events to the facts and rollups of one pair of tables, on the caller's
 * transaction. Facts merge (the domain's semilattice), then every row the batch can have
 * changed is recomputed from the facts — the deployments' own rows, and the rows of earlier
 * failures whose recovery a new success ends — so late, duplicate and out-of-order events
 * leave each row exactly what a recomputation from scratch gives.
 */
public final class RollupWriter {
    /** What a batch did: the rows it really changed, and the deployments that reached a final state. */
    public record Result(List<ChangedRow> changedRows, List<Ended> ended) {
    }

    /** A deployment whose latest state became a final one in this batch. */
    public record Ended(String service, String environment, DeploymentState state) {
    }

    private RollupWriter() {
    }

    public static Result apply(Connection c, Tables t, List<DeploymentChange> changes) throws SQLException {
        Map<String, DeploymentFacts> batch = new LinkedHashMap<>();
        for (DeploymentChange change : changes) {
            batch.merge(change.deploymentId(), DeploymentFacts.of(change), DeploymentFacts::merge);
        }
        Map<String, DeploymentFacts> before = FactStore.load(c, t, batch.keySet());
        List<DeploymentFacts> merged = new ArrayList<>();
        List<DeploymentFacts> newSuccesses = new ArrayList<>();
        List<Ended> ended = new ArrayList<>();
        Set<RowKey> touched = new HashSet<>();
        for (DeploymentFacts fresh : batch.values()) {
            DeploymentFacts old = before.get(fresh.deploymentId());
            DeploymentFacts now = old == null ? fresh : old.merge(fresh);
            if (now.equals(old)) {
                continue;
            }
            merged.add(now);
            touched.add(new RowKey(now.service(), now.environment(), now.day()));
            if (now.production() && now.succeededAt() != null
                    && (old == null || !Objects.equals(old.succeededAt(), now.succeededAt()))) {
                newSuccesses.add(now);
            }
            if (now.state().isEnded() && (old == null || old.state() != now.state())) {
                ended.add(new Ended(now.service(), now.environment(), now.state()));
            }
        }
        if (merged.isEmpty()) {
            return new Result(List.of(), List.of());
        }
        FactStore.save(c, t, merged);
        touched.addAll(FactStore.rowsRecoveredBy(c, t, newSuccesses));
        return new Result(recompute(c, t, touched), ended);
    }

    /**
     * Recomputes these service × environment × day rows from the facts, writes the ones that
     * differ from what is stored, and folds the differences into their group and month rows.
     */
    public static List<ChangedRow> recompute(Connection c, Tables t, Set<RowKey> keys) throws SQLException {
        Map<RowKey, List<Recovered>> deployments = FactStore.loadRows(c, t, keys);
        Map<RowKey, StoredRows.Row> stored = StoredRows.days(c, t, keys);
        List<ChangedRow> changed = new ArrayList<>();
        List<GroupedRollups.RowChange> changes = new ArrayList<>();
        try (PreparedStatement upsert = c.prepareStatement(upsertDaySql(t))) {
            for (RowKey k : keys) {
                DayRollup row = DayRollup.of(k.service(), k.environment(), k.day(), deployments.getOrDefault(k, List.of()));
                byte[] all = row.all().encode();
                byte[] production = row.production().encode();
                StoredRows.Row old = stored.get(k);
                boolean allChanged = old == null || !Arrays.equals(old.all(), all);
                boolean productionChanged = old == null || !Arrays.equals(old.production(), production);
                if (!allChanged && !productionChanged) {
                    continue;
                }
                bindDay(upsert, k, row.production().deployed(), all, production);
                upsert.addBatch();
                changed.add(new ChangedRow(k, allChanged, productionChanged));
                changes.add(new GroupedRollups.RowChange(k, old == null ? null : old.all(), old == null ? null : old.production(),
                        all, production, row.production().deployed()));
            }
            if (!changed.isEmpty()) {
                upsert.executeBatch();
            }
        }
        GroupedRollups.apply(c, t, changes);
        return changed;
    }

    static String upsertDaySql(Tables t) {
        return "insert into " + t.rollups()
                + " (service, environment, day, production_deployed, all_stats, production_stats) values (?, ?, ?, ?, ?, ?)"
                + " on conflict (service, environment, day) do update set production_deployed = excluded.production_deployed,"
                + " all_stats = excluded.all_stats, production_stats = excluded.production_stats";
    }

    static void bindDay(PreparedStatement upsert, RowKey k, long productionDeployed, byte[] all, byte[] production)
            throws SQLException {
        upsert.setString(1, k.service());
        upsert.setString(2, k.environment());
        upsert.setObject(3, k.day());
        upsert.setLong(4, productionDeployed);
        upsert.setBytes(5, all);
        upsert.setBytes(6, production);
    }
}
