package io.shipwatch.metrics.domain;

import java.time.Instant;

/**
 * What metrics needs from one event of the log: the deployment's fixed attributes, the state it
 * entered at which revision, and when. {@code commitTime} is null when the deployer gave none.
 */
public record DeploymentChange(String deploymentId, String service, String environment, boolean production,
                               Instant createdAt, Instant commitTime, long revision, DeploymentState to,
                               Instant occurredAt) {
    public DeploymentChange {
        // status-service never accepts them empty; the rollups use "" to mean "all" in group rows.
        if (service.isEmpty() || environment.isEmpty()) {
            throw new IllegalArgumentException("deployment " + deploymentId + " has an empty service or environment");
        }
    }
}
