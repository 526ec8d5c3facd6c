package io.shipwatch.diagnostics.api;

import io.grpc.ManagedChannel;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.grpc.annotation.GrpcChannel;
import io.shipwatch.audit.v1.AppendAuditEventRequest;
import io.shipwatch.audit.v1.AuditServiceGrpc;
import io.shipwatch.platform.auth.ServiceCredentials;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Appends `diagnostics.run` to audit-service over channel `audit` (GRPC_CHANNELS_AUDIT_ADDRESS),
 * as role service, with a 5 s deadline. Active when that address is configured.
 */
@Singleton
@Requires(property = "grpc.channels.audit.address")
@Replaces(NoAuditTrail.class)
public class GrpcAuditTrail implements AuditTrail {
    static final String ACTION = "diagnostics.run";

    private final AuditServiceGrpc.AuditServiceBlockingStub stub;

    public GrpcAuditTrail(@GrpcChannel("audit") ManagedChannel channel, ServiceCredentials credentials) {
        this.stub = AuditServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials);
    }

    @Override
    public void diagnosticsRun(String deploymentId, String service, String environment, Map<String, String> details) {
        stub.withDeadlineAfter(5, TimeUnit.SECONDS).appendAuditEvent(AppendAuditEventRequest.newBuilder()
                .setAction(ACTION).setDeploymentId(deploymentId).setService(service).setEnvironment(environment)
                .putAllDetails(details).build());
    }
}
