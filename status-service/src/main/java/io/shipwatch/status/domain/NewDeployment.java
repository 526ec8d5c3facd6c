package io.shipwatch.status.domain;

import java.time.Instant;
import java.util.Map;

/** What CreateDeployment asks for, already validated. */
public record NewDeployment(
        String service,
        String environment,
        String version,
        String commitSha,
        Instant commitTime,
        String description,
        Map<String, String> labels,
        boolean production,
        Target target) {

    public NewDeployment {
        labels = Map.copyOf(labels);
    }
}
