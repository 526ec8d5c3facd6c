package io.shipwatch.metrics.store;

/**
 * A rollup row a batch actually changed, and which of its sections: answers that read only the
 * production section need not be invalidated when only the all-deployments section moved.
 */
public record ChangedRow(RowKey key, boolean allChanged, boolean productionChanged) {
}
