package io.shipwatch.diagnostics.api;

import io.shipwatch.diagnostics.v1.DiagnosticsServiceGrpc;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.platform.auth.RpcPolicy;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;

/**
 * Who may call which DiagnosticsService RPC. Running diagnostics reaches into the cluster and
 * costs provider quota, so it is operator-only; stored reports and the pattern library are reads.
 */
@Singleton
public class DiagnosticsRpcPolicy implements RpcPolicy {
    private static final Map<String, Set<Role>> ROLES = Map.of(
            DiagnosticsServiceGrpc.getRunDiagnosticsMethod().getFullMethodName(), Set.of(Role.OPERATOR),
            DiagnosticsServiceGrpc.getAnalyzeLogsMethod().getFullMethodName(), Set.of(Role.OPERATOR),
            DiagnosticsServiceGrpc.getGetDiagnosticReportMethod().getFullMethodName(), Set.of(Role.VIEWER),
            DiagnosticsServiceGrpc.getListDiagnosticReportsMethod().getFullMethodName(), Set.of(Role.VIEWER),
            DiagnosticsServiceGrpc.getListFailurePatternsMethod().getFullMethodName(), Set.of(Role.VIEWER));

    @Override
    public Map<String, Set<Role>> requiredRoles() {
        return ROLES;
    }
}
