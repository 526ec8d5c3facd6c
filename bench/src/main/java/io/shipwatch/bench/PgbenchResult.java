package io.shipwatch.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * A pgbench run: the summary it prints (tps, latency average, transactions, failures) and the
 * per-transaction latencies of its {@code -l} logs ({@code PREFIX.PID} and
 * {@code PREFIX.PID.THREAD}; the third column is the transaction's latency in microseconds).
 */
record PgbenchResult(double tps, double latencyAverageMillis, long transactions, long failed, long durationSeconds,
                     Histograms.Summary logged, int logFiles) {
    private static final Pattern TPS = Pattern.compile("(?m)^tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern TPS_ANY = Pattern.compile("(?m)^tps = ([0-9.]+)");
    private static final Pattern LATENCY = Pattern.compile("(?m)^latency average = ([0-9.]+) ms");
    private static final Pattern PROCESSED = Pattern.compile("(?m)^number of transactions actually processed: (\\d+)");
    private static final Pattern FAILED = Pattern.compile("(?m)^number of failed transactions: (\\d+)");
    private static final Pattern DURATION = Pattern.compile("(?m)^duration: (\\d+) s");

    static PgbenchResult parse(String output, Path logPrefix) throws IOException {
        Matcher tps = TPS.matcher(output);
        if (!tps.find()) {
            tps = TPS_ANY.matcher(output);
            if (!tps.find()) {
                throw new IllegalArgumentException("no 'tps = ...' line in the pgbench output");
            }
        }
        Histogram h = Histograms.newHistogram();
        int files = 0;
        if (logPrefix != null) {
            for (Path log : logFiles(logPrefix)) {
                files++;
                try (BufferedReader r = Files.newBufferedReader(log)) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        Long latency = latencyMicros(line);
                        if (latency != null) {
                            h.recordValue(Histograms.clampMicros(latency));
                        }
                    }
                }
            }
        }
        long duration = longOr(DURATION, output, 0);
        return new PgbenchResult(Double.parseDouble(tps.group(1)), doubleOr(LATENCY, output), longOr(PROCESSED, output, -1),
                longOr(FAILED, output, 0), duration, Histograms.Summary.of(h, duration, Map.of()), files);
    }

    /** The latency column of one log line, or null for a line that has none ("failed", "skipped", malformed). */
    static Long latencyMicros(String line) {
        String[] cols = line.trim().split("\\s+");
        if (cols.length < 3) {
            return null;
        }
        try {
            return Long.parseLong(cols[2]);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static List<Path> logFiles(Path prefix) throws IOException {
        Path dir = prefix.toAbsolutePath().getParent();
        String name = prefix.getFileName().toString() + ".";
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(name))) {
            s.forEach(files::add);
        }
        files.sort(null);
        return files;
    }

    private static double doubleOr(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static long longOr(Pattern p, String text, long fallback) {
        Matcher m = p.matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : fallback;
    }
}
