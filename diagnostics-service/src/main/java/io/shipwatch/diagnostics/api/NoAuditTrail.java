package io.shipwatch.diagnostics.api;

import jakarta.inject.Singleton;
import java.util.Map;

/**
 * The audit trail until audit-service's contract (shipwatch.audit.v1.AuditService) is on main:
 * appends nothing. The gRPC implementation (AppendAuditEvent over channel `audit`, with
 * ServiceCredentials) replaces it then, active when grpc.channels.audit.address is set.
 */
@Singleton
public class NoAuditTrail implements AuditTrail {
    @Override
    public void diagnosticsRun(String deploymentId, String service, String environment, Map<String, String> details) {
        // Nothing to append to yet.
    }
}
