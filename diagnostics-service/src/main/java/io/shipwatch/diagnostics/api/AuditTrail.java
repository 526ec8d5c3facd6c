package io.shipwatch.diagnostics.api;

import java.util.Map;

/**
 * Appends `diagnostics.run` to audit-service. Without audit-service configured the no-op
 * implementation serves; a failure to append never fails the diagnosis (it is logged).
 */
public interface AuditTrail {
    void diagnosticsRun(String deploymentId, String service, String environment, Map<String, String> details);
}
