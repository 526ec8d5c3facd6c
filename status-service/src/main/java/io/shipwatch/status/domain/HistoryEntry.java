package io.shipwatch.status.domain;

import java.time.Instant;
import java.util.UUID;

/** One recorded status of a deployment. */
public record HistoryEntry(UUID deploymentId, DeploymentState state, String description, String actor,
                           Instant time, String logUrl, long revision) {
}
