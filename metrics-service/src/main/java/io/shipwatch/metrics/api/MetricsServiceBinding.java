package io.shipwatch.metrics.api;

import io.grpc.ServerServiceDefinition;
import io.micronaut.context.annotation.Factory;
import io.shipwatch.metrics.v1.MetricsServiceGrpc;
import io.shipwatch.platform.grpc.StrictRequests;
import jakarta.inject.Singleton;

/** Binds the endpoint to the gRPC server, with malformed requests reported as INVALID_ARGUMENT. */
@Factory
class MetricsServiceBinding {
    @Singleton
    ServerServiceDefinition metricsService(MetricsEndpoint endpoint) {
        return StrictRequests.of(MetricsServiceGrpc.bindService(endpoint));
    }
}
