package io.shipwatch.metrics.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Everything the rollups need about one deployment, folded from its events. Each field is a
 * max-by-revision or a min-of-times, so {@link #merge} is commutative, associative and
 * idempotent: duplicate, late and out-of-order events converge to the same facts.
 *
 * <p>{@code state} is the state at the highest revision seen, INACTIVE excluded (a superseded
 * deployment still succeeded). {@code day} is the UTC day the deployment was created: every
 * event of a deployment lands on the same rollup row.
 */
public record DeploymentFacts(String deploymentId, String service, String environment, boolean production,
                              LocalDate day, Instant commitTime, DeploymentState state, long stateRevision,
                              Instant startedAt, Instant endedAt, Instant succeededAt, Instant failedAt) {

    public static DeploymentFacts of(DeploymentChange c) {
        DeploymentState to = c.to();
        boolean counts = to != DeploymentState.INACTIVE;
        return new DeploymentFacts(c.deploymentId(), c.service(), c.environment(), c.production(),
                LocalDate.ofInstant(c.createdAt(), ZoneOffset.UTC), c.commitTime(),
                counts ? to : DeploymentState.PENDING, counts ? c.revision() : 0,
                to == DeploymentState.IN_PROGRESS ? c.occurredAt() : null,
                to.endsRollout() ? c.occurredAt() : null,
                to == DeploymentState.SUCCEEDED ? c.occurredAt() : null,
                to.isFailure() ? c.occurredAt() : null);
    }

    /** The facts knowing both what this and {@code other} know (same deployment). */
    public DeploymentFacts merge(DeploymentFacts other) {
        boolean mine = stateRevision >= other.stateRevision;
        return new DeploymentFacts(deploymentId, service, environment, production, day,
                commitTime != null ? commitTime : other.commitTime,
                mine ? state : other.state, mine ? stateRevision : other.stateRevision,
                earliest(startedAt, other.startedAt), earliest(endedAt, other.endedAt),
                earliest(succeededAt, other.succeededAt), earliest(failedAt, other.failedAt));
    }

    /** First IN_PROGRESS to the end of the rollout, when both are known. */
    public Long durationMillis() {
        return startedAt != null && endedAt != null ? nonNegativeMillis(startedAt, endedAt) : null;
    }

    /** Commit to SUCCEEDED, when both are known. */
    public Long leadTimeMillis() {
        return commitTime != null && succeededAt != null ? nonNegativeMillis(commitTime, succeededAt) : null;
    }

    static long nonNegativeMillis(Instant from, Instant to) {
        return Math.max(0, to.toEpochMilli() - from.toEpochMilli());
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
