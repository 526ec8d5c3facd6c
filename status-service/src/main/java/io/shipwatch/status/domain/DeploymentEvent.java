package io.shipwatch.status.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * One change, as appended to the event log in the same transaction as the change itself.
 * {@code from} is null for a creation. The position is assigned later, after commit.
 */
public record DeploymentEvent(UUID eventId, EventType type, Deployment deployment, DeploymentState from,
                              DeploymentState to, String actor, Instant occurredAt, String traceparent) {
}
