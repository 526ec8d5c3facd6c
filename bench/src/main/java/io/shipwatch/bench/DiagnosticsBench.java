package io.shipwatch.bench;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.shipwatch.diagnostics.domain.Analysis;
import io.shipwatch.diagnostics.domain.Evidence;
import io.shipwatch.diagnostics.domain.Finding;
import io.shipwatch.diagnostics.domain.PatternLibrary;
import io.shipwatch.diagnostics.provider.MockCluster;
import io.shipwatch.diagnostics.v1.AnalyzeLogsRequest;
import io.shipwatch.diagnostics.v1.AnalyzeLogsResponse;
import io.shipwatch.diagnostics.v1.DiagnosticReport;
import io.shipwatch.diagnostics.v1.DiagnosticsServiceGrpc;
import io.shipwatch.diagnostics.v1.Depth;
import io.shipwatch.diagnostics.v1.RunDiagnosticsRequest;
import io.shipwatch.diagnostics.v1.RunDiagnosticsResponse;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.status.v1.Provider;
import io.shipwatch.status.v1.Target;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * diagnostics-service figures, printed as one markdown block (see BENCHMARKS.md):
 * <ol>
 *   <li>AnalyzeLogs matching on a 1,000,000-line log in-process: the full library with its
 *       one-pass literal prefilter beside the naive way (every log regex on every line), same run,
 *       same lines, same analysis bookkeeping;</li>
 *   <li>AnalyzeLogs end to end over gRPC on the same 1,000,000 lines (batches of 5,000);</li>
 *   <li>time from sending a batch whose last line triggers a pattern to receiving the finding;</li>
 *   <li>50 concurrent RunDiagnostics (COMPREHENSIVE) against fabric8's mock cluster: session-time
 *       percentiles, and the server's heap per session from jstat samples.</li>
 * </ol>
 * The server runs as its own process ({@code java -jar diagnostics-service.jar}); the mock
 * cluster runs in this process.
 *
 * <p>Run by bench/run-diagnostics-bench.sh, which builds the classpath (its dependencies are
 * provided-scope). Usage: {@code java -cp CLASSPATH io.shipwatch.bench.DiagnosticsBench --server-jar PATH
 * --jdbc-url URL [--db-user U] [--lines 1000000] [--sessions 50] [--latency-samples 200]}, or
 * {@code ... DiagnosticsBench serve-mock-cluster} to run only the seeded mock cluster.
 */
public final class DiagnosticsBench {
    private static final String SECRET = "bench-secret-0123456789abcdef0123456789";
    private static final Random RANDOM = new Random(42);
    private static final String[] TRIGGERS = {
        "java.net.UnknownHostException: orders-db.prod.svc.cluster.local",
        "org.postgresql.util.PSQLException: Connection to postgres:5432 refused.",
        "java.lang.OutOfMemoryError: Java heap space",
        "Error: listen EADDRINUSE: address already in use :::3000",
        "x509: certificate signed by unknown authority",
        "OSError: [Errno 28] No space left on device: '/tmp/x'",
        "HikariPool-1 - Connection is not available, request timed out after 30000ms.",
        "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
    };

    private DiagnosticsBench() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 1 && argv[0].equals("serve-mock-cluster")) {
            serveMockCluster();
            return;
        }
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        int lines = Integer.parseInt(args.getOrDefault("lines", "1000000"));
        int sessions = Integer.parseInt(args.getOrDefault("sessions", "50"));
        int samples = Integer.parseInt(args.getOrDefault("latency-samples", "200"));
        List<String> log = syntheticLog(lines);
        StringBuilder out = new StringBuilder();

        matchingInProcess(log, out);

        try (MockCluster cluster = new MockCluster()) {
            for (int i = 0; i < sessions + 10; i++) {
                cluster.oomCrashLoop(String.format(Locale.ROOT, "svc-%03d", i));
            }
            Process server = startServer(args, cluster.url());
            try {
                ManagedChannel channel = io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder
                        .forAddress("127.0.0.1", port).usePlaintext().maxInboundMessageSize(8 << 20).build();
                awaitServing(channel, server);
                DiagnosticsServiceGrpc.DiagnosticsServiceStub stub = DiagnosticsServiceGrpc.newStub(channel)
                        .withInterceptors(Channels.bearer(SECRET, "bench", Role.OPERATOR, Duration.ofHours(2)));
                analyzeLogsOverGrpc(stub, log, out);
                triggerLatency(stub, samples, out);
                concurrentSessions(stub, sessions, server.pid(), out);
                channel.shutdownNow();
            } finally {
                server.destroy();
                server.waitFor(30, TimeUnit.SECONDS);
            }
        }
        System.out.print(out);
    }

    private static int port;

    /** For trying RunDiagnostics by hand (README): the mock cluster with two failing workloads, until killed. */
    private static void serveMockCluster() throws InterruptedException {
        MockCluster cluster = new MockCluster();
        cluster.oomCrashLoop("checkout");
        cluster.imagePullAuth("payments");
        System.out.println("mock Kubernetes API at " + cluster.url() + " (namespace shop: checkout, payments)");
        Thread.currentThread().join();
    }

    // --- 1. in-process matching ---------------------------------------------------------------

    private static void matchingInProcess(List<String> log, StringBuilder out) {
        PatternLibrary library = PatternLibrary.loadDefault();
        for (int warm = 0; warm < 2; warm++) {
            run(new Analysis(library), log.subList(0, Math.min(log.size(), 200_000)));
            run(Analysis.naive(library), log.subList(0, Math.min(log.size(), 50_000)));
        }
        long t0 = System.nanoTime();
        List<Finding> fast = run(new Analysis(library), log);
        double fastSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        List<Finding> naive = run(Analysis.naive(library), log);
        double naiveSeconds = (System.nanoTime() - t1) / 1e9;
        boolean same = fast.stream().map(Finding::patternId).toList().equals(naive.stream().map(Finding::patternId).toList());
        out.append(String.format(Locale.ROOT, """
                #### AnalyzeLogs matching, in-process, %,d lines (%d patterns, %d log regexes)

                | way | time | lines/s |
                |---|---:|---:|
                | full library, one-pass literal prefilter | %.2f s | %,.0f |
                | naive: every log regex on every line | %.2f s | %,.0f |

                Prefilter speed-up: **%.1f×**; both ways found the same root causes: %s (%s).

                """, log.size(), library.patterns().size(), library.newMatcher().signalCount(), fastSeconds,
                log.size() / fastSeconds, naiveSeconds, log.size() / naiveSeconds, naiveSeconds / fastSeconds, same,
                String.join(", ", fast.stream().limit(8).map(Finding::patternId).toList())));
    }

    private static List<Finding> run(Analysis analysis, List<String> lines) {
        long n = 0;
        for (String line : lines) {
            analysis.accept(Evidence.logLine("client", "bench", ++n, line));
        }
        return analysis.rank();
    }

    /** Application-log-like lines with numbers that vary; about one line in 2,000 triggers a pattern. */
    static List<String> syntheticLog(int count) {
        String[] templates = {
            "2026-11-26T10:%02d:%02d.%03dZ INFO  [http-nio-8080-exec-%d] c.a.checkout.CartController - GET /api/cart/%d 200 %dms",
            "2026-11-26T10:%02d:%02d.%03dZ DEBUG [pool-%d-thread-1] c.a.checkout.PriceCache - refreshed %d prices in %dms",
            "2026-11-26T10:%02d:%02d.%03dZ INFO  [kafka-consumer-%d] c.a.orders.OrderListener - consumed order %d offset %d",
            "2026-11-26T10:%02d:%02d.%03dZ WARN  [scheduler-%d] c.a.sync.InventorySync - slow batch: %d items took %dms",
            "%02d:%02d:%02d.%03d level=info msg=\"request completed\" worker=%d status=200 bytes=%d latency_ms=%d",
            "10.0.%d.%d - - [26/Nov/2026:10:%02d:%02d +0000] \"POST /v1/payments HTTP/1.1\" 201 %d \"-\" \"Go-http-client/1.1\" %d",
        };
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (i % 2000 == 1999) {
                out.add(TRIGGERS[(i / 2000) % TRIGGERS.length]);
                continue;
            }
            String t = templates[RANDOM.nextInt(templates.length)];
            out.add(String.format(Locale.ROOT, t, RANDOM.nextInt(60), RANDOM.nextInt(60), RANDOM.nextInt(1000),
                    RANDOM.nextInt(200), RANDOM.nextInt(100_000), RANDOM.nextInt(5000), RANDOM.nextInt(900)));
        }
        return out;
    }

    // --- server -----------------------------------------------------------------------------------

    private static Process startServer(Map<String, String> args, String clusterUrl) throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Path.of(args.getOrDefault("server-log", "bench/target/diagnostics-server.log"));
        Files.createDirectories(log.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String opt : args.getOrDefault("server-java-opts", "").split(" ")) {
            if (!opt.isBlank()) {
                command.add(opt);
            }
        }
        command.addAll(List.of("-jar", args.get("server-jar")));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("GRPC_SERVER_PORT", Integer.toString(port));
        pb.environment().put("SHIPWATCH_AUTH_HS256_SECRET", SECRET);
        pb.environment().put("DATASOURCES_DEFAULT_URL", args.get("jdbc-url"));
        pb.environment().put("DATASOURCES_DEFAULT_USERNAME", args.getOrDefault("db-user", "postgres"));
        pb.environment().put("DATASOURCES_DEFAULT_PASSWORD", args.getOrDefault("db-password", ""));
        pb.environment().put("DIAGNOSTICS_KUBERNETES_MASTER_URL", clusterUrl);
        // The default 100 requests/minute would (by design) queue 50 sessions × ~17 API requests for minutes.
        pb.environment().put("DIAGNOSTICS_PROVIDER_REQUESTS_PER_MINUTE", args.getOrDefault("requests-per-minute", "1000000"));
        pb.environment().put("REDIS_URI", "");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    private static void awaitServing(ManagedChannel channel, Process server) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < until) {
            if (!server.isAlive()) {
                throw new IllegalStateException("diagnostics-service exited with " + server.exitValue());
            }
            try {
                if (HealthGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.getDefaultInstance()).getStatus() == HealthCheckResponse.ServingStatus.SERVING) {
                    return;
                }
            } catch (io.grpc.StatusRuntimeException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("diagnostics-service did not become healthy");
    }

    // --- 2. AnalyzeLogs over gRPC -------------------------------------------------------------------

    private static void analyzeLogsOverGrpc(DiagnosticsServiceGrpc.DiagnosticsServiceStub stub, List<String> log,
                                            StringBuilder out) throws Exception {
        analyzeOnce(stub, log.subList(0, Math.min(log.size(), 100_000)));
        long t0 = System.nanoTime();
        DiagnosticReport report = analyzeOnce(stub, log);
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.append(String.format(Locale.ROOT, """
                #### AnalyzeLogs over gRPC, %,d lines in batches of 5,000 (one stream)

                %.2f s → **%,.0f lines/s** end to end (client → server → findings → stored report); %d root causes, top: %s.

                """, log.size(), seconds, log.size() / seconds, report.getRootCausesCount(),
                report.getRootCausesCount() == 0 ? "-" : report.getRootCauses(0).getPatternId()));
    }

    private static DiagnosticReport analyzeOnce(DiagnosticsServiceGrpc.DiagnosticsServiceStub stub, List<String> lines)
            throws Exception {
        CompletableFuture<DiagnosticReport> done = new CompletableFuture<>();
        Object ready = new Object();
        ClientResponseObserver<AnalyzeLogsRequest, AnalyzeLogsResponse> responses = new ClientResponseObserver<>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<AnalyzeLogsRequest> requestStream) {
                requestStream.setOnReadyHandler(() -> {
                    synchronized (ready) {
                        ready.notifyAll();
                    }
                });
            }

            @Override
            public void onNext(AnalyzeLogsResponse value) {
                if (value.hasReport()) {
                    done.complete(value.getReport());
                }
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.completeExceptionally(new IllegalStateException("stream ended without a report"));
            }
        };
        ClientCallStreamObserver<AnalyzeLogsRequest> requests =
                (ClientCallStreamObserver<AnalyzeLogsRequest>) stub.analyzeLogs(responses);
        for (int from = 0; from < lines.size(); from += 5000) {
            synchronized (ready) {
                while (!requests.isReady() && !done.isDone()) {
                    ready.wait(50);
                }
            }
            requests.onNext(AnalyzeLogsRequest.newBuilder().setSource("bench")
                    .addAllLines(lines.subList(from, Math.min(lines.size(), from + 5000))).build());
        }
        requests.onCompleted();
        return done.get(10, TimeUnit.MINUTES);
    }

    // --- 3. trigger line → finding ---------------------------------------------------------------------

    private static void triggerLatency(DiagnosticsServiceGrpc.DiagnosticsServiceStub stub, int samples, StringBuilder out)
            throws Exception {
        Histogram afterBatch = Histograms.newHistogram();
        List<String> filler = syntheticLog(999).stream().filter(l -> !List.of(TRIGGERS).contains(l)).toList();
        for (int i = -20; i < samples; i++) {
            String trigger = TRIGGERS[Math.floorMod(i, TRIGGERS.length)];
            CompletableFuture<Long> finding = new CompletableFuture<>();
            CompletableFuture<Void> done = new CompletableFuture<>();
            var requests = stub.analyzeLogs(new io.grpc.stub.StreamObserver<AnalyzeLogsResponse>() {
                @Override
                public void onNext(AnalyzeLogsResponse value) {
                    if (value.hasFinding()) {
                        finding.complete(System.nanoTime());
                    }
                }

                @Override
                public void onError(Throwable t) {
                    done.completeExceptionally(t);
                }

                @Override
                public void onCompleted() {
                    done.complete(null);
                }
            });
            List<String> batch = new ArrayList<>(filler);
            batch.add(trigger + " #" + i);
            long sent = System.nanoTime();
            requests.onNext(AnalyzeLogsRequest.newBuilder().setSource("latency").addAllLines(batch).build());
            long at = finding.get(30, TimeUnit.SECONDS);
            requests.onCompleted();
            done.get(30, TimeUnit.SECONDS);
            if (i >= 0) {
                afterBatch.recordValue(Histograms.clampMicros((at - sent) / 1000));
            }
        }
        out.append(String.format(Locale.ROOT, """
                #### Triggering line → finding, over gRPC (%d samples, trigger = last line of a %,d-line batch)

                | p50 | p95 | p99 | max |
                |---:|---:|---:|---:|
                | %s ms | %s ms | %s ms | %s ms |

                """, samples, filler.size() + 1, ms(afterBatch, 50), ms(afterBatch, 95), ms(afterBatch, 99),
                Histograms.ms(afterBatch.getMaxValue() / 1000.0)));
    }

    // --- 4. concurrent RunDiagnostics ---------------------------------------------------------------------

    private static void concurrentSessions(DiagnosticsServiceGrpc.DiagnosticsServiceStub stub, int sessions, long pid,
                                           StringBuilder out) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        try {
            List<Long> alone = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                long t0 = System.nanoTime();
                session(stub, String.format(Locale.ROOT, "svc-%03d", sessions + i));
                alone.add(System.nanoTime() - t0);
            }
            long aloneMedianMs = alone.stream().sorted().toList().get(alone.size() / 2) / 1_000_000;
            jcmd(pid, "GC.run");
            long baselineKb = heapUsedKb(pid);
            AtomicLong peakKb = new AtomicLong(baselineKb);
            var sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> peakKb.accumulateAndGet(heapUsedKb(pid), Math::max), 0, 20, TimeUnit.MILLISECONDS);
            Histogram times = Histograms.newHistogram();
            List<Future<DiagnosticReport>> running = new ArrayList<>();
            List<Long> durations = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < sessions; i++) {
                String workload = String.format(Locale.ROOT, "svc-%03d", i);
                running.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    DiagnosticReport r = session(stub, workload);
                    synchronized (durations) {
                        durations.add(System.nanoTime() - t0);
                    }
                    return r;
                }));
            }
            int correct = 0;
            for (Future<DiagnosticReport> f : running) {
                DiagnosticReport r = f.get(5, TimeUnit.MINUTES);
                correct += r.getRootCausesCount() > 0 && r.getRootCauses(0).getPatternId().equals("oom-killed-limit") ? 1 : 0;
            }
            double wall = (System.nanoTime() - start) / 1e9;
            sampler.shutdownNow();
            sampler.awaitTermination(5, TimeUnit.SECONDS);
            durations.forEach(d -> times.recordValue(Histograms.clampMicros(d / 1000)));
            jcmd(pid, "GC.run");
            long retainedKb = heapUsedKb(pid);
            double perSessionMb = (peakKb.get() - baselineKb) / 1024.0 / sessions;
            out.append(String.format(Locale.ROOT, """
                    #### %d concurrent RunDiagnostics (COMPREHENSIVE, 6 collectors each) against the mock cluster

                    | sessions | p50 | p95 | max | wall | top cause right |
                    |---:|---:|---:|---:|---:|---:|
                    | %d | %s ms | %s ms | %s ms | %.2f s | %d / %d |

                    One session alone (the 10 sequential warm-up sessions, median): %d ms.

                    Server heap (jstat, S0U+S1U+EU+OU): %.1f MB after GC before the round, peak %.1f MB during it, %.1f MB
                    after GC once it ended. Peak minus baseline per session: **%.2f MB** (an upper bound: it counts garbage
                    not yet collected as well as live session state).

                    """, sessions, sessions, ms(times, 50), ms(times, 95), Histograms.ms(times.getMaxValue() / 1000.0), wall,
                    correct, sessions, aloneMedianMs, baselineKb / 1024.0, peakKb.get() / 1024.0, retainedKb / 1024.0, perSessionMb));
        } finally {
            pool.shutdownNow();
        }
    }

    private static DiagnosticReport session(DiagnosticsServiceGrpc.DiagnosticsServiceStub stub, String workload)
            throws Exception {
        CompletableFuture<DiagnosticReport> done = new CompletableFuture<>();
        stub.withDeadlineAfter(120, TimeUnit.SECONDS).runDiagnostics(RunDiagnosticsRequest.newBuilder()
                .setTarget(Target.newBuilder().setProvider(Provider.PROVIDER_KUBERNETES).setNamespace(MockCluster.NAMESPACE)
                        .setWorkload(workload)).setDepth(Depth.DEPTH_COMPREHENSIVE).build(),
                new io.grpc.stub.StreamObserver<RunDiagnosticsResponse>() {
                    @Override
                    public void onNext(RunDiagnosticsResponse value) {
                        if (value.hasReport()) {
                            done.complete(value.getReport());
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(null);
                    }
                });
        return done.get(120, TimeUnit.SECONDS);
    }

    private static String ms(Histogram h, double percentile) {
        return Histograms.ms(h.getValueAtPercentile(percentile) / 1000.0);
    }

    /** Used heap of the server in KB: S0U + S1U + EU + OU from {@code jstat -gc}. */
    private static long heapUsedKb(long pid) {
        try {
            Process p = new ProcessBuilder("jstat", "-gc", Long.toString(pid)).redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                String[] head = r.readLine().trim().split("\\s+");
                String[] vals = r.readLine().trim().split("\\s+");
                double kb = 0;
                for (int i = 0; i < head.length; i++) {
                    if (List.of("S0U", "S1U", "EU", "OU").contains(head[i])) {
                        kb += Double.parseDouble(vals[i]);
                    }
                }
                return (long) kb;
            } finally {
                p.waitFor();
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            return 0;
        }
    }

    private static void jcmd(long pid, String command) throws IOException, InterruptedException {
        new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }
}
