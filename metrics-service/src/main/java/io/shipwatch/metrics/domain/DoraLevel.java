package io.shipwatch.metrics.domain;

import java.time.Duration;

/** The DORA 2023 performance levels, and the thresholds of each key exactly as the README words them. */
public enum DoraLevel {
    /** Nothing in the range to judge by (no finished production deployment, no lead time, no recovery). */
    NO_DATA,
    LOW,
    MEDIUM,
    HIGH,
    ELITE;

    /** Elite when the median deploy-days per week is ≥ 5, high when ≥ 1, medium when the median per month is ≥ 1. */
    public static DoraLevel deploymentFrequency(double medianDeployDaysPerWeek, double medianDeployDaysPerMonth) {
        if (medianDeployDaysPerWeek >= 5) {
            return ELITE;
        }
        if (medianDeployDaysPerWeek >= 1) {
            return HIGH;
        }
        return medianDeployDaysPerMonth >= 1 ? MEDIUM : LOW;
    }

    /** On the median: elite < 1 day, high < 1 week, medium < 30 days. */
    public static DoraLevel leadTime(Long medianMillis) {
        return below(medianMillis, Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(30));
    }

    /** Elite ≤ 5 %, high ≤ 10 %, medium ≤ 15 %; no data without a finished production deployment. */
    public static DoraLevel changeFailureRate(long failed, long finished) {
        if (finished == 0) {
            return NO_DATA;
        }
        // Compared as integers so 1 of 20 is exactly 5 %.
        long hundredTimesFailed = failed * 100;
        if (hundredTimesFailed <= 5 * finished) {
            return ELITE;
        }
        if (hundredTimesFailed <= 10 * finished) {
            return HIGH;
        }
        return hundredTimesFailed <= 15 * finished ? MEDIUM : LOW;
    }

    /** On the median: elite < 1 hour, high < 1 day, medium < 1 week. */
    public static DoraLevel recoveryTime(Long medianMillis) {
        return below(medianMillis, Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(7));
    }

    private static DoraLevel below(Long millis, Duration elite, Duration high, Duration medium) {
        if (millis == null) {
            return NO_DATA;
        }
        if (millis < elite.toMillis()) {
            return ELITE;
        }
        if (millis < high.toMillis()) {
            return HIGH;
        }
        return millis < medium.toMillis() ? MEDIUM : LOW;
    }
}
