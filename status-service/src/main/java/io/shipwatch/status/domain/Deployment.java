package io.shipwatch.status.domain;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A deployment as stored: its identity, what was deployed where, and its current state. */
public record Deployment(
        UUID id,
        String service,
        String environment,
        String version,
        String commitSha,
        Instant commitTime,
        String description,
        Map<String, String> labels,
        boolean production,
        Target target,
        DeploymentState state,
        long revision,
        String createdBy,
        Instant createTime,
        Instant updateTime,
        String logUrl) {

    public Deployment {
        labels = Map.copyOf(labels);
    }

    /**
     * This deployment after moving to {@code next}: one more revision. An empty description or
     * log URL keeps the previous one, as the latest known.
     */
    public Deployment moveTo(DeploymentState next, String newDescription, String newLogUrl, Instant at) {
        return new Deployment(id, service, environment, version, commitSha, commitTime,
                newDescription.isEmpty() ? description : newDescription, labels, production, target, next,
                revision + 1, createdBy, createTime, at, newLogUrl.isEmpty() ? logUrl : newLogUrl);
    }
}
