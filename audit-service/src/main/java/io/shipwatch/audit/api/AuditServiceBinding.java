package io.shipwatch.audit.api;

import io.grpc.ServerServiceDefinition;
import io.micronaut.context.annotation.Factory;
import io.shipwatch.audit.v1.AuditServiceGrpc;
import io.shipwatch.platform.grpc.StrictRequests;
import jakarta.inject.Singleton;

/** Binds the endpoint to the gRPC server, with malformed requests reported as INVALID_ARGUMENT. */
@Factory
class AuditServiceBinding {
    @Singleton
    ServerServiceDefinition auditService(AuditEndpoint endpoint) {
        return StrictRequests.of(AuditServiceGrpc.bindService(endpoint));
    }
}
