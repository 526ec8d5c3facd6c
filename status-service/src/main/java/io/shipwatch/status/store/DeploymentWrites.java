package io.shipwatch.status.store;

import io.shipwatch.platform.db.Transactions;
import io.shipwatch.platform.errors.FieldViolation;
import io.shipwatch.platform.errors.ServiceException;
import io.shipwatch.platform.errors.ErrorKind;
import io.shipwatch.status.domain.Deployment;
import io.shipwatch.status.domain.DeploymentEvent;
import io.shipwatch.status.domain.DeploymentRules;
import io.shipwatch.status.domain.DeploymentState;
import io.shipwatch.status.domain.EventType;
import io.shipwatch.status.domain.IdempotencyKey;
import io.shipwatch.status.domain.NewDeployment;
import io.shipwatch.status.domain.StateMachine;
import io.shipwatch.status.domain.StatusChange;
import io.shipwatch.status.events.EventCodec;
import io.shipwatch.status.events.EventSequencer;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Every write of status-service, each in ONE transaction: the idempotency record, the
 * deployment row, its history row and its event (plus the auto-inactivation of the previous
 * success) commit together or not at all. A status change costs three round trips: lock the
 * row, write row + history + event in one statement, commit.
 */
@Singleton
public class DeploymentWrites {
    private final Transactions tx;
    private final DeploymentStore deployments;
    private final IdempotencyStore idempotency;
    private final EventSequencer sequencer;
    private final Clock clock;

    public DeploymentWrites(Transactions tx, DeploymentStore deployments,
                            IdempotencyStore idempotency, EventSequencer sequencer, Clock clock) {
        this.tx = tx;
        this.deployments = deployments;
        this.idempotency = idempotency;
        this.sequencer = sequencer;
        this.clock = clock;
    }

    public Deployment create(NewDeployment n, IdempotencyKey key, String actor, String traceparent) {
        Deployment created = tx.write(c -> {
            Optional<Deployment> replay = claim(c, key);
            if (replay.isPresent()) {
                return replay.get();
            }
            Instant now = now();
            Deployment d = new Deployment(UUID.randomUUID(), n.service(), n.environment(), n.version(), n.commitSha(),
                    n.commitTime(), n.description(), n.labels(), n.production(), n.target(), DeploymentState.PENDING, 1,
                    actor, now, now, "");
            deployments.insert(c, change(d, 1, null, EventType.DEPLOYMENT_CREATED, actor, traceparent));
            complete(c, key, d);
            return d;
        });
        sequencer.wake();
        return created;
    }

    public Deployment recordStatus(StatusChange change, IdempotencyKey key, String actor, String traceparent) {
        Deployment changed = tx.write(c -> {
            Optional<Deployment> replay = claim(c, key);
            if (replay.isPresent()) {
                return replay.get();
            }
            if (change.state() == DeploymentState.SUCCEEDED) {
                // Serialise successes per service+environment BEFORE taking row locks, so two
                // deployments succeeding at once cannot deadlock or both stay SUCCEEDED.
                // (Service and environment never change, so an unlocked read is enough here.)
                Deployment seen = deployments.find(c, change.deploymentId()).orElseThrow(() -> notFound(change.deploymentId()));
                lockServiceEnvironment(c, seen.service(), seen.environment());
            }
            DeploymentStore.Locked locked = deployments.lock(c, change.deploymentId())
                    .orElseThrow(() -> notFound(change.deploymentId()));
            Deployment current = locked.deployment();
            checkRevision(change, current);
            StateMachine.check(current.state(), change.state());
            if (locked.statusCount() >= DeploymentRules.MAX_STATUSES) {
                throw ServiceException.failedPrecondition("STATUS_LIMIT_REACHED", "a deployment accepts at most "
                        + DeploymentRules.MAX_STATUSES + " statuses", Map.of("deployment_id", current.id().toString()));
            }
            Instant now = now();
            if (change.state() == DeploymentState.SUCCEEDED) {
                inactivatePreviousSuccess(c, current, actor, traceparent, now);
            }
            Deployment next = current.moveTo(change.state(), change.description(), change.logUrl(), now);
            deployments.update(c, change(next, locked.statusCount() + 1, current.state(), EventType.STATUS_CHANGED, actor,
                    traceparent));
            complete(c, key, next);
            return next;
        });
        sequencer.wake();
        return changed;
    }

    private void inactivatePreviousSuccess(Connection c, Deployment succeeding, String actor, String traceparent,
                                           Instant now) throws SQLException {
        Optional<DeploymentStore.Locked> previous =
                deployments.lockCurrentSuccess(c, succeeding.service(), succeeding.environment(), succeeding.id());
        if (previous.isEmpty()) {
            return;
        }
        Deployment old = previous.get().deployment();
        Deployment inactive = old.moveTo(DeploymentState.INACTIVE, "superseded by deployment " + succeeding.id(), "", now);
        deployments.update(c, change(inactive, previous.get().statusCount() + 1, old.state(), EventType.AUTO_INACTIVATED,
                actor, traceparent));
    }

    /** The stored form of a deployment that just became {@code d}: its row, history entry and event. */
    private static DeploymentStore.Change change(Deployment d, int statusCount, DeploymentState from, EventType type,
                                                 String actor, String traceparent) {
        DeploymentEvent event = new DeploymentEvent(UUID.randomUUID(), type, d, from, d.state(), actor, d.updateTime(),
                traceparent);
        return new DeploymentStore.Change(d, statusCount, actor, type.name(), EventCodec.encode(event), traceparent);
    }

    private Optional<Deployment> claim(Connection c, IdempotencyKey key) throws SQLException {
        if (!key.isPresent()) {
            return Optional.empty();
        }
        Optional<IdempotencyStore.Existing> existing =
                idempotency.claim(c, key.requestId(), key.operation(), key.fingerprint(), now());
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        IdempotencyStore.Existing e = existing.get();
        if (!e.operation().equals(key.operation()) || !Arrays.equals(e.fingerprint(), key.fingerprint())) {
            throw new ServiceException(ErrorKind.INVALID_ARGUMENT, "IDEMPOTENCY_KEY_REUSED",
                    "request_id " + key.requestId() + " was already used for a different request",
                    Map.of("request_id", key.requestId()),
                    List.of(new FieldViolation("request_id", "was already used with a different payload")));
        }
        return Optional.of(EventCodec.decodeDeployment(e.response()));
    }

    private void complete(Connection c, IdempotencyKey key, Deployment result) throws SQLException {
        if (key.isPresent()) {
            idempotency.complete(c, key.requestId(), EventCodec.encode(result));
        }
    }

    private static void checkRevision(StatusChange change, Deployment current) {
        if (change.expectedRevision().isPresent() && change.expectedRevision().getAsLong() != current.revision()) {
            throw ServiceException.aborted("REVISION_MISMATCH", "deployment " + current.id() + " is at revision "
                    + current.revision() + ", not " + change.expectedRevision().getAsLong() + "; re-read and retry",
                    Map.of("expected_revision", Long.toString(change.expectedRevision().getAsLong()),
                            "actual_revision", Long.toString(current.revision())));
        }
    }

    private static void lockServiceEnvironment(Connection c, String service, String environment) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_advisory_xact_lock(1, hashtext(? || '/' || ?))")) {
            ps.setString(1, service);
            ps.setString(2, environment);
            ps.execute();
        }
    }

    static ServiceException notFound(UUID id) {
        return ServiceException.notFound("DEPLOYMENT_NOT_FOUND", "deployment " + id + " does not exist",
                Map.of("deployment_id", id.toString()));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
