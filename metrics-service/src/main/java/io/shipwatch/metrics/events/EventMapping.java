package io.shipwatch.metrics.events;

import com.google.protobuf.Timestamp;
import io.shipwatch.metrics.domain.DeploymentChange;
import io.shipwatch.metrics.domain.DeploymentState;
import io.shipwatch.status.v1.Deployment;
import io.shipwatch.status.v1.DeploymentEvent;
import java.time.Instant;

/** Reads what metrics needs out of a published event. */
final class EventMapping {
    private EventMapping() {
    }

    static DeploymentChange change(DeploymentEvent e) {
        Deployment d = e.getDeployment();
        return new DeploymentChange(d.getId(), d.getService(), d.getEnvironment(), d.getProduction(),
                instant(d.getCreateTime()), d.hasCommitTime() ? instant(d.getCommitTime()) : null, d.getRevision(),
                state(e.getToState()), instant(e.getOccurTime()));
    }

    static DeploymentState state(io.shipwatch.status.v1.DeploymentState s) {
        return switch (s) {
            case DEPLOYMENT_STATE_PENDING -> DeploymentState.PENDING;
            case DEPLOYMENT_STATE_QUEUED -> DeploymentState.QUEUED;
            case DEPLOYMENT_STATE_IN_PROGRESS -> DeploymentState.IN_PROGRESS;
            case DEPLOYMENT_STATE_SUCCEEDED -> DeploymentState.SUCCEEDED;
            case DEPLOYMENT_STATE_FAILED -> DeploymentState.FAILED;
            case DEPLOYMENT_STATE_ERRORED -> DeploymentState.ERRORED;
            case DEPLOYMENT_STATE_CANCELLED -> DeploymentState.CANCELLED;
            case DEPLOYMENT_STATE_ROLLED_BACK -> DeploymentState.ROLLED_BACK;
            case DEPLOYMENT_STATE_INACTIVE -> DeploymentState.INACTIVE;
            default -> throw new IllegalArgumentException("event carries no state: " + s);
        };
    }

    private static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
