package io.shipwatch.status.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.platform.testing.RequiresPostgres;
import io.shipwatch.status.Fixtures;
import io.shipwatch.status.StatusServer;
import io.shipwatch.status.store.IdempotencyJanitor;
import io.shipwatch.status.v1.CreateDeploymentRequest;
import io.shipwatch.status.v1.StreamEventsRequest;
import io.shipwatch.status.v1.StreamEventsResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the platform gives every server: health, reflection, limits, graceful shutdown. */
@RequiresPostgres
class ServerSetupTest {

    @Test
    void healthIsServing_andReflectionListsTheService() throws Exception {
        try (StatusServer server = StatusServer.start()) {
            HealthCheckResponse health = HealthGrpc.newBlockingStub(server.channel())
                    .check(HealthCheckRequest.newBuilder().setService("shipwatch.status.v1.StatusService").build());
            assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

            CompletableFuture<List<String>> services = new CompletableFuture<>();
            StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(server.channel())
                    .serverReflectionInfo(new StreamObserver<>() {
                        @Override
                        public void onNext(ServerReflectionResponse value) {
                            services.complete(value.getListServicesResponse().getServiceList().stream()
                                    .map(ServiceResponse::getName).toList());
                        }

                        @Override
                        public void onError(Throwable t) {
                            services.completeExceptionally(t);
                        }

                        @Override
                        public void onCompleted() {
                        }
                    });
            requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
            assertThat(services.get(10, TimeUnit.SECONDS)).contains("shipwatch.status.v1.StatusService", "grpc.health.v1.Health");
            requests.onCompleted();
        }
    }

    @Test
    void oversizedMessage_isRefusedWithResourceExhausted() {
        try (StatusServer server = StatusServer.start()) {
            CreateDeploymentRequest huge = Fixtures.newDeployment("big", "prod").setDescription("x".repeat(5 * 1024 * 1024)).build();
            assertThatThrownBy(() -> server.blocking(Role.DEPLOYER).createDeployment(huge))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
        }
    }

    @Test
    void malformedProtobuf_isInvalidArgumentNotInternal() {
        try (StatusServer server = StatusServer.start()) {
            io.grpc.MethodDescriptor.Marshaller<byte[]> raw = new io.grpc.MethodDescriptor.Marshaller<>() {
                @Override
                public java.io.InputStream stream(byte[] value) {
                    return new java.io.ByteArrayInputStream(value);
                }

                @Override
                public byte[] parse(java.io.InputStream stream) {
                    try {
                        return stream.readAllBytes();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            };
            io.grpc.MethodDescriptor<byte[], byte[]> method = io.grpc.MethodDescriptor.<byte[], byte[]>newBuilder()
                    .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName("shipwatch.status.v1.StatusService/CreateDeployment")
                    .setRequestMarshaller(raw).setResponseMarshaller(raw).build();
            // Field 2 (service) claims 100 bytes but the message ends after 3.
            byte[] garbage = {0x12, 0x64, 'a', 'b', 'c'};
            assertThatThrownBy(() -> io.grpc.stub.ClientCalls.blockingUnaryCall(server.blocking(Role.DEPLOYER).getChannel(),
                    method, server.blocking(Role.DEPLOYER).getCallOptions(), garbage))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(StatusServer.rich(e).getDetailsList()).anyMatch(d -> d.is(com.google.rpc.BadRequest.class));
                    });
        }
    }

    /**
     * The server advertises its metadata limit in HTTP/2 SETTINGS; a conforming client then
     * refuses to send larger headers itself, naming the server's limit.
     */
    @Test
    void oversizedMetadata_isRefusedAtTheAdvertisedLimit() {
        try (StatusServer server = StatusServer.start()) {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("x-padding", Metadata.ASCII_STRING_MARSHALLER), "p".repeat(64 * 1024));
            assertThatThrownBy(() -> server.blocking(Role.VIEWER).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .getDeployment(io.shipwatch.status.v1.GetDeploymentRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCause())
                            .hasMessageContaining("Header size exceeded max allowed size (16384)"));
        }
    }

    @Test
    void shutdown_endsOpenStreamsWithUnavailableSoClientsResumeElsewhere() throws Exception {
        StatusServer server = StatusServer.start();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<StreamEventsResponse> received = new CopyOnWriteArrayList<>();
        server.async(Role.SERVICE).streamEvents(StreamEventsRequest.getDefaultInstance(), new StreamObserver<>() {
            @Override
            public void onNext(StreamEventsResponse value) {
                received.add(value);
            }

            @Override
            public void onError(Throwable t) {
                errors.add(t);
            }

            @Override
            public void onCompleted() {
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
        long started = System.nanoTime();
        server.close();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        await().atMost(Duration.ofSeconds(10)).until(() -> !errors.isEmpty());
        assertThat(Status.fromThrowable(errors.get(0)).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void idempotencyRecords_areForgottenAfterTheRetention() throws Exception {
        try (StatusServer server = StatusServer.start(null, Map.of("shipwatch.idempotency.retention", "1h"))) {
            server.blocking(Role.DEPLOYER).createDeployment(Fixtures.newDeployment("janitor", "prod").setRequestId("fresh").build());
            server.blocking(Role.DEPLOYER).createDeployment(Fixtures.newDeployment("janitor", "prod").setRequestId("stale").build());
            try (Connection c = server.sql()) {
                c.createStatement().executeUpdate(
                        "update idempotency_record set created_at = now() - interval '2 hours' where request_id = 'stale'");
            }
            assertThat(server.context().getBean(IdempotencyJanitor.class).purge()).isEqualTo(1);
            try (Connection c = server.sql(); ResultSet rs = c.createStatement().executeQuery(
                    "select request_id from idempotency_record")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("fresh");
                assertThat(rs.next()).isFalse();
            }
        }
    }
}
