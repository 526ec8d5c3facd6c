package io.shipwatch.bench.audit;

import io.shipwatch.audit.domain.AuditEntry;
import io.shipwatch.audit.domain.AuditFilter;
import io.shipwatch.audit.domain.ExportFormat;
import io.shipwatch.audit.domain.ExportOutput;
import io.shipwatch.audit.domain.ExportWriter;
import io.shipwatch.audit.store.AuditStore;
import io.shipwatch.audit.v1.AuditServiceGrpc.AuditServiceBlockingStub;
import io.shipwatch.audit.v1.ExportAuditEventsRequest;
import io.shipwatch.audit.v1.ExportAuditEventsResponse;
import io.shipwatch.audit.v1.ExportFilter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Export benchmark, one run, one JVM (its -Xmx is the heap cap; the service and the client
 * share it):
 * <ol>
 *   <li>1000 deployments × 10 entries as CSV: the service's ExportAuditEvents (keyset batches,
 *       streamed over gRPC) beside the seeds' approach (one history query per deployment, the
 *       same rows written by the same CSV writer, in process, without gRPC);</li>
 *   <li>1,000,000 entries as CSV through ExportAuditEvents.</li>
 * </ol>
 * Usage: AuditExportBench JDBC_URL USER PASSWORD [REPEATS] [BIG_ENTRIES]. The database is
 * seeded on first use (rows are written by SQL with stand-in hashes: an export does not
 * verify the chain, so its cost is the same).
 */
public final class AuditExportBench {
    static final int DEPLOYMENTS = 1000;
    static final int PER_DEPLOYMENT = 10;

    private AuditExportBench() {
    }

    record Run(String approach, long statements, long rows, long bytes, double seconds, double peakHeapMiB, double afterGcMiB) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        String password = args.length > 2 ? args[2] : "";
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int big = args.length > 4 ? Integer.parseInt(args[4]) : 1_000_000;
        List<UUID> ids = seed(url, user, password, big);
        try (InProcessAudit audit = new InProcessAudit(url, user, password, Map.of("datasources.default.maximum-pool-size", 4))) {
            AuditServiceBlockingStub stub = audit.auditor();
            ExportAuditEventsRequest byIds = ExportAuditEventsRequest.newBuilder()
                    .addAllDeploymentIds(ids.stream().map(UUID::toString).toList())
                    .setFormat(io.shipwatch.audit.v1.ExportFormat.EXPORT_FORMAT_CSV).build();
            DataSource ds = audit.context().getBean(io.micronaut.jdbc.DataSourceResolver.class)
                    .resolve(audit.context().getBean(DataSource.class));
            AuditStore store = audit.context().getBean(AuditStore.class);
            // Warm-up: JIT, pool, plan caches.
            for (int i = 0; i < 3; i++) {
                grpcExport(audit, stub, byIds, "warm-up");
                perDeployment(audit, ds, store, ids);
            }
            List<Run> service = new ArrayList<>();
            List<Run> seeds = new ArrayList<>();
            for (int i = 0; i < repeats; i++) {
                service.add(grpcExport(audit, stub, byIds, "ExportAuditEvents (keyset batches, gRPC stream)"));
                seeds.add(perDeployment(audit, ds, store, ids));
            }
            Run s = median(service);
            Run b = median(seeds);
            ExportAuditEventsRequest bulk = ExportAuditEventsRequest.newBuilder()
                    .setFilter(ExportFilter.newBuilder().setService("bulk"))
                    .setFormat(io.shipwatch.audit.v1.ExportFormat.EXPORT_FORMAT_CSV).build();
            Run million = grpcExport(audit, stub, bulk, "ExportAuditEvents, " + big + " entries");
            print(s, b, million, repeats);
        }
        System.exit(0);
    }

    /** The service's export over its gRPC stream; bytes are counted, not kept. */
    static Run grpcExport(InProcessAudit audit, AuditServiceBlockingStub stub, ExportAuditEventsRequest request, String name) {
        HeapPeak.reset();
        long statementsBefore = audit.statements();
        long start = System.nanoTime();
        long bytes = 0;
        long rows = 0;
        Iterator<ExportAuditEventsResponse> it = stub.withDeadlineAfter(30, TimeUnit.MINUTES).exportAuditEvents(request);
        while (it.hasNext()) {
            ExportAuditEventsResponse r = it.next();
            if (r.hasChunk()) {
                bytes += r.getChunk().getData().size();
            } else {
                rows = r.getSummary().getEventCount();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Run(name, audit.statements() - statementsBefore, rows, bytes, seconds, HeapPeak.peakMiB(), HeapPeak.afterGcMiB());
    }

    /** The seeds' approach: one history query per deployment, written as the same CSV. */
    static Run perDeployment(InProcessAudit audit, DataSource ds, AuditStore store, List<UUID> ids) throws Exception {
        HeapPeak.reset();
        long statementsBefore = audit.statements();
        long start = System.nanoTime();
        long rows = 0;
        ExportOutput out = new ExportOutput(data -> { });
        try (Connection c = ds.getConnection(); ExportWriter writer = ExportWriter.of(ExportFormat.CSV, out)) {
            for (UUID id : ids) {
                AuditFilter one = new AuditFilter("", "", List.of(id), "", "", null, null);
                for (AuditEntry e : store.page(c, one, 0, Long.MAX_VALUE, Integer.MAX_VALUE)) {
                    writer.write(e);
                    rows++;
                }
            }
        }
        out.close();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Run("seeds: one history query per deployment", audit.statements() - statementsBefore, rows,
                out.byteCount(), seconds, HeapPeak.peakMiB(), HeapPeak.afterGcMiB());
    }

    static Run median(List<Run> runs) {
        Run[] sorted = runs.toArray(Run[]::new);
        Arrays.sort(sorted, (a, b) -> Double.compare(a.seconds(), b.seconds()));
        return sorted[sorted.length / 2];
    }

    /** Seeds 1000 deployments × 10 entries and {@code big} bulk entries, unless already there. */
    static List<UUID> seed(String url, String user, String password, int big) throws SQLException {
        // Migrations first: starting the service once creates the schema.
        try (InProcessAudit ignored = new InProcessAudit(url, user, password, Map.of())) {
            // schema in place
        }
        List<UUID> ids = new ArrayList<>();
        for (int d = 0; d < DEPLOYMENTS; d++) {
            ids.add(deploymentId(d));
        }
        long expected = (long) DEPLOYMENTS * PER_DEPLOYMENT + big;
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select count(*) from audit_event")) {
                rs.next();
                if (rs.getLong(1) == expected) {
                    return ids;
                }
            }
            System.err.println("seeding " + expected + " audit entries...");
            s.execute("truncate audit_event");
            // Deployment d's entries interleave with the others' (sequence = e * 1000 + d + 1), as in a real log.
            s.execute("""
                    insert into audit_event (sequence, id, actor, action, deployment_id, service, environment, from_state,
                      to_state, occurred_at, trace_id, details, key_id, hash, recorded_at)
                    select e * 1000 + d + 1, gen_random_uuid(), 'ci-runner', 'deployment.status_changed',
                      md5('bench-deployment-' || d)::uuid, 'svc-' || (d % 20), 'production', 'QUEUED', 'IN_PROGRESS',
                      now() - interval '1 day' + (e * 1000 + d) * interval '1 ms', md5(d::text || e::text),
                      jsonb_build_object('event_position', (e * 1000 + d + 1)::text, 'version', '1.4.' || e),
                      'k1', sha256(((e * 1000 + d + 1))::text::bytea), now()
                    from generate_series(0, 999) d, generate_series(0, 9) e""");
            for (long from = 0; from < big; from += 100_000) {
                s.execute(String.format(Locale.ROOT, """
                        insert into audit_event (sequence, id, actor, action, deployment_id, service, environment, from_state,
                          to_state, occurred_at, trace_id, details, key_id, hash, recorded_at)
                        select 10000 + n, gen_random_uuid(), 'svc-bulk', 'config.changed', null, 'bulk', 'production', '', '',
                          now() - interval '1 day' + n * interval '1 ms', md5(n::text),
                          jsonb_build_object('n', n::text), 'k1', sha256(n::text::bytea), now()
                        from generate_series(%d, %d) n""", from + 1, Math.min(big, from + 100_000)));
            }
            s.execute("update audit_chain set head_sequence = (select max(sequence) from audit_event),"
                    + " head_hash = (select hash from audit_event order by sequence desc limit 1) where id = 1");
            s.execute("vacuum analyze audit_event");
        }
        return ids;
    }

    /** The id of deployment d: md5('bench-deployment-' || d) as a UUID, the same on the SQL side. */
    static UUID deploymentId(int d) {
        try {
            byte[] md5 = java.security.MessageDigest.getInstance("MD5")
                    .digest(("bench-deployment-" + d).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(md5);
            return new UUID(b.getLong(), b.getLong());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void print(Run service, Run seeds, Run million, int repeats) {
        System.out.println("| approach | SQL statements | entries | bytes | wall time | entries/s | peak heap (pool peaks) | heap after GC |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (Run r : List.of(service, seeds, million)) {
            System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %,d | %.1f ms | %,.0f | %.0f MiB | %.0f MiB |%n", r.approach(),
                    r.statements(), r.rows(), r.bytes(), r.seconds() * 1000, r.rowsPerSecond(), r.peakHeapMiB(), r.afterGcMiB());
        }
        System.out.printf(Locale.ROOT, "%nmedian of %d runs each for the first two rows (alternating); the service is %.1f× faster"
                + " than one query per deployment; heap cap (-Xmx) %.0f MiB%n", repeats, seeds.seconds() / service.seconds(),
                HeapPeak.maxMiB());
        System.out.printf(Locale.ROOT, "goals: ≤ 5 statements: %s; ≥ 10× faster: %s; ≥ 100,000 entries/s (1M export): %s%n",
                service.statements() <= 5 ? "met" : "NOT met", seeds.seconds() / service.seconds() >= 10 ? "met" : "NOT met",
                million.rowsPerSecond() >= 100_000 ? "met" : "NOT met");
    }
}
