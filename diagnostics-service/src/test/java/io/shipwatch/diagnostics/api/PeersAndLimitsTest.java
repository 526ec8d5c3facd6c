package io.shipwatch.diagnostics.api;

import static io.shipwatch.diagnostics.api.DiagnosticsEndpointTest.catchStatus;
import static io.shipwatch.diagnostics.api.DiagnosticsEndpointTest.collecting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.shipwatch.diagnostics.DiagnosticsServer;
import io.shipwatch.diagnostics.provider.MockCluster;
import io.shipwatch.diagnostics.v1.AnalyzeLogsRequest;
import io.shipwatch.diagnostics.v1.AnalyzeLogsResponse;
import io.shipwatch.diagnostics.v1.DiagnosticReport;
import io.shipwatch.diagnostics.v1.RunDiagnosticsRequest;
import io.shipwatch.diagnostics.v1.RunDiagnosticsResponse;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.platform.testing.Infra;
import io.shipwatch.platform.testing.RequiresPostgres;
import io.shipwatch.platform.testing.ServiceJars;
import io.shipwatch.platform.testing.ServiceProcess;
import io.shipwatch.platform.testing.TestTokens;
import io.shipwatch.status.v1.CreateDeploymentRequest;
import io.shipwatch.status.v1.Provider;
import io.shipwatch.status.v1.StatusServiceGrpc;
import io.shipwatch.status.v1.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Deployments looked up in a real status-service process (role service), and the session limit. */
@RequiresPostgres
class PeersAndLimitsTest {
    private static MockCluster cluster;
    private static String statusDb;
    private static ServiceProcess status;
    private static DiagnosticsServer server;
    private static io.grpc.Server audit;
    private static final List<io.shipwatch.audit.v1.AppendAuditEventRequest> appended = Collections.synchronizedList(new ArrayList<>());
    private static final List<String> auditAuthorization = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() {
        cluster = new MockCluster();
        cluster.oomCrashLoop("checkout");
        Infra.PostgresServer pg = Infra.postgres().orElseThrow();
        statusDb = pg.freshDatabase("status");
        status = ServiceProcess.start(ServiceJars.status(), Map.of(
                "DATASOURCES_DEFAULT_URL", statusDb,
                "DATASOURCES_DEFAULT_USERNAME", pg.user(),
                "DATASOURCES_DEFAULT_PASSWORD", pg.password(),
                "SHIPWATCH_AUTH_HS256_SECRET", DiagnosticsServer.SECRET));
        audit = fakeAuditService();
        server = DiagnosticsServer.start(Map.of(
                "shipwatch.diagnostics.kubernetes.master-url", cluster.url(),
                "shipwatch.diagnostics.max-sessions", 1,
                "grpc.channels.status.address", "127.0.0.1:" + status.port(),
                "grpc.channels.status.plaintext", true,
                "grpc.channels.audit.address", "127.0.0.1:" + audit.getPort(),
                "grpc.channels.audit.plaintext", true));
    }

    /** audit-service's contract, recording what diagnostics appends and the credentials it sends. */
    private static io.grpc.Server fakeAuditService() {
        io.grpc.Metadata.Key<String> authorization = io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER);
        var service = new io.shipwatch.audit.v1.AuditServiceGrpc.AuditServiceImplBase() {
            @Override
            public void appendAuditEvent(io.shipwatch.audit.v1.AppendAuditEventRequest request,
                                         io.grpc.stub.StreamObserver<io.shipwatch.audit.v1.AppendAuditEventResponse> response) {
                appended.add(request);
                response.onNext(io.shipwatch.audit.v1.AppendAuditEventResponse.getDefaultInstance());
                response.onCompleted();
            }
        };
        io.grpc.ServerInterceptor headers = new io.grpc.ServerInterceptor() {
            @Override
            public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, R> call, io.grpc.Metadata h,
                                                                       io.grpc.ServerCallHandler<Q, R> next) {
                auditAuthorization.add(String.valueOf(h.get(authorization)));
                return next.startCall(call, h);
            }
        };
        try {
            return io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder.forAddress(new java.net.InetSocketAddress("127.0.0.1", 0))
                    .addService(io.grpc.ServerInterceptors.intercept(service, headers)).build().start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (audit != null) {
            audit.shutdownNow();
        }
        if (status != null) {
            status.close();
        }
        Infra.postgres().orElseThrow().dropDatabase(statusDb);
        cluster.close();
    }

    @Test
    void runDiagnostics_byDeploymentId_looksTheTargetUpInStatusService() {
        String id = StatusServiceGrpc.newBlockingStub(status.channel())
                .withInterceptors(TestTokens.bearer(DiagnosticsServer.SECRET, Role.DEPLOYER, "ci"))
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .createDeployment(CreateDeploymentRequest.newBuilder().setService("checkout").setEnvironment("production")
                        .setVersion("1.4.3").setTarget(Target.newBuilder().setProvider(Provider.PROVIDER_KUBERNETES)
                                .setNamespace(MockCluster.NAMESPACE).setWorkload("checkout")).build())
                .getDeployment().getId();

        List<RunDiagnosticsResponse> messages = new ArrayList<>();
        server.blocking(Role.OPERATOR).runDiagnostics(RunDiagnosticsRequest.newBuilder().setDeploymentId(id).build())
                .forEachRemaining(messages::add);
        DiagnosticReport report = messages.get(messages.size() - 1).getReport();
        assertThat(report.getDeploymentId()).isEqualTo(id);
        assertThat(report.getTarget().getWorkload()).isEqualTo("checkout");
        assertThat(report.getRootCauses(0).getPatternId()).isEqualTo("oom-killed-limit");
        assertThat(appended).filteredOn(a -> a.getDetailsMap().get("report_id").equals(report.getReportId())).singleElement()
                .satisfies(a -> {
                    assertThat(a.getAction()).isEqualTo("diagnostics.run");
                    assertThat(a.getDeploymentId()).isEqualTo(id);
                    assertThat(a.getService()).isEqualTo("checkout");
                    assertThat(a.getEnvironment()).isEqualTo("production");
                    assertThat(a.getDetailsMap()).containsEntry("top_pattern", "oom-killed-limit");
                });
        assertThat(auditAuthorization).allMatch(h -> h.startsWith("Bearer "));

        StatusRuntimeException unknown = catchStatus(() -> server.blocking(Role.OPERATOR).runDiagnostics(
                RunDiagnosticsRequest.newBuilder().setDeploymentId(UUID.randomUUID().toString()).build()).hasNext());
        assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void beyondTheSessionLimit_isResourceExhaustedWithRetryInfo_andTheSlotFreesWhenTheSessionEnds() throws Exception {
        List<AnalyzeLogsResponse> received = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamObserver<AnalyzeLogsRequest> open = server.async(Role.OPERATOR).analyzeLogs(collecting(received, done));
        open.onNext(AnalyzeLogsRequest.newBuilder().setSource("ci").addLines("started").build());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            StatusRuntimeException e = catchStatus(() -> server.blocking(Role.OPERATOR).runDiagnostics(
                    RunDiagnosticsRequest.newBuilder().setTarget(Target.newBuilder().setProvider(Provider.PROVIDER_KUBERNETES)
                            .setNamespace(MockCluster.NAMESPACE).setWorkload("checkout")).build()).hasNext());
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            RetryInfo retry = StatusProto.fromThrowable(e).getDetailsList().stream().filter(d -> d.is(RetryInfo.class))
                    .findFirst().orElseThrow().unpack(RetryInfo.class);
            assertThat(retry.getRetryDelay().getSeconds()).isPositive();
        });

        open.onCompleted();
        done.get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<RunDiagnosticsResponse> messages = new ArrayList<>();
            server.blocking(Role.OPERATOR).runDiagnostics(RunDiagnosticsRequest.newBuilder().setTarget(Target.newBuilder()
                    .setProvider(Provider.PROVIDER_KUBERNETES).setNamespace(MockCluster.NAMESPACE).setWorkload("checkout"))
                    .build()).forEachRemaining(messages::add);
            assertThat(messages.get(messages.size() - 1).hasReport()).isTrue();
        });
    }
}
