package io.shipwatch.status.domain;

import java.util.OptionalLong;
import java.util.UUID;

/** What RecordStatus asks for, already validated. */
public record StatusChange(UUID deploymentId, DeploymentState state, String description, String logUrl,
                           OptionalLong expectedRevision) {
}
