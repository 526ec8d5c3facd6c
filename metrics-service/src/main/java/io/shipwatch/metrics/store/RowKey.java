package io.shipwatch.metrics.store;

import java.time.LocalDate;

/** The key of one rollup row. */
public record RowKey(String service, String environment, LocalDate day) {
}
