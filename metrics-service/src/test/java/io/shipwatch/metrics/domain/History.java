package io.shipwatch.metrics.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One deployment's true life, oldest first, and the events the log publishes for it. */
public record History(String id, String service, String environment, boolean production, Instant createdAt,
                      Instant commitTime, List<Step> steps) {

    /** A state entered at a time. The first step is PENDING at creation. */
    public record Step(DeploymentState state, Instant at) {
    }

    public static History start(String id, String service, String environment, boolean production, Instant createdAt,
                                Instant commitTime) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(DeploymentState.PENDING, createdAt));
        return new History(id, service, environment, production, createdAt, commitTime, steps);
    }

    public History then(DeploymentState state, Instant at) {
        steps.add(new Step(state, at));
        return this;
    }

    /** The log's events: revision i + 1 for step i. */
    public List<DeploymentChange> events() {
        List<DeploymentChange> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            out.add(new DeploymentChange(id, service, environment, production, createdAt, commitTime, i + 1, s.state(), s.at()));
        }
        return out;
    }
}
