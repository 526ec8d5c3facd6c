package io.shipwatch.metrics.domain;

import java.util.Map;

/**
 * The answer for one filter and range. Durations are milliseconds; a null percentile means no
 * value in the range. Counts and the success rate cover production deployments only when the
 * filter asks for it; the four DORA keys always cover production deployments.
 */
public record DeploymentMetrics(DayRange range, Counts counts, Percentiles duration, Frequency frequency,
                                LeadTime leadTime, ChangeFailure changeFailure, Recovery recovery) {

    /** Deployments by state (INACTIVE ones count as SUCCEEDED), with the success rate succeeded ÷ ended. */
    public record Counts(long total, Map<DeploymentState, Long> byState, long succeeded, long failed, long ended,
                         double successRate) {
    }

    /** First IN_PROGRESS → end of rollout. */
    public record Percentiles(long count, Long p50, Long p95, Long p99, Long mean) {
    }

    /** Successful production deployments and the deploy-days behind the level. */
    public record Frequency(long deployments, long deployDays, double perDay, double perWeek, double perMonth,
                            double medianDeployDaysPerWeek, double medianDeployDaysPerMonth, DoraLevel level) {
    }

    /** Commit → SUCCEEDED of production deployments. */
    public record LeadTime(long count, Long median, Long p90, Long mean, DoraLevel level) {
    }

    /** Failed ÷ finished production deployments. */
    public record ChangeFailure(long failed, long finished, double rate, DoraLevel level) {
    }

    /** Failed production deployment → next SUCCEEDED one of its service and environment. */
    public record Recovery(long count, long unrecovered, Long median, Long mean, DoraLevel level) {
    }
}
