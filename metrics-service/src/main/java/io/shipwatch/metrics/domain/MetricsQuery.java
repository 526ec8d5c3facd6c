package io.shipwatch.metrics.domain;

/**
 * What an answer is asked for: a filter (null service or environment means all), a range of
 * days and, for a time series, a bucket (null for a single answer). Also the cache key.
 */
public record MetricsQuery(String service, String environment, boolean productionOnly, DayRange range,
                           DayRange.Bucket bucket) {

    /** True when a change to this row's sections can change this answer. */
    public boolean dependsOn(String rowService, String rowEnvironment, java.time.LocalDate day,
                             boolean allChanged, boolean productionChanged) {
        return (service == null || service.equals(rowService))
                && (environment == null || environment.equals(rowEnvironment))
                && range.contains(day)
                // A production-only answer reads the all-deployments section of no row.
                && (productionChanged || (allChanged && !productionOnly));
    }
}
