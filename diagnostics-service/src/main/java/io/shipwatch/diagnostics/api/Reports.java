package io.shipwatch.diagnostics.api;

import com.google.protobuf.InvalidProtocolBufferException;
import io.shipwatch.diagnostics.domain.CollectorRun;
import io.shipwatch.diagnostics.domain.Depth;
import io.shipwatch.diagnostics.domain.Finding;
import io.shipwatch.diagnostics.domain.SessionResult;
import io.shipwatch.diagnostics.store.ReportStore;
import io.shipwatch.diagnostics.store.StoredReport;
import io.shipwatch.diagnostics.v1.DiagnosticReport;
import io.shipwatch.diagnostics.v1.ReportSource;
import io.shipwatch.platform.errors.ServiceException;
import io.shipwatch.status.v1.Target;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the final report of a diagnosis, stores it, and appends the audit event. */
@Singleton
public class Reports {
    private static final Logger LOG = LoggerFactory.getLogger(Reports.class);

    private final ReportStore store;
    private final AuditTrail audit;
    private final Clock clock;

    public Reports(ReportStore store, AuditTrail audit) {
        this.store = store;
        this.audit = audit;
        this.clock = Clock.systemUTC();
    }

    /** Who asked, about what, and when — known before the diagnosis starts. */
    public record Subject(UUID deploymentId, String service, String environment, Target target, Depth depth,
                          ReportSource source, String createdBy, Instant startedAt) {
    }

    public Instant now() {
        return clock.instant();
    }

    /** Builds, stores and audits the report. */
    public DiagnosticReport finish(Subject subject, SessionResult result) {
        DiagnosticReport.Builder b = DiagnosticReport.newBuilder()
                .setReportId(UUID.randomUUID().toString())
                .setDepth(ProtoMapper.toProto(subject.depth()))
                .setSource(subject.source())
                .setEvidenceFingerprint(result.fingerprint())
                .setFromCache(result.fromCache())
                .setEvidenceCount(result.evidenceCount())
                .setCreateTime(ProtoMapper.toProto(subject.startedAt()))
                .setDuration(ProtoMapper.toProto(Duration.between(subject.startedAt(), clock.instant())))
                .setCreatedBy(subject.createdBy());
        if (subject.deploymentId() != null) {
            b.setDeploymentId(subject.deploymentId().toString());
        }
        if (subject.target() != null) {
            b.setTarget(subject.target());
        }
        result.rootCauses().forEach(f -> b.addRootCauses(ProtoMapper.toProto(f)));
        result.collectors().forEach(r -> b.addCollectors(ProtoMapper.toProto(r)));
        DiagnosticReport report = b.build();
        String top = result.rootCauses().isEmpty() ? null : result.rootCauses().get(0).patternId();
        store.insert(new StoredReport(UUID.fromString(report.getReportId()), subject.deploymentId(),
                subject.source() == ReportSource.REPORT_SOURCE_RUN_DIAGNOSTICS ? "run" : "logs", top, result.fingerprint(),
                subject.createdBy(), subject.startedAt(), report.toByteArray()));
        if (subject.source() == ReportSource.REPORT_SOURCE_RUN_DIAGNOSTICS) {
            appendAudit(subject, report, result);
        }
        return report;
    }

    private void appendAudit(Subject subject, DiagnosticReport report, SessionResult result) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("report_id", report.getReportId());
        details.put("depth", subject.depth().name());
        details.put("target", subject.target() == null ? "" : subject.target().getNamespace() + "/" + subject.target().getWorkload());
        if (!result.rootCauses().isEmpty()) {
            Finding top = result.rootCauses().get(0);
            details.put("top_pattern", top.patternId());
            details.put("top_confidence", Double.toString(top.confidence()));
        }
        details.put("failed_collectors", Long.toString(result.collectors().stream()
                .filter(r -> r.outcome() != CollectorRun.Outcome.SUCCEEDED).count()));
        try {
            audit.diagnosticsRun(subject.deploymentId() == null ? "" : subject.deploymentId().toString(),
                    subject.service(), subject.environment(), details);
        } catch (RuntimeException e) {
            LOG.warn("could not append diagnostics.run for report {} to audit-service: {}", report.getReportId(), e.toString());
        }
    }

    public DiagnosticReport get(UUID id) {
        StoredReport row = store.get(id).orElseThrow(() -> ServiceException.notFound("REPORT_NOT_FOUND",
                "diagnostic report " + id + " does not exist", Map.of("report_id", id.toString())));
        return decode(row);
    }

    static DiagnosticReport decode(StoredReport row) {
        try {
            return DiagnosticReport.parseFrom(row.report());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored report " + row.id() + " is not a DiagnosticReport", e);
        }
    }
}
