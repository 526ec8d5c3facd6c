package io.shipwatch.platform.grpc;

import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerShutdownEvent;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import io.micronaut.grpc.server.GrpcEmbeddedServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health follows the server's life: every service SERVING once the server has started
 * (so readiness probes pass only then), NOT_SERVING as soon as shutdown begins (so load
 * balancers drain it) while open streams are ended and in-flight calls finish.
 */
@Singleton
public class HealthLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(HealthLifecycle.class);
    private final HealthStatusManager health;
    private final ActiveStreams streams;

    public HealthLifecycle(HealthStatusManager health, ActiveStreams streams) {
        this.health = health;
        this.streams = streams;
    }

    @EventListener
    void onStartup(ServerStartupEvent event) {
        if (event.getSource() instanceof GrpcEmbeddedServer grpc) {
            for (ServerServiceDefinition service : grpc.getServer().getServices()) {
                health.setStatus(service.getServiceDescriptor().getName(), ServingStatus.SERVING);
            }
        }
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
        LOG.info("serving on port {}", event.getSource().getPort());
    }

    @EventListener
    void onShutdown(ServerShutdownEvent event) {
        health.enterTerminalState();
        streams.shutdown();
    }
}
