package io.shipwatch.audit.api;

import io.shipwatch.audit.v1.AuditServiceGrpc;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.platform.auth.RpcPolicy;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;

/** Who may call which AuditService RPC. Exports and verification are for auditors alone. */
@Singleton
public class AuditRpcPolicy implements RpcPolicy {
    private static final Map<String, Set<Role>> ROLES = Map.of(
            AuditServiceGrpc.getAppendAuditEventMethod().getFullMethodName(), Set.of(Role.SERVICE, Role.DEPLOYER),
            AuditServiceGrpc.getListAuditEventsMethod().getFullMethodName(), Set.of(Role.VIEWER, Role.AUDITOR),
            AuditServiceGrpc.getExportAuditEventsMethod().getFullMethodName(), Set.of(Role.AUDITOR),
            AuditServiceGrpc.getVerifyAuditChainMethod().getFullMethodName(), Set.of(Role.AUDITOR));

    @Override
    public Map<String, Set<Role>> requiredRoles() {
        return ROLES;
    }
}
