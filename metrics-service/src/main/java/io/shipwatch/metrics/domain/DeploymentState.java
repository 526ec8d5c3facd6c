package io.shipwatch.metrics.domain;

/** The lifecycle states of a deployment, as status-service publishes them. */
public enum DeploymentState {
    PENDING,
    QUEUED,
    IN_PROGRESS,
    SUCCEEDED,
    FAILED,
    ERRORED,
    CANCELLED,
    ROLLED_BACK,
    INACTIVE;

    /** The rollout ended (first IN_PROGRESS → this is the deployment duration). ROLLED_BACK comes later, INACTIVE too. */
    public boolean endsRollout() {
        return this == SUCCEEDED || this == FAILED || this == ERRORED || this == CANCELLED;
    }

    /** A failed change for the change failure rate and recovery time. */
    public boolean isFailure() {
        return this == FAILED || this == ERRORED || this == ROLLED_BACK;
    }

    /** Finished with a verdict on the change: the denominator of the change failure rate. */
    public boolean isFinished() {
        return this == SUCCEEDED || isFailure();
    }

    /** Over for good: finished, or cancelled. The denominator of the success rate. */
    public boolean isEnded() {
        return isFinished() || this == CANCELLED;
    }
}
