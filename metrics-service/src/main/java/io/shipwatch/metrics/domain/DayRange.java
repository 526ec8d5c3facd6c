package io.shipwatch.metrics.domain;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/** Whole UTC days [start, end). Metrics are kept per day, so every range is a range of days. */
public record DayRange(LocalDate start, LocalDate end) {
    public DayRange {
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("empty range " + start + " .. " + end);
        }
    }

    public long days() {
        return ChronoUnit.DAYS.between(start, end);
    }

    public boolean contains(LocalDate day) {
        return !day.isBefore(start) && day.isBefore(end);
    }

    /** Index of a day from the start: position in a per-day bit set. */
    public int indexOf(LocalDate day) {
        return (int) ChronoUnit.DAYS.between(start, day);
    }

    /** The whole calendar months inside the range, or null when it holds none. */
    public DayRange wholeMonths() {
        LocalDate first = start.getDayOfMonth() == 1 ? start : start.with(TemporalAdjusters.firstDayOfNextMonth());
        LocalDate last = end.withDayOfMonth(1);
        return first.isBefore(last) ? new DayRange(first, last) : null;
    }

    /** The range cut into buckets (ISO weeks from Monday, calendar months), the first and last clipped to it. */
    public List<DayRange> split(Bucket bucket) {
        List<DayRange> out = new ArrayList<>();
        LocalDate from = start;
        while (from.isBefore(end)) {
            LocalDate next = switch (bucket) {
                case DAY -> from.plusDays(1);
                case WEEK -> from.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
                case MONTH -> from.with(TemporalAdjusters.firstDayOfNextMonth());
            };
            LocalDate to = next.isBefore(end) ? next : end;
            out.add(new DayRange(from, to));
            from = to;
        }
        return out;
    }

    /** How many buckets {@link #split} makes, without making them. */
    public long bucketCount(Bucket bucket) {
        return switch (bucket) {
            case DAY -> days();
            case WEEK -> ChronoUnit.WEEKS.between(start.with(DayOfWeek.MONDAY), end.minusDays(1).with(DayOfWeek.MONDAY)) + 1;
            case MONTH -> ChronoUnit.MONTHS.between(start.withDayOfMonth(1), end.minusDays(1).withDayOfMonth(1)) + 1;
        };
    }

    /** Time-series bucket sizes. */
    public enum Bucket {
        DAY,
        WEEK,
        MONTH
    }
}
