package io.shipwatch.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The two ways to answer GetDeploymentMetrics without rollups, over the raw deployment and
 * status-history tables {@link MetricsSeed} made: the seeds' approach (load up to 10,000
 * deployments and their histories, compute in memory) and one SQL aggregate over the raw history.
 */
final class MetricsBaselines {
    static final int SEEDS_LIMIT = 10_000;

    /** The few figures both baselines produce, so a run can show they computed something real. */
    record Figures(long deployments, long failed, long finished, double changeFailureRate, double durationP50Seconds) {
    }

    private MetricsBaselines() {
    }

    /** The seeds: newest 10,000 deployments of the filter, one batched history load, loops in memory. */
    static Figures seeds(Connection c, String service, String environment, Instant from, Instant to) throws SQLException {
        List<String> ids = new ArrayList<>();
        Map<String, Boolean> production = new HashMap<>();
        Map<String, Timestamp> commit = new HashMap<>();
        String sql = "select id, production, commit_time from seed_deployment where created_at >= ? and created_at < ?"
                + (service == null ? "" : " and service = ?") + (environment == null ? "" : " and environment = ?")
                + " order by created_at desc limit " + SEEDS_LIMIT;
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bindFilter(s, service, environment, from, to);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                    production.put(rs.getString(1), rs.getBoolean(2));
                    commit.put(rs.getString(1), rs.getTimestamp(3));
                }
            }
        }
        Map<String, List<Object[]>> histories = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "select deployment_id, state, at from seed_history where deployment_id = any(?) order by deployment_id, revision")) {
            Array array = c.createArrayOf("text", ids.toArray());
            s.setArray(1, array);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    histories.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new Object[] {rs.getString(2), rs.getTimestamp(3).toInstant()});
                }
            }
        }
        long failed = 0;
        long finished = 0;
        List<Long> durations = new ArrayList<>();
        List<Long> leadTimes = new ArrayList<>();
        Set<String> failures = new HashSet<>();
        for (String id : ids) {
            List<Object[]> h = histories.getOrDefault(id, List.of());
            String last = (String) h.get(h.size() - 1)[0];
            Instant started = null;
            Instant ended = null;
            Instant succeeded = null;
            for (Object[] step : h) {
                String state = (String) step[0];
                Instant at = (Instant) step[1];
                if (state.equals("IN_PROGRESS") && started == null) {
                    started = at;
                }
                if (ended == null && List.of("SUCCEEDED", "FAILED", "ERRORED", "CANCELLED").contains(state)) {
                    ended = at;
                }
                if (state.equals("SUCCEEDED")) {
                    succeeded = at;
                }
            }
            if (started != null && ended != null) {
                durations.add(ended.toEpochMilli() - started.toEpochMilli());
            }
            if (production.get(id)) {
                boolean isFailure = List.of("FAILED", "ERRORED", "ROLLED_BACK").contains(last);
                failed += isFailure ? 1 : 0;
                finished += isFailure || last.equals("SUCCEEDED") ? 1 : 0;
                if (isFailure) {
                    failures.add(id);
                }
                if (succeeded != null && commit.get(id) != null) {
                    leadTimes.add(succeeded.toEpochMilli() - commit.get(id).getTime());
                }
            }
        }
        Collections.sort(durations);
        Collections.sort(leadTimes);
        return new Figures(ids.size(), failed, finished, finished == 0 ? 0 : (double) failed / finished,
                durations.isEmpty() ? 0 : durations.get(durations.size() / 2) / 1000.0);
    }

    /** Everything in one statement over the raw history, no limit. */
    static Figures sqlAggregate(Connection c, String service, String environment, Instant from, Instant to) throws SQLException {
        String sql = "with d as (select d.id, d.production,"
                + "   min(h.at) filter (where h.state = 'IN_PROGRESS') as started,"
                + "   min(h.at) filter (where h.state in ('SUCCEEDED', 'FAILED', 'ERRORED', 'CANCELLED')) as ended,"
                + "   min(h.at) filter (where h.state = 'SUCCEEDED') as succeeded, d.commit_time,"
                + "   (array_agg(h.state order by h.revision desc))[1] as last"
                + "  from seed_deployment d join seed_history h on h.deployment_id = d.id"
                + "  where d.created_at >= ? and d.created_at < ?"
                + (service == null ? "" : " and d.service = ?") + (environment == null ? "" : " and d.environment = ?")
                + "  group by d.id, d.production, d.commit_time)"
                + " select count(*), count(*) filter (where production and last in ('FAILED', 'ERRORED', 'ROLLED_BACK')),"
                + "  count(*) filter (where production and last in ('SUCCEEDED', 'FAILED', 'ERRORED', 'ROLLED_BACK')),"
                + "  percentile_cont(0.5) within group (order by extract(epoch from ended - started)),"
                + "  percentile_cont(0.99) within group (order by extract(epoch from ended - started)),"
                + "  percentile_cont(0.5) within group (order by extract(epoch from succeeded - commit_time)) filter (where production)"
                + " from d";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bindFilter(s, service, environment, from, to);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long failed = rs.getLong(2);
                long finished = rs.getLong(3);
                return new Figures(rs.getLong(1), failed, finished, finished == 0 ? 0 : (double) failed / finished, rs.getDouble(4));
            }
        }
    }

    /** Binds created_at range, then service and environment when given, in the order the queries name them. */
    private static void bindFilter(PreparedStatement s, String service, String environment, Instant from, Instant to)
            throws SQLException {
        int i = 1;
        s.setTimestamp(i++, Timestamp.from(from));
        s.setTimestamp(i++, Timestamp.from(to));
        if (service != null) {
            s.setString(i++, service);
        }
        if (environment != null) {
            s.setString(i, environment);
        }
    }
}
