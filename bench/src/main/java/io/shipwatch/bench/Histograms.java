package io.shipwatch.bench;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latency bookkeeping. Values are recorded in microseconds (1 µs .. 1 h, 3 significant
 * digits); figures are reported in milliseconds.
 */
final class Histograms {
    static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
    static final int DIGITS = 3;

    private Histograms() {
    }

    static Histogram newHistogram() {
        return new Histogram(1, HIGHEST_MICROS, DIGITS);
    }

    static long clampMicros(long micros) {
        return Math.max(1, Math.min(HIGHEST_MICROS, micros));
    }

    /** Milliseconds with two decimals, e.g. {@code 1.25}; "-" for NaN. */
    static String ms(double millis) {
        return Double.isNaN(millis) ? "-" : String.format(Locale.ROOT, "%.2f", millis);
    }

    /** Operations per second without decimals above 100, with one below. */
    static String rate(double perSecond) {
        if (Double.isNaN(perSecond)) {
            return "-";
        }
        return perSecond >= 100 ? String.format(Locale.ROOT, "%.0f", perSecond) : String.format(Locale.ROOT, "%.1f", perSecond);
    }

    /** Count, throughput and percentiles of one measured window. Latencies in microseconds. */
    record Summary(long count, double seconds, long p50, long p99, long max, double mean, Map<String, Long> errors) {
        static Summary of(Histogram h, double seconds, Map<String, Long> errors) {
            long n = h.getTotalCount();
            return new Summary(n, seconds,
                    n == 0 ? 0 : h.getValueAtPercentile(50.0),
                    n == 0 ? 0 : h.getValueAtPercentile(99.0),
                    n == 0 ? 0 : h.getMaxValue(),
                    n == 0 ? 0 : h.getMean(),
                    new TreeMap<>(errors));
        }

        double opsPerSecond() {
            return seconds <= 0 ? Double.NaN : count / seconds;
        }

        long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }

        double p50Millis() {
            return count == 0 ? Double.NaN : p50 / 1000.0;
        }

        double p99Millis() {
            return count == 0 ? Double.NaN : p99 / 1000.0;
        }

        double maxMillis() {
            return count == 0 ? Double.NaN : max / 1000.0;
        }

        double meanMillis() {
            return count == 0 ? Double.NaN : mean / 1000.0;
        }

        /** Writes this summary as {@code prefix.key=value} entries. */
        void put(Map<String, String> out, String prefix) {
            out.put(prefix + ".count", Long.toString(count));
            out.put(prefix + ".seconds", String.format(Locale.ROOT, "%.3f", seconds));
            out.put(prefix + ".p50_us", Long.toString(p50));
            out.put(prefix + ".p99_us", Long.toString(p99));
            out.put(prefix + ".max_us", Long.toString(max));
            out.put(prefix + ".mean_us", String.format(Locale.ROOT, "%.1f", mean));
            StringBuilder e = new StringBuilder();
            errors.forEach((k, v) -> e.append(e.length() == 0 ? "" : ",").append(k).append(':').append(v));
            out.put(prefix + ".errors", e.toString());
        }

        /** Reads back what {@link #put} wrote; null when the prefix is absent. */
        static Summary get(Map<String, String> in, String prefix) {
            if (!in.containsKey(prefix + ".count")) {
                return null;
            }
            Map<String, Long> errors = new TreeMap<>();
            String e = in.getOrDefault(prefix + ".errors", "");
            if (!e.isBlank()) {
                for (String part : e.split(",")) {
                    int colon = part.lastIndexOf(':');
                    errors.put(part.substring(0, colon), Long.parseLong(part.substring(colon + 1)));
                }
            }
            return new Summary(Long.parseLong(in.get(prefix + ".count")), Double.parseDouble(in.get(prefix + ".seconds")),
                    Long.parseLong(in.get(prefix + ".p50_us")), Long.parseLong(in.get(prefix + ".p99_us")),
                    Long.parseLong(in.get(prefix + ".max_us")), Double.parseDouble(in.get(prefix + ".mean_us")), errors);
        }
    }

    /**
     * Records the calls of one closed-loop phase from many threads. Everything recorded
     * before {@link #startMeasuring} is the warm-up and is thrown away.
     */
    static final class PhaseRecorder {
        private final Recorder recorder = new Recorder(1, HIGHEST_MICROS, DIGITS);
        private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        private final LongAdder warmupErrors = new LongAdder();
        private final LongAdder warmupCalls = new LongAdder();
        private volatile boolean measuring;
        private long startNanos;

        void record(long latencyNanos) {
            recorder.recordValue(clampMicros(TimeUnit.NANOSECONDS.toMicros(latencyNanos)));
            if (!measuring) {
                warmupCalls.increment();
            }
        }

        void error(String kind) {
            if (measuring) {
                errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
            } else {
                warmupErrors.increment();
            }
        }

        void startMeasuring() {
            recorder.getIntervalHistogram();
            startNanos = System.nanoTime();
            measuring = true;
        }

        Summary stopMeasuring() {
            Histogram h = recorder.getIntervalHistogram();
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            measuring = false;
            Map<String, Long> e = new TreeMap<>();
            errors.forEach((k, v) -> e.put(k, v.sum()));
            return Summary.of(h, seconds, e);
        }

        long warmupCalls() {
            return warmupCalls.sum();
        }

        long warmupErrors() {
            return warmupErrors.sum();
        }
    }
}
