package io.shipwatch.status.api;

import io.shipwatch.platform.auth.Role;
import io.shipwatch.platform.auth.RpcPolicy;
import io.shipwatch.status.v1.StatusServiceGrpc;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;

/** Who may call which StatusService RPC. */
@Singleton
public class StatusRpcPolicy implements RpcPolicy {
    private static final Map<String, Set<Role>> ROLES = Map.of(
            StatusServiceGrpc.getCreateDeploymentMethod().getFullMethodName(), Set.of(Role.DEPLOYER),
            StatusServiceGrpc.getRecordStatusMethod().getFullMethodName(), Set.of(Role.DEPLOYER),
            StatusServiceGrpc.getGetDeploymentMethod().getFullMethodName(), Set.of(Role.VIEWER),
            StatusServiceGrpc.getListDeploymentsMethod().getFullMethodName(), Set.of(Role.VIEWER),
            StatusServiceGrpc.getBatchGetStatusHistoriesMethod().getFullMethodName(), Set.of(Role.VIEWER),
            StatusServiceGrpc.getWatchDeploymentMethod().getFullMethodName(), Set.of(Role.VIEWER),
            StatusServiceGrpc.getStreamEventsMethod().getFullMethodName(), Set.of(Role.SERVICE));

    @Override
    public Map<String, Set<Role>> requiredRoles() {
        return ROLES;
    }
}
