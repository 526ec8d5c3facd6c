package io.shipwatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        assertTrue(md.contains("| Event lag p99 | 60.00 ms | ≤ 50 ms | **no** |"), md);
        assertTrue(md.contains("Command: `WARMUP=1 DURATION=1 bench/run-status-bench.sh`"), md);
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
