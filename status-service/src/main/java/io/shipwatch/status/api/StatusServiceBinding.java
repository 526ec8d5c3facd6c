package io.shipwatch.status.api;

import io.grpc.ServerServiceDefinition;
import io.micronaut.context.annotation.Factory;
import io.shipwatch.platform.grpc.StrictRequests;
import io.shipwatch.status.v1.StatusServiceGrpc;
import jakarta.inject.Singleton;

/** Binds the endpoint to the gRPC server, with malformed requests reported as INVALID_ARGUMENT. */
@Factory
class StatusServiceBinding {
    @Singleton
    ServerServiceDefinition statusService(StatusEndpoint endpoint) {
        return StrictRequests.of(StatusServiceGrpc.bindService(endpoint));
    }
}
