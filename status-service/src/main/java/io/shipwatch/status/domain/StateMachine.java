package io.shipwatch.status.domain;

import static io.shipwatch.status.domain.DeploymentState.CANCELLED;
import static io.shipwatch.status.domain.DeploymentState.ERRORED;
import static io.shipwatch.status.domain.DeploymentState.FAILED;
import static io.shipwatch.status.domain.DeploymentState.INACTIVE;
import static io.shipwatch.status.domain.DeploymentState.IN_PROGRESS;
import static io.shipwatch.status.domain.DeploymentState.PENDING;
import static io.shipwatch.status.domain.DeploymentState.QUEUED;
import static io.shipwatch.status.domain.DeploymentState.ROLLED_BACK;
import static io.shipwatch.status.domain.DeploymentState.SUCCEEDED;

import io.shipwatch.platform.errors.ServiceException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one table of allowed state moves; the README shows the same table. Every deployment
 * starts PENDING. IN_PROGRESS may repeat to report progress. SUCCEEDED can still be
 * superseded (INACTIVE, set automatically) or rolled back; FAILED and ERRORED can be rolled
 * back; CANCELLED, ROLLED_BACK and INACTIVE are final.
 */
public final class StateMachine {
    private static final Map<DeploymentState, Set<DeploymentState>> ALLOWED = new EnumMap<>(DeploymentState.class);

    static {
        ALLOWED.put(PENDING, EnumSet.of(QUEUED, IN_PROGRESS, SUCCEEDED, FAILED, ERRORED, CANCELLED));
        ALLOWED.put(QUEUED, EnumSet.of(IN_PROGRESS, SUCCEEDED, FAILED, ERRORED, CANCELLED));
        ALLOWED.put(IN_PROGRESS, EnumSet.of(IN_PROGRESS, SUCCEEDED, FAILED, ERRORED, CANCELLED));
        ALLOWED.put(SUCCEEDED, EnumSet.of(INACTIVE, ROLLED_BACK));
        ALLOWED.put(FAILED, EnumSet.of(ROLLED_BACK));
        ALLOWED.put(ERRORED, EnumSet.of(ROLLED_BACK));
        ALLOWED.put(CANCELLED, EnumSet.noneOf(DeploymentState.class));
        ALLOWED.put(ROLLED_BACK, EnumSet.noneOf(DeploymentState.class));
        ALLOWED.put(INACTIVE, EnumSet.noneOf(DeploymentState.class));
    }

    private StateMachine() {
    }

    public static boolean allows(DeploymentState from, DeploymentState to) {
        return ALLOWED.get(from).contains(to);
    }

    public static Set<DeploymentState> next(DeploymentState from) {
        return Set.copyOf(ALLOWED.get(from));
    }

    /** Throws FAILED_PRECONDITION (reason INVALID_TRANSITION, metadata from/to) for an illegal move. */
    public static void check(DeploymentState from, DeploymentState to) {
        if (!allows(from, to)) {
            throw ServiceException.failedPrecondition("INVALID_TRANSITION",
                    "a deployment in state " + from + " cannot move to " + to + "; allowed: " + next(from),
                    Map.of("from", from.name(), "to", to.name()));
        }
    }
}
