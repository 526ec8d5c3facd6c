package io.shipwatch.diagnostics.api;

import jakarta.inject.Singleton;
import java.util.Map;

/** Used while no audit-service is configured: appends nothing. {@link GrpcAuditTrail} replaces it. */
@Singleton
public class NoAuditTrail implements AuditTrail {
    @Override
    public void diagnosticsRun(String deploymentId, String service, String environment, Map<String, String> details) {
        // No audit-service to append to.
    }
}
