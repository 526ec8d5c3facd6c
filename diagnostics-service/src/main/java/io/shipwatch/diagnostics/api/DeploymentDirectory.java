package io.shipwatch.diagnostics.api;

import io.shipwatch.status.v1.Target;
import java.util.UUID;

/** Where a deployment runs, as status-service knows it. */
public interface DeploymentDirectory {
    /** A deployment's service, environment and target. */
    record Located(String service, String environment, Target target) {
    }

    /** Looks the deployment up; NOT_FOUND or UNAVAILABLE as ServiceException. */
    Located locate(UUID deploymentId);
}
