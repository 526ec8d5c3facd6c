package io.shipwatch.diagnostics.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.rpc.BadRequest;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.shipwatch.diagnostics.DiagnosticsServer;
import io.shipwatch.diagnostics.provider.MockCluster;
import io.shipwatch.diagnostics.v1.AnalyzeLogsRequest;
import io.shipwatch.diagnostics.v1.AnalyzeLogsResponse;
import io.shipwatch.diagnostics.v1.CollectorOutcome;
import io.shipwatch.diagnostics.v1.DiagnosticReport;
import io.shipwatch.diagnostics.v1.Depth;
import io.shipwatch.diagnostics.v1.GetDiagnosticReportRequest;
import io.shipwatch.diagnostics.v1.ListDiagnosticReportsRequest;
import io.shipwatch.diagnostics.v1.ListDiagnosticReportsResponse;
import io.shipwatch.diagnostics.v1.ListFailurePatternsRequest;
import io.shipwatch.diagnostics.v1.ReportSource;
import io.shipwatch.diagnostics.v1.RunDiagnosticsRequest;
import io.shipwatch.diagnostics.v1.RunDiagnosticsResponse;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.platform.testing.RequiresPostgres;
import io.shipwatch.status.v1.Provider;
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

@RequiresPostgres
class DiagnosticsEndpointTest {
    private static MockCluster cluster;
    private static SlowProvider slow;
    private static DiagnosticsServer server;

    @BeforeAll
    static void start() {
        cluster = new MockCluster();
        cluster.oomCrashLoop("checkout");
        cluster.imagePullAuth("payments");
        slow = new SlowProvider();
        server = DiagnosticsServer.start(Map.of(
                "shipwatch.diagnostics.kubernetes.master-url", cluster.url(),
                "shipwatch.diagnostics.collector-timeout", "10s"), slow);
    }

    @AfterAll
    static void stop() {
        slow.releaseAll();
        if (server != null) {
            server.close();
        }
        cluster.close();
    }

    private static Target kubernetes(String workload) {
        return Target.newBuilder().setProvider(Provider.PROVIDER_KUBERNETES).setNamespace(MockCluster.NAMESPACE)
                .setWorkload(workload).build();
    }

    private static List<RunDiagnosticsResponse> run(RunDiagnosticsRequest request) {
        List<RunDiagnosticsResponse> out = new ArrayList<>();
        server.blocking(Role.OPERATOR).runDiagnostics(request).forEachRemaining(out::add);
        return out;
    }

    @Test
    void runDiagnostics_streamsCollectorsThenFindingsThenTheReport_forAnOomCrashLoop() {
        List<RunDiagnosticsResponse> messages = run(RunDiagnosticsRequest.newBuilder().setTarget(kubernetes("checkout"))
                .setDepth(Depth.DEPTH_COMPREHENSIVE).build());

        assertThat(messages.get(0).hasCollectorStarted()).isTrue();
        assertThat(messages.get(messages.size() - 1).hasReport()).isTrue();
        assertThat(messages.subList(0, messages.size() - 1)).noneMatch(RunDiagnosticsResponse::hasReport);
        assertThat(messages).filteredOn(RunDiagnosticsResponse::hasFinding).extracting(m -> m.getFinding().getPatternId())
                .contains("oom-killed-limit", "service-no-endpoints");
        DiagnosticReport report = messages.get(messages.size() - 1).getReport();
        assertThat(report.getRootCauses(0).getPatternId()).isEqualTo("oom-killed-limit");
        assertThat(report.getRootCauses(0).getConfidence()).isGreaterThan(0.9);
        assertThat(report.getRootCauses(0).getMergedPatternIdsList()).contains("crashloop-backoff");
        assertThat(report.getRootCauses(0).getCollectorsList()).contains("container-state", "resources", "events");
        assertThat(report.getCollectorsList()).extracting(c -> c.getCollector())
                .containsExactlyInAnyOrder("container-state", "events", "logs", "resources", "endpoints", "network");
        assertThat(report.getCollectorsList()).allMatch(c -> c.getOutcome() == CollectorOutcome.COLLECTOR_OUTCOME_SUCCEEDED);
        assertThat(messages.toString()).as("secrets never leave the service").doesNotContain("hunter2");

        DiagnosticReport stored = server.blocking(Role.VIEWER).getDiagnosticReport(GetDiagnosticReportRequest.newBuilder()
                .setReportId(report.getReportId()).build()).getReport();
        assertThat(stored).isEqualTo(report);
    }

    @Test
    void runDiagnostics_namesTheImagePullCause() {
        List<RunDiagnosticsResponse> messages = run(RunDiagnosticsRequest.newBuilder().setTarget(kubernetes("payments")).build());
        DiagnosticReport report = messages.get(messages.size() - 1).getReport();
        assertThat(report.getRootCauses(0).getPatternId()).isEqualTo("image-pull-auth");
        assertThat(report.getRootCauses(0).getMergedPatternIdsList()).contains("image-pull-backoff");
        assertThat(report.getCollectorsList()).hasSize(3);
    }

    @Test
    void runDiagnostics_aSlowCollectorDoesNotHoldBackOtherFindings_andAFailingOneDoesNotFailTheSession() throws Exception {
        List<RunDiagnosticsResponse> received = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> done = new CompletableFuture<>();
        server.async(Role.OPERATOR).runDiagnostics(RunDiagnosticsRequest.newBuilder().setTarget(Target.newBuilder()
                .setProvider(Provider.PROVIDER_OTHER).setWorkload("slow-one")).build(), collecting(received, done));

        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(m ->
                m.hasFinding() && m.getFinding().getPatternId().equals("oom-killed-limit")));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(m -> m.hasCollectorFailed()
                && m.getCollectorFailed().getCollector().equals("events")
                && m.getCollectorFailed().getReason().contains("events API answered 500")));
        assertThat(slow.logsStarted).contains("slow-one");
        assertThat(done).isNotDone();

        slow.release("slow-one");
        done.get(10, TimeUnit.SECONDS);
        RunDiagnosticsResponse last = received.get(received.size() - 1);
        assertThat(last.getReport().getRootCausesList()).extracting(f -> f.getPatternId()).contains("oom-killed-limit");
        assertThat(received).anyMatch(m -> m.hasFinding() && m.getFinding().getPatternId().equals("java-heap-oom"));
    }

    @Test
    void runDiagnostics_whenTheClientCancels_theCollectorsStop() {
        List<RunDiagnosticsResponse> received = Collections.synchronizedList(new ArrayList<>());
        Context.CancellableContext call = Context.current().withCancellation();
        call.run(() -> server.async(Role.OPERATOR).runDiagnostics(RunDiagnosticsRequest.newBuilder().setTarget(Target
                .newBuilder().setProvider(Provider.PROVIDER_OTHER).setWorkload("cancel-me")).build(),
                collecting(received, new CompletableFuture<>())));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(RunDiagnosticsResponse::hasFinding));
        await().atMost(Duration.ofSeconds(10)).until(() -> slow.logsStarted.contains("cancel-me"));
        call.cancel(null);
        await().atMost(Duration.ofSeconds(10)).until(() -> slow.logsInterrupted.contains("cancel-me"));
    }

    @Test
    void analyzeLogs_sendsFindingsAsLinesArrive_andTheReportAfterHalfClose() throws Exception {
        List<AnalyzeLogsResponse> received = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamObserver<AnalyzeLogsRequest> requests = server.async(Role.OPERATOR).analyzeLogs(collecting(received, done));
        requests.onNext(AnalyzeLogsRequest.newBuilder().setSource("ci/build-42").addLines("> Task :test")
                .addLines("Caused by: java.net.UnknownHostException: orders-db.prod.svc.cluster.local").build());

        await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(AnalyzeLogsResponse::hasFinding));
        assertThat(received.get(0).getFinding().getPatternId()).isEqualTo("dns-resolution-failure");
        assertThat(received.get(0).getFinding().getEvidence(0).getLineNumber()).isEqualTo(2);
        assertThat(done).isNotDone();

        requests.onNext(AnalyzeLogsRequest.newBuilder().setSource("ci/build-42")
                .addLines("token=ghp_0123456789abcdefghij").addLines("BUILD FAILED").build());
        requests.onCompleted();
        done.get(10, TimeUnit.SECONDS);
        DiagnosticReport report = received.get(received.size() - 1).getReport();
        assertThat(report.getSource()).isEqualTo(ReportSource.REPORT_SOURCE_ANALYZE_LOGS);
        assertThat(report.getEvidenceCount()).isEqualTo(4);
        assertThat(report.getRootCauses(0).getPatternId()).isEqualTo("dns-resolution-failure");
        assertThat(report.getCreatedBy()).isEqualTo("user-operator");
        assertThat(received.toString()).doesNotContain("ghp_0123456789abcdefghij");
    }

    @Test
    void analyzeLogs_theSameLogsAgainAreAnsweredFromTheCache() throws Exception {
        DiagnosticReport first = analyze("ci/a", "Error: getaddrinfo ENOTFOUND payments-api-7");
        DiagnosticReport second = analyze("ci/b", "Error: getaddrinfo ENOTFOUND payments-api-8");
        assertThat(first.getFromCache()).isFalse();
        assertThat(second.getFromCache()).isTrue();
        assertThat(second.getEvidenceFingerprint()).isEqualTo(first.getEvidenceFingerprint());
    }

    @Test
    void analyzeLogs_refusesAnOversizedBatchWithAFieldViolation() {
        List<AnalyzeLogsResponse> received = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamObserver<AnalyzeLogsRequest> requests = server.async(Role.OPERATOR).analyzeLogs(collecting(received, done));
        AnalyzeLogsRequest.Builder big = AnalyzeLogsRequest.newBuilder().setSource("ci");
        for (int i = 0; i <= AnalyzeLogsCalls.MAX_LINES_PER_MESSAGE; i++) {
            big.addLines("x");
        }
        requests.onNext(big.build());
        assertThatThrownBy(() -> done.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StatusRuntimeException.class)
                .satisfies(e -> assertThat(field((StatusRuntimeException) e.getCause())).isEqualTo("lines"));
    }

    @Test
    void runDiagnostics_badRequestsAreInvalidArgumentWithFieldViolations() {
        StatusRuntimeException none = catchStatus(() -> run(RunDiagnosticsRequest.getDefaultInstance()));
        assertThat(none.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(field(none)).isEqualTo("deployment_id");
        StatusRuntimeException badNamespace = catchStatus(() -> run(RunDiagnosticsRequest.newBuilder()
                .setTarget(Target.newBuilder().setProvider(Provider.PROVIDER_KUBERNETES).setNamespace("Not_A_Label")
                        .setWorkload("checkout")).build()));
        assertThat(field(badNamespace)).isEqualTo("target.namespace");
        StatusRuntimeException badId = catchStatus(() -> run(RunDiagnosticsRequest.newBuilder().setDeploymentId("42").build()));
        assertThat(field(badId)).isEqualTo("deployment_id");
    }

    @Test
    void runDiagnostics_forAPlatformWithoutProvider_isFailedPrecondition() {
        StatusRuntimeException e = catchStatus(() -> run(RunDiagnosticsRequest.newBuilder().setTarget(Target.newBuilder()
                .setProvider(Provider.PROVIDER_ECS).setCluster("prod").setWorkload("checkout")).build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    }

    @Test
    void roles_viewersReadButOnlyOperatorsRunDiagnostics() {
        StatusRuntimeException e = catchStatus(() -> server.blocking(Role.VIEWER).runDiagnostics(
                RunDiagnosticsRequest.newBuilder().setTarget(kubernetes("checkout")).build()).hasNext());
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(server.blocking(Role.VIEWER).listFailurePatterns(ListFailurePatternsRequest.getDefaultInstance())
                .getPatternsCount()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void getDiagnosticReport_unknownIdIsNotFound() {
        StatusRuntimeException e = catchStatus(() -> server.blocking(Role.VIEWER).getDiagnosticReport(
                GetDiagnosticReportRequest.newBuilder().setReportId(UUID.randomUUID().toString()).build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void listDiagnosticReports_pagesNewestFirstWithoutGapsOrRepeats() throws Exception {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(0, analyze("page-" + i + "-" + UUID.randomUUID(), "line " + UUID.randomUUID()).getReportId());
        }
        List<String> seen = new ArrayList<>();
        String token = "";
        do {
            ListDiagnosticReportsResponse page = server.blocking(Role.VIEWER).listDiagnosticReports(
                    ListDiagnosticReportsRequest.newBuilder().setPageSize(2).setPageToken(token).build());
            assertThat(page.getReportsCount()).isLessThanOrEqualTo(2);
            page.getReportsList().forEach(r -> seen.add(r.getReportId()));
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsSubsequence(made);
        StatusRuntimeException negative = catchStatus(() -> server.blocking(Role.VIEWER).listDiagnosticReports(
                ListDiagnosticReportsRequest.newBuilder().setPageSize(-1).build()));
        assertThat(field(negative)).isEqualTo("page_size");
        StatusRuntimeException tampered = catchStatus(() -> server.blocking(Role.VIEWER).listDiagnosticReports(
                ListDiagnosticReportsRequest.newBuilder().setPageToken("garbage").build()));
        assertThat(field(tampered)).isEqualTo("page_token");
    }

    static DiagnosticReport analyze(String source, String... lines) throws Exception {
        List<AnalyzeLogsResponse> received = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamObserver<AnalyzeLogsRequest> requests = server.async(Role.OPERATOR).analyzeLogs(collecting(received, done));
        requests.onNext(AnalyzeLogsRequest.newBuilder().setSource(source).addAllLines(List.of(lines)).build());
        requests.onCompleted();
        done.get(10, TimeUnit.SECONDS);
        return received.get(received.size() - 1).getReport();
    }

    static <T> StreamObserver<T> collecting(List<T> into, CompletableFuture<Void> done) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                into.add(value);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(null);
            }
        };
    }

    static StatusRuntimeException catchStatus(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
    }

    static String field(StatusRuntimeException e) {
        return StatusProto.fromThrowable(e).getDetailsList().stream().filter(d -> d.is(BadRequest.class)).findFirst()
                .map(d -> {
                    try {
                        return d.unpack(BadRequest.class).getFieldViolations(0).getField();
                    } catch (com.google.protobuf.InvalidProtocolBufferException x) {
                        throw new AssertionError(x);
                    }
                }).orElse("(none)");
    }
}
