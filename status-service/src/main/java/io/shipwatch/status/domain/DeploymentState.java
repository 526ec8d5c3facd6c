package io.shipwatch.status.domain;

/** The lifecycle states of a deployment (GitHub's deployment statuses are the anchor). */
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

    /** The rollout has ended: WatchDeployment stops here. */
    public boolean isTerminal() {
        return this != PENDING && this != QUEUED && this != IN_PROGRESS;
    }
}
