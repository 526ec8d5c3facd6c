package io.shipwatch.status.domain;

/** The platform a deployment runs on. */
public enum Provider {
    KUBERNETES,
    ECS,
    CLOUD_RUN,
    OTHER
}
