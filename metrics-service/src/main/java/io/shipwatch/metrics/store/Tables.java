package io.shipwatch.metrics.store;

/**
 * The pair of tables a consumer writes: the live ones the reads answer from, or the shadow
 * ones a rebuild replays into before they replace the live ones.
 */
public record Tables(String facts, String rollups, String monthRollups) {
    public static final Tables LIVE = new Tables("deployment_fact", "rollup_day", "rollup_month");
    public static final Tables SHADOW = new Tables("deployment_fact_rebuild", "rollup_day_rebuild", "rollup_month_rebuild");
}
