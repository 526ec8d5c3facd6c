package io.shipwatch.status.store;

import io.micronaut.core.annotation.Introspected;
import java.time.Instant;
import java.util.UUID;

/** A history row as the batch read returns it, with its deployment's total entry count. */
@Introspected
public record HistoryView(UUID deploymentId, String state, String description, String actor, String logUrl,
                          long revision, Instant recordedAt, long total) {
}
