package io.shipwatch.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders one run as a markdown block: the gRPC figures beside the pgbench baseline, the two
 * goals (the event-lag goal is checked on the commit → delivered figure, {@code commit_lag.*};
 * the figure from occur_time, {@code lag.*}, is shown beside it), the command and the context
 * of the run. {@code --write} replaces the block between
 * {@link #BEGIN} and {@link #END} in BENCHMARKS.md and leaves the rest of the document alone.
 */
final class Report {
    static final String BEGIN = "<!-- bench-results:begin (written by bench/run-status-bench.sh --write; edit outside this block) -->";
    static final String END = "<!-- bench-results:end -->";
    private static final String BEGIN_PREFIX = "<!-- bench-results:begin";

    static final double RATIO_GOAL = 0.5;
    static final double LAG_P99_GOAL_MS = 50.0;

    private Report() {
    }

    static int command(String[] argv, PrintStream out) throws IOException {
        Args a = Args.parse(argv, Set.of("grpc", "pgbench", "pgbench-log", "meta", "label", "write"), Set.of());
        Map<String, String> grpc = StatusLoad.Figures.read(Path.of(a.required("grpc")));
        PgbenchResult pg = PgbenchResult.parse(Files.readString(Path.of(a.required("pgbench"))),
                Path.of(a.required("pgbench-log")));
        Map<String, String> meta = a.string("meta", null) == null ? Map.of() : StatusLoad.Figures.read(Path.of(a.string("meta", null)));
        String block = render(a.string("label", "Results"), grpc, pg, meta);
        out.print(block);
        String write = a.string("write", null);
        if (write != null) {
            Path doc = Path.of(write);
            Files.writeString(doc, replaceBlock(Files.readString(doc), block));
            System.err.println("report: results block of " + doc + " replaced");
        }
        return 0;
    }

    /** The short summary {@code run} prints. */
    static String grpcSummary(Map<String, String> f) {
        StringBuilder b = new StringBuilder();
        Histograms.Summary record = Histograms.Summary.get(f, "record");
        Histograms.Summary get = Histograms.Summary.get(f, "get");
        Histograms.Summary lag = Histograms.Summary.get(f, "lag");
        Histograms.Summary commit = Histograms.Summary.get(f, "commit_lag");
        line(b, "RecordStatus", record, "ops/s");
        line(b, "GetDeployment", get, "ops/s");
        if (lag != null) {
            b.append(String.format(Locale.ROOT, "%-14s %9s  p50 %8s ms  p99 %8s ms  max %8s ms  (%d events, %s gaps)%n",
                    "Lag occur_time", "", Histograms.ms(lag.p50Millis()), Histograms.ms(lag.p99Millis()),
                    Histograms.ms(lag.maxMillis()), lag.count(), f.getOrDefault("events.gaps", "?")));
        }
        if (commit != null) {
            b.append(String.format(Locale.ROOT,
                    "%-14s %9s  p50 %8s ms  p99 %8s ms  max %8s ms  (%d events, event before response: %s)%n",
                    "Lag commit", "", Histograms.ms(commit.p50Millis()), Histograms.ms(commit.p99Millis()),
                    Histograms.ms(commit.maxMillis()), commit.count(), f.getOrDefault("commit_lag.event_before_response", "?")));
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String name, Histograms.Summary s, String unit) {
        if (s == null) {
            b.append(String.format(Locale.ROOT, "%-14s not run%n", name));
            return;
        }
        b.append(String.format(Locale.ROOT, "%-14s %9s %s  p50 %8s ms  p99 %8s ms  max %8s ms  (%d calls, %d errors)%n", name,
                Histograms.rate(s.opsPerSecond()), unit, Histograms.ms(s.p50Millis()), Histograms.ms(s.p99Millis()),
                Histograms.ms(s.maxMillis()), s.count(), s.errorCount()));
    }

    static String render(String label, Map<String, String> grpc, PgbenchResult pg, Map<String, String> meta) {
        Histograms.Summary record = Histograms.Summary.get(grpc, "record");
        Histograms.Summary get = Histograms.Summary.get(grpc, "get");
        Histograms.Summary lag = Histograms.Summary.get(grpc, "lag");
        Histograms.Summary commit = Histograms.Summary.get(grpc, "commit_lag");
        String clients = grpc.getOrDefault("run.clients", "?") + " clients, " + grpc.getOrDefault("run.channels", "?") + " channels";
        StringBuilder b = new StringBuilder();
        b.append("#### ").append(label).append("\n\n");
        b.append("| Workload | Concurrency | Throughput | p50 ms | p99 ms | max ms | Measured | Errors |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        grpcRow(b, "RecordStatus (gRPC unary)", clients, record);
        grpcRow(b, "GetDeployment (gRPC unary)", clients, get);
        Histograms.Summary logged = pg.logged();
        b.append("| pgbench: UPDATE deployment + INSERT status_history + INSERT event, one transaction | ")
                .append(meta.getOrDefault("pgbench.concurrency", "?")).append(" | ")
                .append(Histograms.rate(pg.tps())).append(" tps | ")
                .append(Histograms.ms(logged.p50Millis())).append(" | ")
                .append(Histograms.ms(logged.p99Millis())).append(" | ")
                .append(Histograms.ms(logged.maxMillis())).append(" | ")
                .append(pg.transactions()).append(" tx / ").append(pg.durationSeconds()).append(" s | ")
                .append(pg.failed()).append(" failed |\n");
        if (lag != null) {
            b.append("| Event lag from occur_time (transaction start): StreamEvents receipt − occur_time, during RecordStatus | 1 stream | — | ")
                    .append(Histograms.ms(lag.p50Millis())).append(" | ")
                    .append(Histograms.ms(lag.p99Millis())).append(" | ")
                    .append(Histograms.ms(lag.maxMillis())).append(" | ")
                    .append(lag.count()).append(" events | ")
                    .append(grpc.getOrDefault("events.gaps", "?")).append(" gaps |\n");
        }
        if (commit != null) {
            b.append("| Event lag, commit → delivered (event receipt − RecordStatus response receipt) | 1 stream | — | ")
                    .append(Histograms.ms(commit.p50Millis())).append(" | ")
                    .append(Histograms.ms(commit.p99Millis())).append(" | ")
                    .append(Histograms.ms(commit.maxMillis())).append(" | ")
                    .append(commit.count()).append(" events | event before response: ")
                    .append(grpc.getOrDefault("commit_lag.event_before_response", "?")).append(" |\n");
        }
        b.append('\n');

        b.append("| Goal | Measured | Target | Met |\n|---|---:|---:|:---:|\n");
        double ratio = record == null ? Double.NaN : record.opsPerSecond() / pg.tps();
        b.append("| RecordStatus ops/s ÷ pgbench tps | ")
                .append(Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f× (%s / %s)", ratio,
                        Histograms.rate(record.opsPerSecond()), Histograms.rate(pg.tps())))
                .append(String.format(Locale.ROOT, " | ≥ %.2f× | %s |%n", RATIO_GOAL, met(!Double.isNaN(ratio) && ratio >= RATIO_GOAL)));
        double lagP99 = commit == null ? Double.NaN : commit.p99Millis();
        b.append("| Event lag p99, commit → delivered | ")
                .append(commit == null ? "not measured" : Histograms.ms(lagP99) + " ms")
                .append(String.format(Locale.ROOT, " | ≤ %.0f ms | %s |%n", LAG_P99_GOAL_MS,
                        met(!Double.isNaN(lagP99) && lagP99 <= LAG_P99_GOAL_MS)));
        b.append('\n');

        if (meta.containsKey("command")) {
            b.append("Command: `").append(meta.get("command")).append("`\n\n");
        }
        b.append(String.format(Locale.ROOT,
                "- pgbench's own summary: %s tps, latency average %s ms; p50/p99/max above come from its per-transaction log (%d transactions in %d files).%n",
                Histograms.rate(pg.tps()), Histograms.ms(pg.latencyAverageMillis()), logged.count(), pg.logFiles()));
        if (record != null) {
            b.append(String.format(Locale.ROOT, "- RecordStatus: mean %s ms; %s new deployments started by the clients; errors: %s.%n",
                    Histograms.ms(record.meanMillis()), grpc.getOrDefault("record.deployments_created", "?"),
                    errors(record)));
        }
        if (grpc.containsKey("record.vacuum") || meta.containsKey("pgbench_vacuum")) {
            b.append(String.format(Locale.ROOT, "- VACUUM ANALYZE between warm-up and measured window (autovacuum's work; it may be off on this machine):"
                    + " server database %s, pgbench database %s.%n", grpc.getOrDefault("record.vacuum", "not run"),
                    meta.getOrDefault("pgbench_vacuum", "not run")));
        }
        if (get != null) {
            b.append(String.format(Locale.ROOT, "- GetDeployment: mean %s ms over %s deployments; errors: %s.%n",
                    Histograms.ms(get.meanMillis()), grpc.getOrDefault("get.deployments", "?"), errors(get)));
        }
        if (lag != null) {
            b.append(String.format(Locale.ROOT,
                    "- Events: %s received (%s in the window by type: %s), %s outside the window, position gaps %s, reconnects %s.%n",
                    grpc.getOrDefault("events.received", "?"), lag.count(),
                    grpc.getOrDefault("events.in_window_by_type", "").isEmpty() ? "none" : grpc.get("events.in_window_by_type"),
                    grpc.getOrDefault("events.outside_window", "?"), grpc.getOrDefault("events.gaps", "?"),
                    grpc.getOrDefault("events.reconnects", "?")));
        }
        if (commit != null) {
            String inWindow = lag == null ? "?" : Long.toString(lag.count());
            String unmatched = lag == null ? "?" : Long.toString(lag.count() - commit.count());
            b.append(String.format(Locale.ROOT,
                    "- Event lag, commit → delivered: %d of the %s events in the window matched a RecordStatus response by (deployment id, revision), %s did not (creations, calls that failed on the client); event before response: %s (counted as 0 ms); mean %s ms; %s RecordStatus responses in the phase (warm-up included), %s dropped at the matching map's cap.%n",
                    commit.count(), inWindow, unmatched, grpc.getOrDefault("commit_lag.event_before_response", "?"),
                    Histograms.ms(commit.meanMillis()), grpc.getOrDefault("commit_lag.responses", "?"),
                    grpc.getOrDefault("commit_lag.dropped", "?")));
        }
        b.append(String.format(Locale.ROOT, "- Warm-up %s s and measured window %s s per phase; unary deadline %s ms.%n",
                grpc.getOrDefault("run.warmup_s", "?"), grpc.getOrDefault("run.duration_s", "?"),
                grpc.getOrDefault("run.deadline_ms", "?")));
        Map<String, String> rest = new LinkedHashMap<>(meta);
        rest.remove("command");
        rest.remove("pgbench.concurrency");
        rest.remove("pgbench_vacuum");
        rest.forEach((k, v) -> b.append("- ").append(k).append(": ").append(v).append('\n'));
        return b.toString();
    }

    private static void grpcRow(StringBuilder b, String name, String clients, Histograms.Summary s) {
        if (s == null) {
            b.append("| ").append(name).append(" | ").append(clients).append(" | not run | | | | | |\n");
            return;
        }
        b.append("| ").append(name).append(" | ").append(clients).append(" | ")
                .append(Histograms.rate(s.opsPerSecond())).append(" ops/s | ")
                .append(Histograms.ms(s.p50Millis())).append(" | ")
                .append(Histograms.ms(s.p99Millis())).append(" | ")
                .append(Histograms.ms(s.maxMillis())).append(" | ")
                .append(s.count()).append(String.format(Locale.ROOT, " calls / %.1f s | ", s.seconds()))
                .append(s.errorCount()).append(" |\n");
    }

    private static String errors(Histograms.Summary s) {
        if (s.errors().isEmpty()) {
            return "none";
        }
        StringBuilder e = new StringBuilder();
        s.errors().forEach((k, v) -> e.append(e.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
        return e.toString();
    }

    private static String met(boolean yes) {
        return yes ? "yes" : "**no**";
    }

    /**
     * Replaces everything between the begin and end markers (markers kept) with {@code block}.
     * Exactly one begin marker followed by one end marker must be present.
     */
    static String replaceBlock(String doc, String block) {
        int begin = doc.indexOf(BEGIN_PREFIX);
        if (begin < 0 || doc.indexOf(BEGIN_PREFIX, begin + 1) >= 0) {
            throw new IllegalArgumentException("the document needs exactly one '" + BEGIN_PREFIX + " ... -->' marker");
        }
        int beginEnd = doc.indexOf("-->", begin);
        int end = doc.indexOf(END);
        if (beginEnd < 0 || end < beginEnd || doc.indexOf(END, end + 1) >= 0) {
            throw new IllegalArgumentException("the document needs exactly one '" + END + "' after the begin marker");
        }
        String body = block.endsWith("\n") ? block : block + "\n";
        return doc.substring(0, beginEnd + 3) + "\n\n" + body + "\n" + doc.substring(end);
    }
}
