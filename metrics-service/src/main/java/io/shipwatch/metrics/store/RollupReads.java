package io.shipwatch.metrics.store;

import io.shipwatch.metrics.domain.DayRange;
import io.shipwatch.metrics.domain.DeploymentMetrics;
import io.shipwatch.metrics.domain.MetricsAccumulator;
import io.shipwatch.metrics.domain.MetricsQuery;
import io.shipwatch.platform.db.Transactions;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers from the live rollups only: month rows for the whole months of the range and day rows
 * for the days around them, of the one group the filter names (a service × environment, or a
 * group row for all services and/or all environments), merged in memory: a year is at most 12
 * month rows plus the odd days at its ends, whatever the number of services. Each answer carries the consumer
 * checkpoint read before the rows, so the cache can tell whether an invalidation came after it.
 */
@Singleton
public class RollupReads {
    /** The consumer whose checkpoint stamps the answers. */
    public static final String CONSUMER = "metrics";
    /** Every read is of one group: a service × environment, or a group row standing for all of either. */
    private static final String ONE_GROUP = " and service = ? and environment = ?";

    /** Points (one for a single answer) and the checkpoint they are at least as new as. */
    public record Answer(List<DeploymentMetrics> points, long position) {
    }

    private final Transactions tx;

    public RollupReads(Transactions tx) {
        this.tx = tx;
    }

    public Answer answer(MetricsQuery q) {
        List<DayRange> buckets = q.bucket() == null ? List.of(q.range()) : q.range().split(q.bucket());
        List<MetricsAccumulator> accumulators = new ArrayList<>(buckets.size());
        buckets.forEach(b -> accumulators.add(new MetricsAccumulator(b)));
        // Whole months are read from month rows when no bucket is smaller than a month; the rest from day rows.
        DayRange months = q.bucket() == null || q.bucket() == DayRange.Bucket.MONTH ? q.range().wholeMonths() : null;
        List<DayRange> daySpans = new ArrayList<>();
        if (months == null) {
            daySpans.add(q.range());
        } else {
            if (q.range().start().isBefore(months.start())) {
                daySpans.add(new DayRange(q.range().start(), months.start()));
            }
            if (months.end().isBefore(q.range().end())) {
                daySpans.add(new DayRange(months.end(), q.range().end()));
            }
        }
        long position = tx.read(c -> {
            long checkpoint;
            try (PreparedStatement s = c.prepareStatement("select position from event_checkpoint where consumer = ?")) {
                s.setString(1, CONSUMER);
                try (ResultSet rs = s.executeQuery()) {
                    checkpoint = rs.next() ? rs.getLong(1) : 0;
                }
            }
            if (!daySpans.isEmpty()) {
                StringBuilder spans = new StringBuilder();
                for (int i = 0; i < daySpans.size(); i++) {
                    spans.append(i == 0 ? "" : " or ").append("(day >= ? and day < ?)");
                }
                try (PreparedStatement s = c.prepareStatement("select day, all_stats, production_stats,"
                        + " production_deployed > 0 from rollup_day where (" + spans + ")" + ONE_GROUP)) {
                    int i = 1;
                    for (DayRange span : daySpans) {
                        s.setObject(i++, span.start());
                        s.setObject(i++, span.end());
                    }
                    bindGroup(s, i, q);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            LocalDate day = rs.getObject(1, LocalDate.class);
                            accumulators.get(bucketOf(buckets, day)).add(day, rs.getBytes(2), rs.getBytes(3), rs.getBoolean(4));
                        }
                    }
                }
            }
            if (months != null) {
                try (PreparedStatement s = c.prepareStatement("select month, all_stats, production_stats, deploy_days"
                        + " from rollup_month where month >= ? and month < ?" + ONE_GROUP)) {
                    s.setObject(1, months.start());
                    s.setObject(2, months.end());
                    bindGroup(s, 3, q);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            LocalDate month = rs.getObject(1, LocalDate.class);
                            accumulators.get(bucketOf(buckets, month)).addMonth(month, rs.getBytes(2), rs.getBytes(3), rs.getLong(4));
                        }
                    }
                }
            }
            return checkpoint;
        });
        List<DeploymentMetrics> points = new ArrayList<>(accumulators.size());
        accumulators.forEach(a -> points.add(a.result(q.productionOnly())));
        return new Answer(points, position);
    }

    private static void bindGroup(PreparedStatement s, int from, MetricsQuery q) throws java.sql.SQLException {
        s.setString(from, q.service() == null ? GroupedRollups.ALL : q.service());
        s.setString(from + 1, q.environment() == null ? GroupedRollups.ALL : q.environment());
    }

    /** Buckets are consecutive and sorted: binary search by start day. */
    private static int bucketOf(List<DayRange> buckets, LocalDate day) {
        int lo = 0;
        int hi = buckets.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (buckets.get(mid).start().isAfter(day)) {
                hi = mid - 1;
            } else {
                lo = mid;
            }
        }
        return lo;
    }
}
