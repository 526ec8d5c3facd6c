package io.shipwatch.metrics.domain;

import java.time.Instant;

/**
 * A deployment's facts with, for a failed production deployment, the time of the next SUCCEEDED
 * production deployment of its service and environment (null when none came yet).
 */
public record Recovered(DeploymentFacts facts, Instant recoveredAt) {
}
