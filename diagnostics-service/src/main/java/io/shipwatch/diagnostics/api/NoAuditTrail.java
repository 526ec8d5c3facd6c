package io.shipwatch.diagnostics.api;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.Map;

/** Used while no audit-service address is configured (grpc.channels.audit.address unset). */
@Singleton
@Requires(missingProperty = "grpc.channels.audit.address")
public class NoAuditTrail implements AuditTrail {
    @Override
    public void diagnosticsRun(String deploymentId, String service, String environment, Map<String, String> details) {
        // Nothing to append to.
    }
}
