package io.shipwatch.diagnostics.api;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.shipwatch.diagnostics.domain.Depth;
import io.shipwatch.diagnostics.domain.PatternLibrary;
import io.shipwatch.diagnostics.domain.Workload;
import io.shipwatch.diagnostics.store.ReportStore;
import io.shipwatch.diagnostics.v1.AnalyzeLogsRequest;
import io.shipwatch.diagnostics.v1.AnalyzeLogsResponse;
import io.shipwatch.diagnostics.v1.DiagnosticsServiceGrpc;
import io.shipwatch.diagnostics.v1.GetDiagnosticReportRequest;
import io.shipwatch.diagnostics.v1.GetDiagnosticReportResponse;
import io.shipwatch.diagnostics.v1.ListDiagnosticReportsRequest;
import io.shipwatch.diagnostics.v1.ListDiagnosticReportsResponse;
import io.shipwatch.diagnostics.v1.ListFailurePatternsRequest;
import io.shipwatch.diagnostics.v1.ListFailurePatternsResponse;
import io.shipwatch.diagnostics.v1.RunDiagnosticsRequest;
import io.shipwatch.diagnostics.v1.RunDiagnosticsResponse;
import io.shipwatch.platform.errors.Violations;
import io.shipwatch.platform.paging.PageToken;
import io.shipwatch.status.v1.Provider;
import io.shipwatch.status.v1.Target;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * The gRPC face of diagnostics-service: validates and maps requests and hands the streams to
 * {@link RunDiagnosticsCalls} and {@link AnalyzeLogsCalls}. Exceptions leave through the
 * platform's one error mapping. Bound to the server by {@link DiagnosticsServiceBinding}.
 */
@Singleton
public class DiagnosticsEndpoint implements DiagnosticsServiceGrpc.AsyncService {
    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 500;
    static final int MAX_NAME = 253;
    private static final Pattern DNS_LABELS = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

    private final PatternLibrary library;
    private final RunDiagnosticsCalls runs;
    private final AnalyzeLogsCalls analyses;
    private final Reports reports;
    private final ReportStore store;

    public DiagnosticsEndpoint(PatternLibrary library, RunDiagnosticsCalls runs, AnalyzeLogsCalls analyses,
                               Reports reports, ReportStore store) {
        this.library = library;
        this.runs = runs;
        this.analyses = analyses;
        this.reports = reports;
        this.store = store;
    }

    @Override
    public void runDiagnostics(RunDiagnosticsRequest request, StreamObserver<RunDiagnosticsResponse> response) {
        Violations v = new Violations();
        UUID deploymentId = null;
        Target target = null;
        switch (request.getSubjectCase()) {
            case DEPLOYMENT_ID -> deploymentId = uuid(request.getDeploymentId(), "deployment_id", v);
            case TARGET -> {
                target = request.getTarget();
                checkTarget(target, v);
            }
            case SUBJECT_NOT_SET -> v.add("deployment_id", "one of deployment_id or target is required");
        }
        Depth depth = switch (request.getDepth()) {
            case DEPTH_UNSPECIFIED, DEPTH_BASIC -> Depth.BASIC;
            case DEPTH_COMPREHENSIVE -> Depth.COMPREHENSIVE;
            case UNRECOGNIZED -> {
                v.add("depth", "must be DEPTH_BASIC or DEPTH_COMPREHENSIVE");
                yield Depth.BASIC;
            }
        };
        v.throwIfAny();
        runs.start(deploymentId, target, depth, (ServerCallStreamObserver<RunDiagnosticsResponse>) response);
    }

    @Override
    public StreamObserver<AnalyzeLogsRequest> analyzeLogs(StreamObserver<AnalyzeLogsResponse> response) {
        return analyses.start((ServerCallStreamObserver<AnalyzeLogsResponse>) response);
    }

    @Override
    public void getDiagnosticReport(GetDiagnosticReportRequest request,
                                    StreamObserver<GetDiagnosticReportResponse> response) {
        Violations v = new Violations();
        UUID id = uuid(request.getReportId(), "report_id", v);
        v.throwIfAny();
        response.onNext(GetDiagnosticReportResponse.newBuilder().setReport(reports.get(id)).build());
        response.onCompleted();
    }

    @Override
    public void listDiagnosticReports(ListDiagnosticReportsRequest request,
                                      StreamObserver<ListDiagnosticReportsResponse> response) {
        Violations v = new Violations();
        UUID deploymentId = request.getDeploymentId().isEmpty() ? null
                : uuid(request.getDeploymentId(), "deployment_id", v);
        v.check(request.getPageSize() >= 0, "page_size", "must not be negative (0 means " + DEFAULT_PAGE_SIZE + ")");
        v.throwIfAny();
        long filter = filterFingerprint(request.getDeploymentId());
        PageToken after = request.getPageToken().isEmpty() ? null : PageToken.decode(request.getPageToken(), filter);
        int size = request.getPageSize() == 0 ? DEFAULT_PAGE_SIZE : Math.min(request.getPageSize(), MAX_PAGE_SIZE);
        ReportStore.Page page = store.list(deploymentId, after, size, filter);
        ListDiagnosticReportsResponse.Builder out = ListDiagnosticReportsResponse.newBuilder();
        page.reports().forEach(r -> out.addReports(Reports.decode(r)));
        if (page.next() != null) {
            out.setNextPageToken(page.next().encode());
        }
        response.onNext(out.build());
        response.onCompleted();
    }

    @Override
    public void listFailurePatterns(ListFailurePatternsRequest request,
                                    StreamObserver<ListFailurePatternsResponse> response) {
        ListFailurePatternsResponse.Builder out = ListFailurePatternsResponse.newBuilder();
        library.patterns().forEach(p -> out.addPatterns(ProtoMapper.toProto(p)));
        response.onNext(out.build());
        response.onCompleted();
    }

    /** The workload a target names, in provider terms. */
    static Workload workload(Target t) {
        String provider = switch (t.getProvider()) {
            case PROVIDER_KUBERNETES -> "kubernetes";
            case PROVIDER_ECS -> "ecs";
            case PROVIDER_CLOUD_RUN -> "cloud-run";
            default -> "other";
        };
        return new Workload(provider, t.getCluster(), t.getNamespace(), t.getWorkload(), t.getRegion());
    }

    static void checkTarget(Target t, Violations v) {
        v.check(t.getProvider() != Provider.PROVIDER_UNSPECIFIED && t.getProvider() != Provider.UNRECOGNIZED,
                "target.provider", "is required");
        v.check(!t.getWorkload().isEmpty(), "target.workload", "is required");
        v.maxLength(t.getWorkload(), MAX_NAME, "target.workload");
        v.maxLength(t.getCluster(), MAX_NAME, "target.cluster");
        v.maxLength(t.getNamespace(), MAX_NAME, "target.namespace");
        v.maxLength(t.getRegion(), 63, "target.region");
        if (t.getProvider() == Provider.PROVIDER_KUBERNETES) {
            v.check(DNS_LABELS.matcher(t.getNamespace()).matches(), "target.namespace",
                    "is required for Kubernetes and must be a DNS label (lower-case letters, digits, '-')");
            v.check(t.getWorkload().isEmpty() || DNS_LABELS.matcher(t.getWorkload()).matches(), "target.workload",
                    "must be a Kubernetes object name (lower-case letters, digits, '-', '.')");
        }
    }

    static UUID uuid(String value, String field, Violations v) {
        try {
            if (value.length() == 36) {
                return UUID.fromString(value);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        v.add(field, value.isEmpty() ? "is required" : "must be a UUID");
        return null;
    }

    private static long filterFingerprint(String deploymentId) {
        CRC32C crc = new CRC32C();
        crc.update(("reports:" + deploymentId).getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }
}
