package io.shipwatch.bench;

import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.shipwatch.metrics.domain.DeploymentChange;
import io.shipwatch.metrics.domain.DeploymentState;
import io.shipwatch.metrics.store.RollupWriter;
import io.shipwatch.metrics.store.Tables;
import io.shipwatch.metrics.v1.DeploymentMetrics;
import io.shipwatch.metrics.v1.GetDeploymentMetricsRequest;
import io.shipwatch.metrics.v1.MetricsServiceGrpc;
import io.shipwatch.platform.auth.Role;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.flywaydb.core.Flyway;

/**
 * metrics-service benchmark (see bench/run-metrics-bench.sh, which starts the two servers):
 * <ul>
 *   <li>{@code seed JDBC_URL}: 1,000,000 deployments as facts, rollups and raw history ({@link MetricsSeed});</li>
 *   <li>{@code read JDBC_URL UNCACHED_ADDR CACHED_ADDR SECRET}: GetDeploymentMetrics p50/p99 against a server
 *       with its cache off and one with it on, beside the seeds' approach and one SQL aggregate, per query shape;</li>
 *   <li>{@code ingest JDBC_URL}: events/s applied to rollups, batch and checkpoint in one transaction each.</li>
 * </ul>
 * Runs with metrics-service's jar on the classpath (it seeds rows with the service's own code).
 */
public final class MetricsBench {
    private static final Instant YEAR_START = MetricsSeed.FIRST_DAY.atStartOfDay().toInstant(ZoneOffset.UTC);
    private static final Instant YEAR_END = MetricsSeed.FIRST_DAY.plusDays(MetricsSeed.DAYS).atStartOfDay().toInstant(ZoneOffset.UTC);

    /**
     * A filter to measure, with how many requests of each kind. {@code rows}: the rollup rows a
     * request reads — the year 2025 is 12 whole months, so 12 month rows of the filter's group
     * (one service × environment, one service over all environments, or everything).
     */
    record Shape(String name, String service, String environment, long rows, int grpcRequests, int baselineRequests) {
    }

    private static final int SERVER_WARMUP = 3_000;
    private static final int GRPC_WARMUP = 30;
    private static final List<Shape> SHAPES = List.of(
            new Shape("1 service × production, 1 year (5,000 deployments)", "svc-07", "production", 12, 1_000, 10),
            new Shape("1 service, all environments, 1 year (20,000 deployments)", "svc-07", null, 12, 1_000, 10),
            new Shape("all services × environments, 1 year (1,000,000 deployments)", null, null, 12, 1_000, 3));

    private MetricsBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: seed URL | read URL UNCACHED CACHED SECRET | ingest URL");
        }
        try (Connection c = connect(args[1])) {
            switch (args[0]) {
                case "seed" -> {
                    long t0 = System.nanoTime();
                    MetricsSeed.seed(c);
                    System.out.printf(Locale.ROOT, "seeded %,d deployments, %,d rollup rows, %,d history rows in %.0f s%n",
                            MetricsSeed.count(c, "deployment_fact"), MetricsSeed.count(c, "rollup_day"),
                            MetricsSeed.count(c, "seed_history"), (System.nanoTime() - t0) / 1e9);
                }
                case "read" -> read(c, args[2], args[3], args[4]);
                case "ingest" -> ingest(c, args[1]);
                default -> throw new IllegalArgumentException("unknown command " + args[0]);
            }
        }
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, System.getenv().getOrDefault("PGUSER", "postgres"),
                System.getenv().getOrDefault("PGPASSWORD", ""));
    }

    private static void read(Connection c, String uncachedAddress, String cachedAddress, String secret) throws Exception {
        ManagedChannel uncachedChannel = NettyChannelBuilder.forTarget(uncachedAddress).usePlaintext().build();
        ManagedChannel cachedChannel = NettyChannelBuilder.forTarget(cachedAddress).usePlaintext().build();
        var token = Channels.bearer(secret, "bench", Role.VIEWER, Duration.ofHours(2));
        var uncached = MetricsServiceGrpc.newBlockingStub(uncachedChannel).withInterceptors(token);
        var cached = MetricsServiceGrpc.newBlockingStub(cachedChannel).withInterceptors(token);
        // Steady state, as a long-running server is: JIT-compile both servers' read paths on every shape first.
        for (int i = 0; i < SERVER_WARMUP; i++) {
            GetDeploymentMetricsRequest request = request(SHAPES.get(i % SHAPES.size()));
            uncached.withDeadlineAfter(60, TimeUnit.SECONDS).getDeploymentMetrics(request);
            cached.withDeadlineAfter(60, TimeUnit.SECONDS).getDeploymentMetrics(request);
        }
        System.out.println("| query | rollup rows read | rollups, uncached p50 / p99 | rollups, cached p50 / p99 |"
                + " seeds' approach p50 / p99 | one SQL aggregate p50 / p99 | seeds ÷ uncached (p50) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (Shape shape : SHAPES) {
            GetDeploymentMetricsRequest request = request(shape);
            DeploymentMetrics answer = uncached.withDeadlineAfter(60, TimeUnit.SECONDS).getDeploymentMetrics(request).getMetrics();
            Histogram u = time(GRPC_WARMUP, shape.grpcRequests(),
                    () -> uncached.withDeadlineAfter(60, TimeUnit.SECONDS).getDeploymentMetrics(request));
            Histogram k = time(GRPC_WARMUP, shape.grpcRequests() * 5,
                    () -> cached.withDeadlineAfter(60, TimeUnit.SECONDS).getDeploymentMetrics(request));
            MetricsBaselines.Figures[] seedFigures = new MetricsBaselines.Figures[1];
            Histogram s = time(1, shape.baselineRequests(),
                    () -> seedFigures[0] = MetricsBaselines.seeds(c, shape.service(), shape.environment(), YEAR_START, YEAR_END));
            MetricsBaselines.Figures[] sqlFigures = new MetricsBaselines.Figures[1];
            Histogram q = time(1, shape.baselineRequests(),
                    () -> sqlFigures[0] = MetricsBaselines.sqlAggregate(c, shape.service(), shape.environment(), YEAR_START, YEAR_END));
            System.out.printf(Locale.ROOT, "| %s | %,d | %s / %s ms | %s / %s ms | %s / %s ms | %s / %s ms | %.0f× |%n",
                    shape.name(), shape.rows(), ms(u, 50), ms(u, 99), ms(k, 50), ms(k, 99), ms(s, 50), ms(s, 99),
                    ms(q, 50), ms(q, 99), (double) s.getValueAtPercentile(50) / u.getValueAtPercentile(50));
            System.err.printf(Locale.ROOT, "  %s: rollups total=%d failed=%d cfr=%.4f | seeds (≤ %,d) total=%d cfr=%.4f"
                            + " | sql total=%d cfr=%.4f%n", shape.name(), answer.getTotalDeployments(), answer.getFailedDeployments(),
                    answer.getChangeFailureRate(), MetricsBaselines.SEEDS_LIMIT, seedFigures[0].deployments(),
                    seedFigures[0].changeFailureRate(), sqlFigures[0].deployments(), sqlFigures[0].changeFailureRate());
        }
        uncachedChannel.shutdownNow();
        cachedChannel.shutdownNow();
    }

    private static GetDeploymentMetricsRequest request(Shape shape) {
        GetDeploymentMetricsRequest.Builder b = GetDeploymentMetricsRequest.newBuilder()
                .setStartTime(Timestamp.newBuilder().setSeconds(YEAR_START.getEpochSecond()))
                .setEndTime(Timestamp.newBuilder().setSeconds(YEAR_END.getEpochSecond()));
        if (shape.service() != null) {
            b.setService(shape.service());
        }
        if (shape.environment() != null) {
            b.setEnvironment(shape.environment());
        }
        return b.build();
    }

    /** Work that may throw, timed one call at a time. */
    @FunctionalInterface
    interface Call {
        Object run() throws Exception;
    }

    private static Histogram time(int warmup, int requests, Call call) throws Exception {
        for (int i = 0; i < warmup; i++) {
            call.run();
        }
        Histogram h = Histograms.newHistogram();
        for (int i = 0; i < requests; i++) {
            long t0 = System.nanoTime();
            call.run();
            h.recordValue(Histograms.clampMicros((System.nanoTime() - t0) / 1000));
        }
        return h;
    }

    private static String ms(Histogram h, double percentile) {
        return Histograms.ms(h.getValueAtPercentile(percentile) / 1000.0);
    }

    /**
     * 25,000 deployments over 50 services × 4 environments × 30 days, their events (created, in
     * progress, outcome, sometimes a rollback or inactivation) in commit order, applied in
     * batches of 100 with the checkpoint advanced in the same transaction, as the consumer does —
     * into the seeded store (a year of 1,000,000 deployments, with planner statistics), as a
     * service that has run for a while ingests. Its own services and January 2026 keep it apart
     * from the seeded year; what an earlier run ingested is deleted first.
     */
    private static void ingest(Connection c, String url) throws SQLException {
        Flyway.configure().dataSource(url, System.getenv().getOrDefault("PGUSER", "postgres"),
                System.getenv().getOrDefault("PGPASSWORD", "")).locations("classpath:db/migration").load().migrate();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("delete from deployment_fact where service like 'ingest-%'");
            s.execute("delete from rollup_day where day >= '2026-01-01'");
            s.execute("delete from rollup_month where month >= '2026-01-01'");
        }
        c.commit();
        List<DeploymentChange> events = new ArrayList<>();
        Random r = new Random(42);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 25_000; i++) {
            String env = List.of("production", "production-eu", "staging", "qa").get(r.nextInt(4));
            String service = String.format(Locale.ROOT, "ingest-svc-%02d", r.nextInt(50));
            Instant created = start.plusSeconds(r.nextInt(30 * 86_400));
            Instant commit = created.minusSeconds(r.nextInt(86_400));
            boolean production = env.startsWith("production");
            String id = "ingest-" + i;
            events.add(new DeploymentChange(id, service, env, production, created, commit, 1, DeploymentState.PENDING, created));
            Instant progress = created.plusSeconds(30);
            events.add(new DeploymentChange(id, service, env, production, created, commit, 2, DeploymentState.IN_PROGRESS, progress));
            Instant end = progress.plusSeconds(60 + r.nextInt(1_800));
            double p = r.nextDouble();
            DeploymentState outcome = p < 0.85 ? DeploymentState.SUCCEEDED : p < 0.95 ? DeploymentState.FAILED : DeploymentState.ERRORED;
            events.add(new DeploymentChange(id, service, env, production, created, commit, 3, outcome, end));
            if (r.nextInt(10) == 0) {
                events.add(new DeploymentChange(id, service, env, production, created, commit, 4,
                        outcome == DeploymentState.SUCCEEDED ? DeploymentState.INACTIVE : DeploymentState.ROLLED_BACK,
                        end.plusSeconds(600)));
            }
        }
        events.sort(Comparator.comparing(DeploymentChange::occurredAt));
        try (PreparedStatement init = c.prepareStatement(
                "insert into event_checkpoint (consumer, position) values ('bench', 0) on conflict (consumer) do update set position = 0")) {
            init.executeUpdate();
        }
        c.commit();
        long t0 = System.nanoTime();
        long inCommit = 0;
        try (PreparedStatement checkpoint = c.prepareStatement(
                "update event_checkpoint set position = ?, updated_at = now() where consumer = 'bench' and position = ?")) {
            for (int from = 0; from < events.size(); from += 100) {
                int to = Math.min(events.size(), from + 100);
                RollupWriter.apply(c, Tables.LIVE, events.subList(from, to));
                checkpoint.setLong(1, to);
                checkpoint.setLong(2, from);
                if (checkpoint.executeUpdate() != 1) {
                    throw new IllegalStateException("checkpoint moved");
                }
                long beforeCommit = System.nanoTime();
                c.commit();
                inCommit += System.nanoTime() - beforeCommit;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "| ingestion: %,d events of 25,000 deployments, batches of 100, one transaction each"
                + " | %.1f s (%.1f s of it in commit) | %,.0f events/s |%n", events.size(), seconds, inCommit / 1e9, events.size() / seconds);
    }
}
