package io.shipwatch.bench;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.status.v1.StatusServiceGrpc;
import io.shipwatch.status.v1.StatusServiceGrpc.StatusServiceBlockingStub;
import io.shipwatch.status.v1.StatusServiceGrpc.StatusServiceStub;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Entry point of the bench jar. Commands:
 * <ul>
 *   <li>{@code run}: RecordStatus load with the event-lag probe, then GetDeployment load;
 *       writes the figures to a key=value file;</li>
 *   <li>{@code report}: renders gRPC figures and a pgbench run as one markdown block,
 *       optionally writing it into BENCHMARKS.md;</li>
 *   <li>{@code wait-healthy}: polls grpc.health.v1.Health/Check until SERVING;</li>
 *   <li>{@code free-port}: prints a free TCP port on the loopback interface.</li>
 * </ul>
 */
public final class StatusLoad {
    static final String USAGE = """
            usage: java -jar shipwatch-bench.jar COMMAND [options]

              run           --target HOST:PORT [--clients 16] [--channels 2] [--warmup 10s] [--duration 30s]
                            [--deadline 5s] [--events-after auto|N] [--secret-env SHIPWATCH_AUTH_HS256_SECRET]
                            [--out FILE] [--lag-trace FILE] [--vacuum-url JDBC_URL]
                  RecordStatus load (16 closed-loop clients) with a StreamEvents consumer measuring event lag
                  (from occur_time, and commit → delivered: event receipt − RecordStatus response receipt),
                  then GetDeployment load; each phase has a warm-up and a measured window. The HS256 secret is
                  read from the environment variable named by --secret-env (never from the command line).
                  --lag-trace writes every measured event (received, position, type, occur_time, lag,
                  commit_lag in µs; commit_lag empty when no response matched) as CSV.
                  --vacuum-url: VACUUM ANALYZE that database (the server's) between the RecordStatus warm-up
                  and its window, as autovacuum would in production.
              report        --grpc FILE --pgbench FILE --pgbench-log PREFIX [--meta FILE] [--label TEXT]
                            [--write BENCHMARKS.md]
                  Prints the markdown results block; --write replaces the marked block in that file.
              wait-healthy  --target HOST:PORT [--timeout 120s] [--pid PID]
                  Polls grpc.health.v1.Health/Check until SERVING; fails early if process PID exits.
              free-port
                  Prints a free TCP port on 127.0.0.1.

            durations: 30 or 30s, 500ms, 2m
            """;

    private StatusLoad() {
    }

    public static void main(String[] argv) {
        int code;
        try {
            code = run(argv, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(USAGE);
            code = 2;
        } catch (Exception e) {
            System.err.println("error: " + e);
            e.printStackTrace(System.err);
            code = 1;
        }
        System.exit(code);
    }

    static int run(String[] argv, PrintStream out) throws Exception {
        if (argv.length == 0) {
            throw new IllegalArgumentException("no command given");
        }
        String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
        return switch (argv[0]) {
            case "run" -> load(LoadOptions.parse(rest), out);
            case "report" -> Report.command(rest, out);
            case "wait-healthy" -> waitHealthy(rest, out);
            case "free-port" -> {
                Args.parse(rest, Set.of(), Set.of());
                try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                    out.println(s.getLocalPort());
                }
                yield 0;
            }
            case "help", "--help", "-h" -> {
                out.print(USAGE);
                yield 0;
            }
            default -> throw new IllegalArgumentException("unknown command '" + argv[0] + "'");
        };
    }

    /** Validated options of {@code run}. */
    record LoadOptions(String target, int clients, int channels, Duration warmup, Duration duration, Duration deadline,
                       Long eventsAfter, String secretEnv, Path out, Path lagTrace, String vacuumUrl) {
        static LoadOptions parse(String[] argv) {
            Args a = Args.parse(argv, Set.of("target", "clients", "channels", "warmup", "duration", "deadline",
                    "events-after", "secret-env", "out", "lag-trace", "vacuum-url"), Set.of());
            String after = a.string("events-after", "auto");
            Long eventsAfter;
            if (after.equals("auto")) {
                eventsAfter = null;
            } else {
                try {
                    eventsAfter = Long.parseLong(after);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--events-after must be 'auto' or a position, not '" + after + "'");
                }
                if (eventsAfter < 0) {
                    throw new IllegalArgumentException("--events-after must not be negative");
                }
            }
            String out = a.string("out", null);
            String lagTrace = a.string("lag-trace", null);
            return new LoadOptions(
                    a.target("target", null),
                    a.positiveInt("clients", 16, 1024),
                    a.positiveInt("channels", 2, 64),
                    a.duration("warmup", Duration.ofSeconds(10), Duration.ZERO),
                    a.duration("duration", Duration.ofSeconds(30), Duration.ofSeconds(1)),
                    a.duration("deadline", Duration.ofSeconds(5), Duration.ofMillis(10)),
                    eventsAfter,
                    a.string("secret-env", "SHIPWATCH_AUTH_HS256_SECRET"),
                    out == null ? null : Path.of(out),
                    lagTrace == null ? null : Path.of(lagTrace),
                    a.string("vacuum-url", null));
        }
    }

    static int load(LoadOptions o, PrintStream out) throws Exception {
        String secret = System.getenv(o.secretEnv());
        if (secret == null || secret.length() < 32) {
            throw new IllegalArgumentException("environment variable " + o.secretEnv() + " must hold the server's HS256 secret (at least 32 characters)");
        }
        Duration tokenTtl = Duration.ofHours(6);
        String runId = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> figures = new TreeMap<>();
        figures.put("run.clients", Integer.toString(o.clients()));
        figures.put("run.channels", Integer.toString(o.channels()));
        figures.put("run.warmup_s", Long.toString(o.warmup().toSeconds()));
        figures.put("run.duration_s", Long.toString(o.duration().toSeconds()));
        figures.put("run.deadline_ms", Long.toString(o.deadline().toMillis()));
        figures.put("run.started", Instant.now().toString());

        try (Channels load = new Channels(o.target(), o.channels()); Channels events = new Channels(o.target(), 1)) {
            List<StatusServiceBlockingStub> stubs = new ArrayList<>();
            var deployer = Channels.bearer(secret, "bench-" + runId, Role.DEPLOYER, tokenTtl);
            for (int i = 0; i < load.size(); i++) {
                stubs.add(StatusServiceGrpc.newBlockingStub(load.forClient(i)).withInterceptors(deployer));
            }
            StatusServiceStub eventStub = StatusServiceGrpc.newStub(events.forClient(0))
                    .withInterceptors(Channels.bearer(secret, "bench-events-" + runId, Role.SERVICE, tokenTtl));

            long head;
            if (o.eventsAfter() != null) {
                head = o.eventsAfter();
            } else {
                System.err.println("event probe: reading the log head (waits for one heartbeat, up to the server's heartbeat interval)");
                head = EventLagProbe.discoverHead(eventStub, Duration.ofSeconds(60));
            }
            System.err.println("event probe: tailing after position " + head);
            figures.put("events.after_position", Long.toString(head));

            // 1. RecordStatus, with the event probe tailing the log.
            List<String> created = new ArrayList<>();
            AtomicLong creations = new AtomicLong();
            CommitLag commits = new CommitLag();
            Duration lifetime = o.warmup().plus(o.duration()).plusSeconds(120);
            EventLagProbe.Result lag;
            Histograms.Summary record;
            String[] vacuum = new String[1];
            try (EventLagProbe probe = new EventLagProbe(eventStub, lifetime, commits, o.lagTrace() != null)) {
                probe.start(head);
                record = ClosedLoop.run("RecordStatus", o.clients(),
                        i -> new RecordStatusClient(stubs.get(i % stubs.size()), o.deadline(),
                                "bench-" + runId + "-c" + i, created, creations, commits),
                        o.warmup(), o.duration(), new ClosedLoop.Window() {
                            @Override
                            public void warmedUp() {
                                if (o.vacuumUrl() != null) {
                                    vacuum[0] = Vacuum.run(o.vacuumUrl());
                                }
                            }

                            @Override
                            public void started() {
                                probe.windowStarts(EventLagProbe.micros(Instant.now()));
                            }

                            @Override
                            public void ended() {
                                probe.windowEnds(EventLagProbe.micros(Instant.now()));
                            }
                        });
                probe.drain(Duration.ofMillis(750), Duration.ofSeconds(30));
                lag = probe.result();
                if (o.lagTrace() != null) {
                    java.nio.file.Files.writeString(o.lagTrace(), probe.trace());
                }
            }
            if (vacuum[0] != null) {
                figures.put("record.vacuum", vacuum[0]);
            }
            record.put(figures, "record");
            figures.put("record.deployments_created", Long.toString(creations.get()));
            lag.lag().put(figures, "lag");
            lag.commit().lag().put(figures, "commit_lag");
            figures.put("commit_lag.event_before_response", Long.toString(lag.commit().eventBeforeResponse()));
            figures.put("commit_lag.responses", Long.toString(lag.commit().responses()));
            figures.put("commit_lag.matched", Long.toString(lag.commit().matched()));
            figures.put("commit_lag.dropped", Long.toString(lag.commit().dropped()));
            figures.put("commit_lag.pending", Long.toString(lag.commit().pending()));
            figures.put("events.received", Long.toString(lag.received()));
            figures.put("events.gaps", Long.toString(lag.gaps()));
            figures.put("events.outside_window", Long.toString(lag.outsideWindow()));
            figures.put("events.negative_lag", Long.toString(lag.negative()));
            figures.put("events.reconnects", Integer.toString(lag.reconnects()));
            figures.put("events.last_error", lag.lastError());
            StringBuilder types = new StringBuilder();
            lag.inWindowByType().forEach((k, v) -> types.append(types.length() == 0 ? "" : ",").append(k).append(':').append(v));
            figures.put("events.in_window_by_type", types.toString());

            // 2. GetDeployment over the deployments phase 1 made.
            List<String> ids;
            synchronized (created) {
                ids = List.copyOf(created);
            }
            Histograms.Summary get;
            if (ids.isEmpty()) {
                System.err.println("GetDeployment: skipped, the RecordStatus phase created no deployment");
                get = null;
            } else {
                get = ClosedLoop.run("GetDeployment", o.clients(),
                        i -> new GetDeploymentClient(stubs.get(i % stubs.size()), o.deadline(), ids),
                        o.warmup(), o.duration(), new ClosedLoop.Window() { });
                get.put(figures, "get");
                figures.put("get.deployments", Integer.toString(ids.size()));
            }

            figures.put("run.finished", Instant.now().toString());
            if (o.out() != null) {
                Figures.write(o.out(), figures);
            }
            out.print(Report.grpcSummary(figures));
            boolean ok = record.count() > 0 && get != null && get.count() > 0 && lag.lag().count() > 0
                    && lag.commit().lag().count() > 0;
            return ok ? 0 : 3;
        }
    }

    static int waitHealthy(String[] argv, PrintStream out) throws InterruptedException {
        Args a = Args.parse(argv, Set.of("target", "timeout", "pid"), Set.of());
        String target = a.target("target", null);
        Duration timeout = a.duration("timeout", Duration.ofSeconds(120), Duration.ofMillis(100));
        String pidText = a.string("pid", null);
        Long pid = null;
        if (pidText != null) {
            try {
                pid = Long.parseLong(pidText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--pid must be a process id, not '" + pidText + "'");
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        try (Channels channels = new Channels(target, 1)) {
            ManagedChannel channel = channels.forClient(0);
            while (System.nanoTime() < deadline) {
                if (pid != null && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                    System.err.println("wait-healthy: process " + pid + " exited before becoming healthy");
                    return 1;
                }
                try {
                    HealthCheckResponse r = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.SECONDS)
                            .check(HealthCheckRequest.getDefaultInstance());
                    if (r.getStatus() == HealthCheckResponse.ServingStatus.SERVING) {
                        out.println("healthy: " + target);
                        return 0;
                    }
                    last = r.getStatus().name();
                } catch (StatusRuntimeException e) {
                    last = e.getStatus().getCode().name();
                }
                Thread.sleep(250);
            }
        }
        System.err.println("wait-healthy: " + target + " not SERVING after " + timeout.toSeconds() + " s (last: " + last + ")");
        return 1;
    }

    /** Reads and writes the key=value figures files the commands exchange. */
    static final class Figures {
        private Figures() {
        }

        static void write(Path path, Map<String, String> figures) throws IOException {
            StringBuilder b = new StringBuilder();
            new TreeMap<>(figures).forEach((k, v) -> b.append(k).append('=').append(v.replace('\n', ' ')).append('\n'));
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                java.nio.file.Files.createDirectories(parent);
            }
            java.nio.file.Files.writeString(path, b);
        }

        static Map<String, String> read(Path path) throws IOException {
            Map<String, String> figures = new java.util.LinkedHashMap<>();
            for (String line : java.nio.file.Files.readAllLines(path)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(path + ": not key=value: " + line);
                }
                figures.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
            return figures;
        }
    }
}
