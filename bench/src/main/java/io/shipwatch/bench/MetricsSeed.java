package io.shipwatch.bench;

import io.shipwatch.metrics.store.RollupWriter;
import io.shipwatch.metrics.store.RowKey;
import io.shipwatch.metrics.store.Tables;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Generates the read benchmark's data directly with SQL (it measures the read path, not
 * ingestion): 1,000,000 deployments over 50 services × 4 environments × 365 days as
 * metrics-service's per-deployment facts, their rollup rows computed by metrics-service's own
 * {@link RollupWriter#recompute}, and the same deployments as raw deployment + status-history
 * tables for the two baselines (the seeds' approach and one SQL aggregate).
 */
final class MetricsSeed {
    static final int SERVICES = 50;
    static final int ENVIRONMENTS = 4;
    static final int DAYS = 365;
    static final int DEPLOYMENTS = 1_000_000;
    static final LocalDate FIRST_DAY = LocalDate.of(2025, 1, 1);
    private static final int KEYS = SERVICES * ENVIRONMENTS * DAYS;

    private MetricsSeed() {
    }

    static void seed(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("truncate deployment_fact, rollup_day, rollup_month");
            s.execute("select setseed(0.42)");
            // Row i: key i % 73000 picks service, environment and day; about 13.7 deployments per key,
            // spread over the day. 80 % succeed, 8 % fail, 4 % error, 3 % succeed then roll back, 5 % are cancelled.
            s.execute("insert into deployment_fact (deployment_id, service, environment, production, day, commit_time, state,"
                    + " state_revision, started_at, ended_at, succeeded_at, failed_at)"
                    + " select 'bench-' || i, 'svc-' || lpad((k % " + SERVICES + ")::text, 2, '0'),"
                    + "  (array['production', 'production-eu', 'staging', 'qa'])[1 + (k / " + SERVICES + ") % 4],"
                    + "  (k / " + SERVICES + ") % 4 < 2, d::date, created - make_interval(secs => floor(r2 * 259200)),"
                    + "  state, case when state = 'ROLLED_BACK' then 5 else 4 end, created + interval '30 seconds', ended,"
                    + "  case when state in ('SUCCEEDED', 'ROLLED_BACK') then ended end,"
                    + "  case when state in ('FAILED', 'ERRORED') then ended when state = 'ROLLED_BACK' then ended + interval '10 minutes' end"
                    + " from (select i, k, d, created, r2, created + interval '30 seconds' + make_interval(secs => 60 + floor(r3 * 1740)) as ended,"
                    + "   case when r1 < 0.80 then 'SUCCEEDED' when r1 < 0.88 then 'FAILED' when r1 < 0.92 then 'ERRORED'"
                    + "        when r1 < 0.95 then 'ROLLED_BACK' else 'CANCELLED' end as state"
                    + "  from (select i, i % " + KEYS + " as k, date '" + FIRST_DAY + "' + ((i % " + KEYS + ") / " + (SERVICES * ENVIRONMENTS) + ") as d,"
                    + "     (date '" + FIRST_DAY + "' + ((i % " + KEYS + ") / " + (SERVICES * ENVIRONMENTS) + "))::timestamp at time zone 'UTC'"
                    + "       + make_interval(secs => (i / " + KEYS + ") * 5000 + floor(random() * 3000)) as created,"
                    + "     random() as r1, random() as r2, random() as r3"
                    + "   from generate_series(0, " + (DEPLOYMENTS - 1) + ") as i) g) x");
            s.execute("analyze deployment_fact");
        }
        c.commit();
        List<RowKey> keys = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select distinct service, environment, day from deployment_fact")) {
            while (rs.next()) {
                keys.add(new RowKey(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class)));
            }
        }
        for (int from = 0; from < keys.size(); from += 1000) {
            RollupWriter.recompute(c, Tables.LIVE, new HashSet<>(keys.subList(from, Math.min(keys.size(), from + 1000))));
            c.commit();
        }
        try (Statement s = c.createStatement()) {
            s.execute("analyze rollup_day");
            s.execute("analyze rollup_month");
            s.execute("drop table if exists seed_history, seed_deployment");
            s.execute("create table seed_deployment as select deployment_id as id, service, environment, production,"
                    + " started_at - interval '30 seconds' as created_at, commit_time from deployment_fact");
            s.execute("create table seed_history as"
                    + " select deployment_id, 1 as revision, 'PENDING' as state, started_at - interval '30 seconds' as at from deployment_fact"
                    + " union all select deployment_id, 2, 'IN_PROGRESS', started_at from deployment_fact"
                    + " union all select deployment_id, 3, case when state = 'ROLLED_BACK' then 'SUCCEEDED' else state end, ended_at from deployment_fact"
                    + " union all select deployment_id, 4, 'ROLLED_BACK', failed_at from deployment_fact where state = 'ROLLED_BACK'");
            s.execute("create index on seed_deployment (created_at)");
            s.execute("create index on seed_deployment (service, created_at)");
            s.execute("create index on seed_history (deployment_id, revision)");
            s.execute("analyze seed_deployment");
            s.execute("analyze seed_history");
        }
        c.commit();
    }

    static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
