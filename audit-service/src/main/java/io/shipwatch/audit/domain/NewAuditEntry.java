package io.shipwatch.audit.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * An audit entry before it joins the chain. Strings are never null ("" means none) and the
 * time is cut to microseconds, PostgreSQL's precision, so what is hashed is exactly what is
 * stored and read back.
 */
public record NewAuditEntry(String actor, String action, UUID deploymentId, String service, String environment,
                            String fromState, String toState, Instant occurredAt, String traceId,
                            SortedMap<String, String> details) {
    public NewAuditEntry {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        service = Objects.requireNonNullElse(service, "");
        environment = Objects.requireNonNullElse(environment, "");
        fromState = Objects.requireNonNullElse(fromState, "");
        toState = Objects.requireNonNullElse(toState, "");
        traceId = Objects.requireNonNullElse(traceId, "");
        occurredAt = occurredAt.truncatedTo(ChronoUnit.MICROS);
        details = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(details));
    }

    public static SortedMap<String, String> details(Map<String, String> details) {
        return new TreeMap<>(details);
    }
}
