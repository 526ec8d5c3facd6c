package io.shipwatch.diagnostics.api;

import io.grpc.stub.ServerCallStreamObserver;
import io.shipwatch.diagnostics.domain.CollectorKind;
import io.shipwatch.diagnostics.domain.CollectorRun;
import io.shipwatch.diagnostics.domain.Depth;
import io.shipwatch.diagnostics.domain.DiagnosticSession;
import io.shipwatch.diagnostics.domain.Evidence;
import io.shipwatch.diagnostics.domain.Finding;
import io.shipwatch.diagnostics.domain.SessionListener;
import io.shipwatch.diagnostics.domain.SessionResult;
import io.shipwatch.diagnostics.domain.Workload;
import io.shipwatch.diagnostics.v1.CollectorFailed;
import io.shipwatch.diagnostics.v1.CollectorStarted;
import io.shipwatch.diagnostics.v1.DiagnosticReport;
import io.shipwatch.diagnostics.v1.EvidenceSummary;
import io.shipwatch.diagnostics.v1.ReportSource;
import io.shipwatch.diagnostics.v1.RunDiagnosticsResponse;
import io.shipwatch.platform.auth.Principal;
import io.shipwatch.platform.grpc.StreamSender;
import io.shipwatch.status.v1.Target;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One RunDiagnostics stream: resolves the target (status-service for a deployment id), runs the
 * session and sends every collector start, evidence summary, finding and collector failure the
 * moment the session produces it, then the stored report.
 */
@Singleton
public class RunDiagnosticsCalls {
    private static final AttributeKey<String> COLLECTOR = AttributeKey.stringKey("shipwatch.collector");
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("shipwatch.outcome");

    private final SessionWorkers workers;
    private final DeploymentDirectory directory;
    private final Providers providers;
    private final DiagnosticSession session;
    private final Reports reports;
    private final LongCounter outcomes;

    public RunDiagnosticsCalls(SessionWorkers workers, DeploymentDirectory directory, Providers providers,
                               DiagnosticSession session, Reports reports, OpenTelemetry telemetry) {
        this.workers = workers;
        this.directory = directory;
        this.providers = providers;
        this.session = session;
        this.reports = reports;
        this.outcomes = telemetry.getMeter("io.shipwatch.diagnostics").counterBuilder("shipwatch.diagnostics.collector.runs")
                .setDescription("Collector runs by collector and outcome").build();
    }

    void start(UUID deploymentId, Target target, Depth depth, ServerCallStreamObserver<RunDiagnosticsResponse> observer) {
        String subject = Principal.current().subject();
        Instant startedAt = reports.now();
        StreamSender<RunDiagnosticsResponse> sender = new StreamSender<>(observer);
        workers.start(sender, () -> {
            String service = "";
            String environment = "";
            Target resolved = target;
            if (deploymentId != null) {
                DeploymentDirectory.Located located = directory.locate(deploymentId);
                resolved = located.target();
                service = located.service();
                environment = located.environment();
            }
            Workload workload = DiagnosticsEndpoint.workload(resolved);
            var provider = providers.get(workload.provider());
            SessionResult result = session.run(provider, workload, depth, new Sending(sender), () -> !sender.isOpen());
            result.collectors().forEach(r -> outcomes.add(1, Attributes.of(COLLECTOR, r.collector(),
                    OUTCOME, r.outcome().name().toLowerCase(java.util.Locale.ROOT))));
            if (!sender.isOpen()) {
                return;
            }
            DiagnosticReport report = reports.finish(new Reports.Subject(deploymentId, service, environment, resolved, depth,
                    ReportSource.REPORT_SOURCE_RUN_DIAGNOSTICS, subject, startedAt), result);
            sender.send(RunDiagnosticsResponse.newBuilder().setReport(report).build());
            sender.complete();
        });
    }

    /** Turns session callbacks into stream messages, sent at once (waiting only for the client's flow control). */
    private static final class Sending implements SessionListener {
        private final StreamSender<RunDiagnosticsResponse> sender;

        Sending(StreamSender<RunDiagnosticsResponse> sender) {
            this.sender = sender;
        }

        @Override
        public void collectorStarted(CollectorKind kind) {
            send(RunDiagnosticsResponse.newBuilder().setCollectorStarted(CollectorStarted.newBuilder()
                    .setCollector(kind.id()).setPriority(kind.priority())).build());
        }

        @Override
        public void evidence(CollectorKind kind, int count, List<Evidence> samples, boolean truncated) {
            EvidenceSummary.Builder s = EvidenceSummary.newBuilder().setCollector(kind.id()).setCount(count)
                    .setTruncated(truncated);
            samples.forEach(e -> s.addSamples(ProtoMapper.toProto(e)));
            send(RunDiagnosticsResponse.newBuilder().setEvidence(s).build());
        }

        @Override
        public void finding(Finding finding) {
            send(RunDiagnosticsResponse.newBuilder().setFinding(ProtoMapper.toProto(finding)).build());
        }

        @Override
        public void collectorFailed(CollectorKind kind, CollectorRun run) {
            send(RunDiagnosticsResponse.newBuilder().setCollectorFailed(CollectorFailed.newBuilder()
                    .setCollector(kind.id()).setReason(run.detail()).setOutcome(ProtoMapper.toProto(run.outcome())))
                    .build());
        }

        private void send(RunDiagnosticsResponse message) {
            try {
                sender.send(message);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
