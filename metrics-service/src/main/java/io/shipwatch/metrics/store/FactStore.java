package io.shipwatch.metrics.store;

import io.shipwatch.metrics.domain.DeploymentFacts;
import io.shipwatch.metrics.domain.DeploymentState;
import io.shipwatch.metrics.domain.Recovered;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-deployment facts in PostgreSQL. The merge of old and new facts happens in the domain
 * ({@link DeploymentFacts#merge}); this class only loads and stores whole rows, in one statement
 * per batch each way. Only the consumer that holds the leadership lock writes here.
 */
final class FactStore {
    private static final String COLUMNS = "deployment_id, service, environment, production, day, commit_time, state, "
            + "state_revision, started_at, ended_at, succeeded_at, failed_at";

    private FactStore() {
    }

    static Map<String, DeploymentFacts> load(Connection c, Tables t, Collection<String> ids) throws SQLException {
        Map<String, DeploymentFacts> out = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from " + t.facts()
                + " where deployment_id = any(?)")) {
            s.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    DeploymentFacts f = read(rs);
                    out.put(f.deploymentId(), f);
                }
            }
        }
        return out;
    }

    static void save(Connection c, Tables t, Collection<DeploymentFacts> facts) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into " + t.facts() + " (" + COLUMNS + ")"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (deployment_id) do update set"
                + " commit_time = excluded.commit_time, state = excluded.state, state_revision = excluded.state_revision,"
                + " started_at = excluded.started_at, ended_at = excluded.ended_at,"
                + " succeeded_at = excluded.succeeded_at, failed_at = excluded.failed_at")) {
            for (DeploymentFacts f : facts) {
                s.setString(1, f.deploymentId());
                s.setString(2, f.service());
                s.setString(3, f.environment());
                s.setBoolean(4, f.production());
                s.setObject(5, f.day());
                s.setObject(6, time(f.commitTime()));
                s.setString(7, f.state().name());
                s.setLong(8, f.stateRevision());
                s.setObject(9, time(f.startedAt()));
                s.setObject(10, time(f.endedAt()));
                s.setObject(11, time(f.succeededAt()));
                s.setObject(12, time(f.failedAt()));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /**
     * The rows holding production failures whose recovery a success at one of these times may
     * change: failures of the same service and environment since the success before it.
     */
    static Set<RowKey> rowsRecoveredBy(Connection c, Tables t, List<DeploymentFacts> successes) throws SQLException {
        Set<RowKey> out = new HashSet<>();
        if (successes.isEmpty()) {
            return out;
        }
        try (PreparedStatement s = c.prepareStatement("select distinct f.service, f.environment, f.day"
                + " from unnest(?::text[], ?::text[], ?::text[]) as k(service, environment, at_text)"
                + " cross join lateral (select k.at_text::timestamptz as at) a"
                + " cross join lateral (select max(p.succeeded_at) as previous from " + t.facts() + " p"
                + "   where p.service = k.service and p.environment = k.environment and p.production"
                + "   and p.succeeded_at < a.at) prev"
                + " join " + t.facts() + " f on f.service = k.service and f.environment = k.environment and f.production"
                + "   and f.failed_at < a.at and f.failed_at >= coalesce(prev.previous, '-infinity'::timestamptz)")) {
            s.setArray(1, c.createArrayOf("text", successes.stream().map(DeploymentFacts::service).toArray()));
            s.setArray(2, c.createArrayOf("text", successes.stream().map(DeploymentFacts::environment).toArray()));
            s.setArray(3, c.createArrayOf("text", successes.stream().map(f -> f.succeededAt().toString()).toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new RowKey(rs.getString(1), rs.getString(2), rs.getObject(3, java.time.LocalDate.class)));
                }
            }
        }
        return out;
    }

    /** Every deployment of these rows, each production failure with the next production success after it. */
    static Map<RowKey, List<Recovered>> loadRows(Connection c, Tables t, Collection<RowKey> keys) throws SQLException {
        Map<RowKey, List<Recovered>> out = new HashMap<>();
        String sql = "select " + prefixed("f") + ", case when f.production and f.failed_at is not null then"
                + " (select min(s.succeeded_at) from " + t.facts() + " s where s.service = f.service"
                + "  and s.environment = f.environment and s.production and s.succeeded_at > f.failed_at) end"
                + " from " + t.facts() + " f join unnest(?::text[], ?::text[], ?::text[]) as k(service, environment, day)"
                + " on f.service = k.service and f.environment = k.environment and f.day = k.day::date";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bindKeys(c, s, keys);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    DeploymentFacts f = read(rs);
                    out.computeIfAbsent(new RowKey(f.service(), f.environment(), f.day()), k -> new ArrayList<>())
                            .add(new Recovered(f, instant(rs.getObject(13, OffsetDateTime.class))));
                }
            }
        }
        return out;
    }

    /** Binds row keys as three parallel arrays (parameters 1 to 3). */
    static void bindKeys(Connection c, PreparedStatement s, Collection<RowKey> keys) throws SQLException {
        Array services = c.createArrayOf("text", keys.stream().map(RowKey::service).toArray());
        Array environments = c.createArrayOf("text", keys.stream().map(RowKey::environment).toArray());
        Array days = c.createArrayOf("text", keys.stream().map(k -> k.day().toString()).toArray());
        s.setArray(1, services);
        s.setArray(2, environments);
        s.setArray(3, days);
    }

    private static String prefixed(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }

    private static DeploymentFacts read(ResultSet rs) throws SQLException {
        return new DeploymentFacts(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                rs.getObject(5, java.time.LocalDate.class), instant(rs.getObject(6, OffsetDateTime.class)),
                DeploymentState.valueOf(rs.getString(7)), rs.getLong(8), instant(rs.getObject(9, OffsetDateTime.class)),
                instant(rs.getObject(10, OffsetDateTime.class)), instant(rs.getObject(11, OffsetDateTime.class)),
                instant(rs.getObject(12, OffsetDateTime.class)));
    }

    private static OffsetDateTime time(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
