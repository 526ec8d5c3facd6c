package io.shipwatch.status.store;

import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/** A row of status_history. */
@MappedEntity("status_history")
public record HistoryRow(
        @Id @GeneratedValue Long id,
        UUID deploymentId,
        String state,
        String description,
        String actor,
        String logUrl,
        long revision,
        Instant recordedAt) {
}
