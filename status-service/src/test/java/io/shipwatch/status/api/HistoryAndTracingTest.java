package io.shipwatch.status.api;

import static io.shipwatch.status.Fixtures.create;
import static io.shipwatch.status.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.platform.testing.RequiresPostgres;
import io.shipwatch.status.StatusServer;
import io.shipwatch.status.v1.BatchGetStatusHistoriesRequest;
import io.shipwatch.status.v1.BatchGetStatusHistoriesResponse;
import io.shipwatch.status.v1.Deployment;
import io.shipwatch.status.v1.DeploymentState;
import io.shipwatch.status.v1.StatusHistory;
import io.shipwatch.status.v1.StatusHistoryEntry;
import io.shipwatch.status.v1.StatusServiceGrpc.StatusServiceBlockingStub;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@RequiresPostgres
class HistoryAndTracingTest {
    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static StatusServer server;
    private static StatusServiceBlockingStub deployer;
    private static final List<String> ids = new ArrayList<>();

    @BeforeAll
    static void start() {
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        server = StatusServer.start(sdk, Map.of());
        deployer = server.blocking(Role.DEPLOYER, "historian");
        for (int i = 0; i < 1000; i++) {
            Deployment d = create(deployer, "hist-" + (i % 10), "prod");
            if (i % 2 == 0) {
                record(deployer, d, DeploymentState.DEPLOYMENT_STATE_IN_PROGRESS);
            }
            ids.add(d.getId());
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void thousandHistories_areReadWithOneSqlStatement() {
        String trace = newTraceId();
        BatchGetStatusHistoriesResponse response = inTrace(deployer, trace).batchGetStatusHistories(
                BatchGetStatusHistoriesRequest.newBuilder().addAllDeploymentIds(ids).build());

        assertThat(response.getHistoriesList()).extracting(StatusHistory::getDeploymentId).containsExactlyElementsOf(ids);
        serverSpan("BatchGetStatusHistories", trace);
        List<SpanData> sql = SPANS.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.CLIENT && s.getTraceId().equals(trace))
                .toList();
        assertThat(sql).as("SQL spans of the batch call: %s", sql.stream().map(SpanData::getName).toList()).hasSize(1);
    }

    @Test
    void histories_holdEveryEntryOldestFirstWithActors() {
        BatchGetStatusHistoriesResponse response = deployer.batchGetStatusHistories(
                BatchGetStatusHistoriesRequest.newBuilder().addDeploymentIds(ids.get(0)).addDeploymentIds(ids.get(1))
                        .addDeploymentIds(ids.get(0)).addDeploymentIds(UUID.randomUUID().toString()).build());

        assertThat(response.getHistoriesCount()).isEqualTo(2);
        assertThat(response.getHistories(0).getEntriesList()).extracting(StatusHistoryEntry::getState)
                .containsExactly(DeploymentState.DEPLOYMENT_STATE_PENDING, DeploymentState.DEPLOYMENT_STATE_IN_PROGRESS);
        assertThat(response.getHistories(0).getEntriesList()).extracting(StatusHistoryEntry::getActor)
                .containsOnly("historian");
        assertThat(response.getHistories(1).getEntriesList()).extracting(StatusHistoryEntry::getState)
                .containsExactly(DeploymentState.DEPLOYMENT_STATE_PENDING);
    }

    @Test
    void moreThanAThousandIds_isInvalidArgument() throws Exception {
        List<String> tooMany = new ArrayList<>(ids);
        tooMany.add(UUID.randomUUID().toString());
        var e = StatusEndpointTest.failure(() -> deployer.batchGetStatusHistories(
                BatchGetStatusHistoriesRequest.newBuilder().addAllDeploymentIds(tooMany).build()));
        assertThat(StatusEndpointTest.violations(e)).containsExactly("deployment_ids");
    }

    @Test
    void write_continuesTheCallersTraceAndStoresItsTraceparentWithTheEvent() throws Exception {
        String callerTrace = newTraceId();
        Deployment d = create(inTrace(deployer, callerTrace), "traced", "prod");

        SpanData rpc = serverSpan("CreateDeployment", callerTrace);
        assertThat(rpc.getParentSpanId()).isEqualTo(CALLER_SPAN);
        assertThat(SPANS.getFinishedSpanItems()).filteredOn(s -> s.getKind() == SpanKind.CLIENT
                && s.getTraceId().equals(callerTrace)).as("SQL spans in the caller's trace").isNotEmpty();
        try (var c = server.sql(); var ps = c.prepareStatement("select traceparent from event where deployment_id = ?::uuid")) {
            ps.setString(1, d.getId());
            try (var rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("00-" + callerTrace + "-" + rpc.getSpanId() + "-01");
            }
        }
    }

    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    /** A stub whose calls continue the given trace, so spans of this test's calls can be told apart. */
    private static StatusServiceBlockingStub inTrace(StatusServiceBlockingStub stub, String traceId) {
        io.grpc.Metadata headers = new io.grpc.Metadata();
        headers.put(io.grpc.Metadata.Key.of("traceparent", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
                "00-" + traceId + "-" + CALLER_SPAN + "-01");
        return stub.withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static String newTraceId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** The server span of a call; it ends (and is exported) just after the client has its answer. */
    private static SpanData serverSpan(String method, String traceId) {
        return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(
                () -> SPANS.getFinishedSpanItems().stream()
                        .filter(s -> s.getKind() == SpanKind.SERVER && s.getName().endsWith(method)
                                && s.getTraceId().equals(traceId)).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
    }
}
