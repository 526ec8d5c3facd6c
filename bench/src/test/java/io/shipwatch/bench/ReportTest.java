package io.shipwatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    @Test
    void percentilesAreReportedInMilliseconds() {
        Histogram h = Histograms.newHistogram();
        for (int i = 1; i <= 100; i++) {
            h.recordValue(i * 10L); // 0.01 ms .. 1 ms, exact at 3 significant digits
        }
        Histograms.Summary s = Histograms.Summary.of(h, 2.0, Map.of("UNAVAILABLE", 3L));
        assertEquals(50.0, s.opsPerSecond());
        assertEquals("0.50", Histograms.ms(s.p50Millis()));
        assertEquals("0.99", Histograms.ms(s.p99Millis()));
        assertEquals("1.00", Histograms.ms(s.maxMillis()));
        assertEquals(3, s.errorCount());
        assertEquals("1235", Histograms.rate(1234.6));
        assertEquals("12.3", Histograms.rate(12.34));
        assertEquals("-", Histograms.ms(Histograms.Summary.of(Histograms.newHistogram(), 1, Map.of()).p99Millis()));

        Map<String, String> f = new TreeMap<>();
        s.put(f, "record");
        assertEquals(s, Histograms.Summary.get(f, "record"));
    }

    @Test
    void rendersFiguresGoalsAndRatio(@TempDir Path dir) throws Exception {
        Map<String, String> grpc = new TreeMap<>();
        grpc.put("run.clients", "16");
        grpc.put("run.channels", "2");
        new Histograms.Summary(1000, 1.0, 5000, 20000, 30000, 6000, Map.of()).put(grpc, "record");
        new Histograms.Summary(4000, 1.0, 1000, 4000, 9000, 1200, Map.of()).put(grpc, "get");
        new Histograms.Summary(990, 1.0, 8000, 60000, 70000, 9000, Map.of()).put(grpc, "lag");
        new Histograms.Summary(980, 1.0, 2000, 30000, 45000, 3000, Map.of()).put(grpc, "commit_lag");
        grpc.put("commit_lag.event_before_response", "7");
        grpc.put("commit_lag.responses", "1300");
        grpc.put("commit_lag.dropped", "0");
        grpc.put("events.gaps", "0");
        Files.writeString(dir.resolve("log.123"), "0 0 1500 0 1700000000 1\n1 0 2500 0 1700000000 2\n");
        Files.writeString(dir.resolve("log.123.1"), "2 0 failed 0 1700000000 3\n3 0 3500 0 1700000000 4\n");
        PgbenchResult pg = PgbenchResult.parse("""
                duration: 1 s
                number of transactions actually processed: 3
                number of failed transactions: 0 (0.000%)
                latency average = 2.500 ms
                initial connection time = 5.000 ms
                tps = 2500.000000 (without initial connection time)
                """, dir.resolve("log"));
        assertEquals(3, pg.logged().count());
        assertEquals(2, pg.logFiles());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("command", "WARMUP=1 DURATION=1 bench/run-status-bench.sh");
        meta.put("pgbench.concurrency", "-c 16 -j 2");

        String md = Report.render("Smoke run", grpc, pg, meta);
        assertTrue(md.contains("| RecordStatus (gRPC unary) | 16 clients, 2 channels | 1000 ops/s | 5.00 | 20.00 | 30.00 | 1000 calls / 1.0 s | 0 |"), md);
        assertTrue(md.contains("| 2500 tps | 2.50 | 3.50 | 3.50 | 3 tx / 1 s | 0 failed |"), md);
        assertTrue(md.contains("| RecordStatus ops/s ÷ pgbench tps | 0.40× (1000 / 2500) | ≥ 0.50× | **no** |"), md);
        assertTrue(md.contains("| Event lag from occur_time (transaction start): StreamEvents receipt − occur_time, during RecordStatus"
                + " | 1 stream | — | 8.00 | 60.00 | 70.00 | 990 events | 0 gaps |"), md);
        assertTrue(md.contains("| Event lag, commit → delivered (event receipt − RecordStatus response receipt)"
                + " | 1 stream | — | 2.00 | 30.00 | 45.00 | 980 events | event before response: 7 |"), md);
        // The goal is checked on commit → delivered (30 ms), not on the figure from occur_time (60 ms).
        assertTrue(md.contains("| Event lag p99, commit → delivered | 30.00 ms | ≤ 50 ms | yes |"), md);
        assertTrue(md.contains("- Event lag, commit → delivered: 980 of the 990 events in the window matched a RecordStatus response"
                + " by (deployment id, revision), 10 did not"), md);
        assertTrue(md.contains("event before response: 7 (counted as 0 ms); mean 3.00 ms; 1300 RecordStatus responses"), md);
        assertTrue(md.contains("Command: `WARMUP=1 DURATION=1 bench/run-status-bench.sh`"), md);

        String summary = Report.grpcSummary(grpc);
        assertTrue(summary.contains("Lag occur_time") && summary.contains("p99    60.00 ms"), summary);
        assertTrue(summary.contains("Lag commit") && summary.contains("p99    30.00 ms")
                && summary.contains("(980 events, event before response: 7)"), summary);

        // Over the goal on the commit → delivered figure: not met, whatever the other figure says.
        new Histograms.Summary(980, 1.0, 2000, 51000, 52000, 3000, Map.of()).put(grpc, "commit_lag");
        new Histograms.Summary(990, 1.0, 8000, 20000, 30000, 9000, Map.of()).put(grpc, "lag");
        assertTrue(Report.render("Smoke run", grpc, pg, meta).contains("| Event lag p99, commit → delivered | 51.00 ms | ≤ 50 ms | **no** |"));

        // Figures from before the commit → delivered figure existed: no row, and the goal is not met.
        grpc.keySet().removeIf(k -> k.startsWith("commit_lag."));
        String old = Report.render("Old run", grpc, pg, meta);
        assertFalse(old.contains("commit → delivered (event receipt"), old);
        assertTrue(old.contains("| Event lag p99, commit → delivered | not measured | ≤ 50 ms | **no** |"), old);
    }

    @Test
    void replacesOnlyTheMarkedBlock() {
        String doc = "# Title\nprose before\n" + Report.BEGIN + "\nold figures\n" + Report.END + "\nprose after\n";
        String out = Report.replaceBlock(doc, "new figures");
        assertEquals("# Title\nprose before\n" + Report.BEGIN + "\n\nnew figures\n\n" + Report.END + "\nprose after\n", out);
        assertEquals(out, Report.replaceBlock(out, "new figures"));
        assertThrows(IllegalArgumentException.class, () -> Report.replaceBlock("# no markers\n", "x"));
        assertThrows(IllegalArgumentException.class, () -> Report.replaceBlock(Report.END + "\n" + Report.BEGIN + "\n", "x"));
    }
}
