package io.shipwatch.status.store;

import io.shipwatch.status.domain.Deployment;
import io.shipwatch.status.domain.DeploymentFilter;
import io.shipwatch.status.domain.DeploymentState;
import io.shipwatch.platform.paging.PageToken;
import io.shipwatch.status.domain.Provider;
import io.shipwatch.status.domain.Target;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The deployment table, with each change's history row and event. Hand-written SQL because
 * the queries need what repositories cannot say: row locks, jsonb containment, keyset
 * pagination over a composite key, and one statement writing three tables.
 */
@Singleton
public class DeploymentStore {
    private static final String COLUMNS = "id, service, environment, version, commit_sha, commit_time, description, labels::text,"
            + " production, target_provider, target_cluster, target_namespace, target_workload, target_region, state,"
            + " revision, created_by, create_time, update_time, log_url, status_count";

    /** A deployment read under a row lock, with how many statuses it has. */
    public record Locked(Deployment deployment, int statusCount) {
    }

    /**
     * A change of a deployment as stored: the deployment row after it, its history entry and
     * its event, written together by ONE statement (a round trip each would triple the cost).
     */
    public record Change(Deployment deployment, int statusCount, String actor, String eventType, byte[] eventPayload,
                         String traceparent) {
    }

    /** The history row and the event, fed by the "changed" CTE of the statements below. */
    private static final String HISTORY_AND_EVENT = """
            , history as (
                insert into status_history (deployment_id, state, description, actor, log_url, revision, recorded_at)
                select id, ?, ?, ?, ?, ?, ? from changed)
            insert into event (deployment_id, event_type, payload, traceparent, occurred_at)
            select id, ?, ?, ?, ? from changed""";

    /** Inserts a new deployment with its first history entry and its creation event. */
    public void insert(Connection c, Change change) throws SQLException {
        Deployment d = change.deployment();
        try (PreparedStatement ps = c.prepareStatement("with changed as (insert into deployment ("
                + COLUMNS.replace("labels::text", "labels")
                + ") values (?,?,?,?,?,?,?,?::jsonb,?,?,?,?,?,?,?,?,?,?,?,?,?) returning id)" + HISTORY_AND_EVENT)) {
            int i = 1;
            ps.setObject(i++, d.id());
            ps.setString(i++, d.service());
            ps.setString(i++, d.environment());
            ps.setString(i++, d.version());
            ps.setString(i++, d.commitSha());
            ps.setTimestamp(i++, d.commitTime() == null ? null : Timestamp.from(d.commitTime()));
            ps.setString(i++, d.description());
            ps.setString(i++, Labels.toJson(d.labels()));
            ps.setBoolean(i++, d.production());
            ps.setString(i++, d.target().provider().name());
            ps.setString(i++, d.target().cluster());
            ps.setString(i++, d.target().namespace());
            ps.setString(i++, d.target().workload());
            ps.setString(i++, d.target().region());
            ps.setString(i++, d.state().name());
            ps.setLong(i++, d.revision());
            ps.setString(i++, d.createdBy());
            ps.setTimestamp(i++, Timestamp.from(d.createTime()));
            ps.setTimestamp(i++, Timestamp.from(d.updateTime()));
            ps.setString(i++, d.logUrl());
            ps.setInt(i++, change.statusCount());
            bindHistoryAndEvent(ps, i, change);
            ps.executeUpdate();
        }
    }

    /** Updates a locked deployment and appends its history entry and event. */
    public void update(Connection c, Change change) throws SQLException {
        Deployment d = change.deployment();
        try (PreparedStatement ps = c.prepareStatement("with changed as (update deployment set state = ?, revision = ?,"
                + " description = ?, log_url = ?, update_time = ?, status_count = ? where id = ? returning id)"
                + HISTORY_AND_EVENT)) {
            int i = 1;
            ps.setString(i++, d.state().name());
            ps.setLong(i++, d.revision());
            ps.setString(i++, d.description());
            ps.setString(i++, d.logUrl());
            ps.setTimestamp(i++, Timestamp.from(d.updateTime()));
            ps.setInt(i++, change.statusCount());
            ps.setObject(i++, d.id());
            bindHistoryAndEvent(ps, i, change);
            ps.executeUpdate();
        }
    }

    private static void bindHistoryAndEvent(PreparedStatement ps, int first, Change change) throws SQLException {
        Deployment d = change.deployment();
        Timestamp at = Timestamp.from(d.updateTime());
        int i = first;
        ps.setString(i++, d.state().name());
        ps.setString(i++, d.description());
        ps.setString(i++, change.actor());
        ps.setString(i++, d.logUrl());
        ps.setLong(i++, d.revision());
        ps.setTimestamp(i++, at);
        ps.setString(i++, change.eventType());
        ps.setBytes(i++, change.eventPayload());
        ps.setString(i++, change.traceparent());
        ps.setTimestamp(i, at);
    }

    public Optional<Deployment> find(Connection c, UUID id) throws SQLException {
        return one(c, "select " + COLUMNS + " from deployment where id = ?", id).map(Locked::deployment);
    }

    /** Reads and row-locks a deployment for the rest of the transaction. */
    public Optional<Locked> lock(Connection c, UUID id) throws SQLException {
        return one(c, "select " + COLUMNS + " from deployment where id = ? for update", id);
    }

    /** The SUCCEEDED deployment of a service and environment other than {@code except}, locked. */
    public Optional<Locked> lockCurrentSuccess(Connection c, String service, String environment, UUID except) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from deployment"
                + " where service = ? and environment = ? and state = 'SUCCEEDED' and id <> ? for update")) {
            ps.setString(1, service);
            ps.setString(2, environment);
            ps.setObject(3, except);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(locked(rs)) : Optional.empty();
            }
        }
    }

    /** One page, newest first, after the cursor; fetches limit rows. */
    public List<Deployment> list(Connection c, DeploymentFilter f, PageToken after, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("select ").append(COLUMNS).append(" from deployment where true");
        List<Object> args = new ArrayList<>();
        if (!f.service().isEmpty()) {
            sql.append(" and service = ?");
            args.add(f.service());
        }
        if (!f.environment().isEmpty()) {
            sql.append(" and environment = ?");
            args.add(f.environment());
        }
        if (!f.states().isEmpty()) {
            sql.append(" and state = any(?)");
            args.add(f.states().stream().map(Enum::name).toArray(String[]::new));
        }
        if (!f.labels().isEmpty()) {
            sql.append(" and labels @> ?::jsonb");
            args.add(Labels.toJson(f.labels()));
        }
        if (f.createdAfter() != null) {
            sql.append(" and create_time >= ?");
            args.add(Timestamp.from(f.createdAfter()));
        }
        if (f.createdBefore() != null) {
            sql.append(" and create_time < ?");
            args.add(Timestamp.from(f.createdBefore()));
        }
        if (after != null) {
            sql.append(" and (create_time, id) < (?, ?)");
            args.add(Timestamp.from(after.createTime()));
            args.add(after.id());
        }
        sql.append(" order by create_time desc, id desc limit ?");
        args.add(limit);
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                Object arg = args.get(i);
                if (arg instanceof String[] array) {
                    ps.setArray(i + 1, c.createArrayOf("text", array));
                } else {
                    ps.setObject(i + 1, arg);
                }
            }
            List<Deployment> page = new ArrayList<>(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    page.add(locked(rs).deployment());
                }
            }
            return page;
        }
    }

    private Optional<Locked> one(Connection c, String sql, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(locked(rs)) : Optional.empty();
            }
        }
    }

    private static Locked locked(ResultSet rs) throws SQLException {
        Timestamp commitTime = rs.getTimestamp(6);
        Deployment d = new Deployment(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                commitTime == null ? null : commitTime.toInstant(),
                rs.getString(7),
                Labels.fromJson(rs.getString(8)),
                rs.getBoolean(9),
                new Target(Provider.valueOf(rs.getString(10)), rs.getString(11), rs.getString(12), rs.getString(13),
                        rs.getString(14)),
                DeploymentState.valueOf(rs.getString(15)),
                rs.getLong(16),
                rs.getString(17),
                rs.getTimestamp(18).toInstant(),
                rs.getTimestamp(19).toInstant(),
                rs.getString(20));
        return new Locked(d, rs.getInt(21));
    }

}
