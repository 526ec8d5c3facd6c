package io.shipwatch.status.domain;

/** What an event in the log records. */
public enum EventType {
    DEPLOYMENT_CREATED,
    STATUS_CHANGED,
    AUTO_INACTIVATED
}
