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
 * Answers from the live rollups only: one indexed range scan reading at most one row per
 * service × environment × day of the range, merged in memory. Each answer carries the consumer
 * checkpoint read before the rows, so the cache can tell whether an invalidation came after it.
 */
@Singleton
public class RollupReads {
    /** The consumer whose checkpoint stamps the answers. */
    public static final String CONSUMER = "metrics";

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
        long position = tx.read(c -> {
            long checkpoint = 0;
            try (PreparedStatement s = c.prepareStatement("select position from event_checkpoint where consumer = ?")) {
                s.setString(1, CONSUMER);
                try (ResultSet rs = s.executeQuery()) {
                    checkpoint = rs.next() ? rs.getLong(1) : 0;
                }
            }
            StringBuilder sql = new StringBuilder("select day, all_stats, production_stats, production_deployed > 0"
                    + " from rollup_day where day >= ? and day < ?");
            if (q.service() != null) {
                sql.append(" and service = ?");
            }
            if (q.environment() != null) {
                sql.append(" and environment = ?");
            }
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                int i = 1;
                s.setObject(i++, q.range().start());
                s.setObject(i++, q.range().end());
                if (q.service() != null) {
                    s.setString(i++, q.service());
                }
                if (q.environment() != null) {
                    s.setString(i, q.environment());
                }
                s.setFetchSize(5000);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        LocalDate day = rs.getObject(1, LocalDate.class);
                        accumulators.get(bucketOf(buckets, day)).add(day, rs.getBytes(2), rs.getBytes(3), rs.getBoolean(4));
                    }
                }
            }
            return checkpoint;
        });
        List<DeploymentMetrics> points = new ArrayList<>(accumulators.size());
        accumulators.forEach(a -> points.add(a.result(q.productionOnly())));
        return new Answer(points, position);
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
