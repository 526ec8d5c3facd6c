package io.shipwatch.metrics.api;

import com.google.protobuf.Timestamp;
import io.shipwatch.metrics.domain.DayRange;
import io.shipwatch.metrics.domain.MetricsQuery;
import io.shipwatch.metrics.v1.TimeBucket;
import io.shipwatch.platform.errors.Violations;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Turns the filter fields shared by both read RPCs into a {@link MetricsQuery}, or field violations. */
final class QueryRequests {
    static final int MAX_NAME = 100;
    static final int MAX_DAYS = 1830;
    /** Without start_time: the 30 days ending with the day of end_time. */
    static final int DEFAULT_DAYS = 30;
    /** The range google.protobuf.Timestamp allows: 0001-01-01 to 9999-12-31. */
    private static final long MIN_SECONDS = -62_135_596_800L;
    private static final long MAX_SECONDS = 253_402_300_799L;

    private QueryRequests() {
    }

    static MetricsQuery query(String service, String environment, boolean productionOnly, Timestamp start, boolean hasStart,
                              Timestamp end, boolean hasEnd, DayRange.Bucket bucket, Instant now, Violations v) {
        v.maxLength(service, MAX_NAME, "service");
        v.maxLength(environment, MAX_NAME, "environment");
        Instant endAt = hasEnd ? instant(end, "end_time", v) : now;
        Instant startAt = hasStart ? instant(start, "start_time", v) : null;
        if (endAt == null || (hasStart && startAt == null)) {
            return null;
        }
        if (hasStart && !startAt.isBefore(endAt)) {
            v.add("start_time", "must be before end_time");
            return null;
        }
        // The last day is the one holding the last instant before end_time.
        LocalDate afterLast = LocalDate.ofInstant(endAt.minusNanos(1), ZoneOffset.UTC).plusDays(1);
        LocalDate first = hasStart ? LocalDate.ofInstant(startAt, ZoneOffset.UTC) : afterLast.minusDays(DEFAULT_DAYS);
        DayRange range = new DayRange(first, afterLast);
        if (range.days() > MAX_DAYS) {
            v.add("end_time", "the range must span at most " + MAX_DAYS + " days (it spans " + range.days() + ")");
            return null;
        }
        return new MetricsQuery(service.isEmpty() ? null : service, environment.isEmpty() ? null : environment,
                productionOnly, range, bucket);
    }

    static DayRange.Bucket bucket(TimeBucket bucket, Violations v) {
        switch (bucket) {
            case TIME_BUCKET_DAY:
                return DayRange.Bucket.DAY;
            case TIME_BUCKET_WEEK:
                return DayRange.Bucket.WEEK;
            case TIME_BUCKET_MONTH:
                return DayRange.Bucket.MONTH;
            default:
                v.add("bucket", "must be TIME_BUCKET_DAY, TIME_BUCKET_WEEK or TIME_BUCKET_MONTH");
                return null;
        }
    }

    private static Instant instant(Timestamp t, String field, Violations v) {
        if (t.getSeconds() < MIN_SECONDS || t.getSeconds() > MAX_SECONDS || t.getNanos() < 0 || t.getNanos() > 999_999_999) {
            v.add(field, "must be a valid timestamp between 0001-01-01 and 9999-12-31");
            return null;
        }
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
