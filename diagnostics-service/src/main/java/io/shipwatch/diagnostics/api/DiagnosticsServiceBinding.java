package io.shipwatch.diagnostics.api;

import io.grpc.ServerServiceDefinition;
import io.micronaut.context.annotation.Factory;
import io.shipwatch.diagnostics.v1.DiagnosticsServiceGrpc;
import io.shipwatch.platform.grpc.StrictRequests;
import jakarta.inject.Singleton;

/** Binds the endpoint to the gRPC server, with malformed requests reported as INVALID_ARGUMENT. */
@Factory
class DiagnosticsServiceBinding {
    @Singleton
    ServerServiceDefinition diagnosticsService(DiagnosticsEndpoint endpoint) {
        return StrictRequests.of(DiagnosticsServiceGrpc.bindService(endpoint));
    }
}
