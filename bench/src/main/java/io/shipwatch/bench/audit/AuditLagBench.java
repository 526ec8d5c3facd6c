package io.shipwatch.bench.audit;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.shipwatch.platform.auth.DevTokens;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.status.v1.CreateDeploymentRequest;
import io.shipwatch.status.v1.DeploymentState;
import io.shipwatch.status.v1.RecordStatusRequest;
import io.shipwatch.status.v1.RecordStatusResponse;
import io.shipwatch.status.v1.StatusServiceGrpc;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Consumer lag at a fixed event rate: an open-loop generator issues RecordStatus calls to a
 * real status-service process at RATE per second (each call is one event); the real
 * audit-service runs in this JVM and consumes StreamEvents into its chain. The lag of an
 * entry is recorded_at (taken by the consumer inside the transaction that commits the entry
 * and the checkpoint) minus occurred_at (status-service's commit time of the event), read
 * from the audit database for the events of the measured window. Same host clock.
 *
 * <p>Usage: AuditLagBench STATUS_ADDRESS SECRET AUDIT_JDBC_URL USER PASSWORD [RATE] [WARMUP_S] [DURATION_S]
 */
public final class AuditLagBench {
    /** Enough deployments that each takes about one call a second: no two calls wait on one row lock. */
    static final int DEPLOYMENTS = 1000;
    /** Calls in flight at most; a tick that would exceed it skips its call (counted), so an overloaded server is not buried. */
    static final int MAX_IN_FLIGHT = 256;

    private AuditLagBench() {
    }

    public static void main(String[] args) throws Exception {
        String status = args[0];
        String secret = args[1];
        String url = args[2];
        String user = args[3];
        String password = args[4];
        int rate = args.length > 5 ? Integer.parseInt(args[5]) : 1000;
        int warmup = args.length > 6 ? Integer.parseInt(args[6]) : 10;
        int duration = args.length > 7 ? Integer.parseInt(args[7]) : 30;

        ManagedChannel channel = NettyChannelBuilder.forTarget(status).usePlaintext().build();
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                "Bearer " + DevTokens.issue(secret, "bench-ci", List.of(Role.DEPLOYER), Duration.ofHours(4)));
        StatusServiceGrpc.StatusServiceBlockingStub blocking = StatusServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        StatusServiceGrpc.StatusServiceFutureStub async = StatusServiceGrpc.newFutureStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < DEPLOYMENTS; i++) {
            String id = blocking.createDeployment(CreateDeploymentRequest.newBuilder().setService("lag-" + i)
                    .setEnvironment("bench").build()).getDeployment().getId();
            blocking.recordStatus(RecordStatusRequest.newBuilder().setDeploymentId(id)
                    .setState(DeploymentState.DEPLOYMENT_STATE_IN_PROGRESS).build());
            ids.add(id);
        }

        try (InProcessAudit audit = new InProcessAudit(url, user, password, Map.of(
                "shipwatch.consumer.enabled", true,
                "grpc.channels.status.address", status,
                "grpc.channels.status.plaintext", true,
                "shipwatch.auth.hs256-secret", secret))) {
            AtomicLong sent = new AtomicLong();
            AtomicLong skipped = new AtomicLong();
            java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(MAX_IN_FLIGHT);
            AtomicLong ok = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            java.util.concurrent.ConcurrentHashMap<String, AtomicLong> failures = new java.util.concurrent.ConcurrentHashMap<>();
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
            int perTick = Math.max(1, rate / 100);
            Instant start = Instant.now();
            Instant windowStart = start.plusSeconds(warmup);
            Instant windowEnd = windowStart.plusSeconds(duration);
            ticker.scheduleAtFixedRate(() -> {
                for (int i = 0; i < perTick; i++) {
                    if (!inFlight.tryAcquire()) {
                        skipped.incrementAndGet();
                        continue;
                    }
                    String id = ids.get((int) (sent.getAndIncrement() % ids.size()));
                    Futures.addCallback(async.withDeadlineAfter(10, TimeUnit.SECONDS).recordStatus(RecordStatusRequest.newBuilder()
                            .setDeploymentId(id).setState(DeploymentState.DEPLOYMENT_STATE_IN_PROGRESS).build()),
                            new FutureCallback<RecordStatusResponse>() {
                                @Override
                                public void onSuccess(RecordStatusResponse r) {
                                    inFlight.release();
                                    ok.incrementAndGet();
                                }

                                @Override
                                public void onFailure(Throwable t) {
                                    inFlight.release();
                                    failed.incrementAndGet();
                                    failures.computeIfAbsent(io.grpc.Status.fromThrowable(t).getCode().name(), k -> new AtomicLong())
                                            .incrementAndGet();
                                }
                            }, MoreExecutors.directExecutor());
                }
            }, 0, 10, TimeUnit.MILLISECONDS);
            Thread.sleep(Duration.between(Instant.now(), windowEnd).toMillis());
            ticker.shutdown();
            long issued = sent.get();
            // Let the consumer catch up with everything issued, then read the window's lags.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline && ok.get() + failed.get() < issued) {
                Thread.sleep(100);
            }
            long expectedEntries = ok.get() + 2L * DEPLOYMENTS;
            while (System.nanoTime() < deadline && count(url, user, password) < expectedEntries) {
                Thread.sleep(200);
            }
            try (Connection c = DriverManager.getConnection(url, user, password); PreparedStatement ps = c.prepareStatement("""
                    select count(*),
                           percentile_cont(0.50) within group (order by extract(epoch from recorded_at - occurred_at)),
                           percentile_cont(0.99) within group (order by extract(epoch from recorded_at - occurred_at)),
                           max(extract(epoch from recorded_at - occurred_at))
                    from audit_event where occurred_at >= ? and occurred_at < ?""")) {
                ps.setTimestamp(1, Timestamp.from(windowStart));
                ps.setTimestamp(2, Timestamp.from(windowEnd));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long n = rs.getLong(1);
                    System.out.println("| target rate | events in window | achieved events/s | lag p50 | lag p99 | lag max | RecordStatus failures |");
                    System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
                    System.out.printf(Locale.ROOT, "| %,d/s | %,d | %,.0f | %.1f ms | %.1f ms | %.1f ms | %,d |%n", rate, n,
                            n / (double) duration, rs.getDouble(2) * 1000, rs.getDouble(3) * 1000, rs.getDouble(4) * 1000,
                            failed.get());
                    System.out.printf(Locale.ROOT, "%nRecordStatus calls issued %,d, succeeded %,d, failed by code %s,"
                            + " not issued because %d were in flight: %,d%n", issued, ok.get(), failures, MAX_IN_FLIGHT, skipped.get());
                    System.out.printf(Locale.ROOT, "%ngoal: lag p99 ≤ 100 ms at 1,000 events/s: %s%n",
                            rs.getDouble(3) <= 0.1 && n / (double) duration >= 0.95 * rate ? "met" : "NOT met");
                }
            }
        }
        channel.shutdownNow();
        System.exit(0);
    }

    private static long count(String url, String user, String password) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password);
             ResultSet rs = c.createStatement().executeQuery("select count(*) from audit_event")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
