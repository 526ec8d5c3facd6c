package io.shipwatch.metrics.api;

import io.shipwatch.metrics.v1.MetricsServiceGrpc;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.platform.auth.RpcPolicy;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;

/** Who may call which MetricsService RPC. */
@Singleton
public class MetricsRpcPolicy implements RpcPolicy {
    private static final Map<String, Set<Role>> ROLES = Map.of(
            MetricsServiceGrpc.getGetDeploymentMetricsMethod().getFullMethodName(), Set.of(Role.VIEWER),
            MetricsServiceGrpc.getGetMetricsTimeSeriesMethod().getFullMethodName(), Set.of(Role.VIEWER),
            MetricsServiceGrpc.getRebuildMetricsMethod().getFullMethodName(), Set.of(Role.SERVICE));

    @Override
    public Map<String, Set<Role>> requiredRoles() {
        return ROLES;
    }
}
