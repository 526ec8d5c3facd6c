package io.shipwatch.diagnostics.api;

import com.google.protobuf.Timestamp;
import io.shipwatch.diagnostics.domain.CollectorRun;
import io.shipwatch.diagnostics.domain.Depth;
import io.shipwatch.diagnostics.domain.Evidence;
import io.shipwatch.diagnostics.domain.Excerpts;
import io.shipwatch.diagnostics.domain.FailurePattern;
import io.shipwatch.diagnostics.domain.Finding;
import io.shipwatch.diagnostics.domain.Severity;
import io.shipwatch.diagnostics.domain.Signal;
import io.shipwatch.diagnostics.v1.CollectorOutcome;
import io.shipwatch.diagnostics.v1.EvidenceKind;
import io.shipwatch.diagnostics.v1.EvidenceRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Maps between domain values and their protobuf messages, in both directions where the cache needs it. */
final class ProtoMapper {
    private ProtoMapper() {
    }

    static io.shipwatch.diagnostics.v1.Finding toProto(Finding f) {
        io.shipwatch.diagnostics.v1.Finding.Builder b = io.shipwatch.diagnostics.v1.Finding.newBuilder()
                .setPatternId(f.patternId())
                .setTitle(f.title())
                .setSeverity(toProto(f.severity()))
                .setConfidence(f.confidence())
                .setSummary(f.summary())
                .addAllRecommendations(f.recommendations())
                .addAllCollectors(f.collectors())
                .addAllMergedPatternIds(f.mergedPatternIds());
        f.evidence().forEach(e -> b.addEvidence(toProto(e)));
        return b.build();
    }

    static EvidenceRef toProto(Evidence e) {
        return EvidenceRef.newBuilder()
                .setKind(EvidenceKind.forNumber(e.kind().ordinal() + 1))
                .setSource(Excerpts.cut(e.source()))
                .setExcerpt(Excerpts.cut(e.describe()))
                .setLineNumber(e.lineNumber())
                .build();
    }

    static io.shipwatch.diagnostics.v1.Severity toProto(Severity s) {
        return io.shipwatch.diagnostics.v1.Severity.forNumber(s.ordinal() + 1);
    }

    static io.shipwatch.diagnostics.v1.CollectorRun toProto(CollectorRun run) {
        return io.shipwatch.diagnostics.v1.CollectorRun.newBuilder()
                .setCollector(run.collector())
                .setOutcome(toProto(run.outcome()))
                .setDuration(toProto(run.duration()))
                .setEvidenceCount(run.evidenceCount())
                .setDetail(run.detail())
                .build();
    }

    static CollectorOutcome toProto(CollectorRun.Outcome outcome) {
        return switch (outcome) {
            case SUCCEEDED -> CollectorOutcome.COLLECTOR_OUTCOME_SUCCEEDED;
            case FAILED -> CollectorOutcome.COLLECTOR_OUTCOME_FAILED;
            case TIMED_OUT -> CollectorOutcome.COLLECTOR_OUTCOME_TIMED_OUT;
            case CANCELLED -> CollectorOutcome.COLLECTOR_OUTCOME_CANCELLED;
        };
    }

    static io.shipwatch.diagnostics.v1.Depth toProto(Depth depth) {
        return depth == Depth.COMPREHENSIVE ? io.shipwatch.diagnostics.v1.Depth.DEPTH_COMPREHENSIVE
                : io.shipwatch.diagnostics.v1.Depth.DEPTH_BASIC;
    }

    static io.shipwatch.diagnostics.v1.FailurePattern toProto(FailurePattern p) {
        return io.shipwatch.diagnostics.v1.FailurePattern.newBuilder()
                .setId(p.id())
                .setTitle(p.title())
                .setSeverity(toProto(p.severity()))
                .setCategory(p.category())
                .addAllSignals(p.signals().stream().map(Signal::describe).toList())
                .addAllRecommendations(p.recommendations())
                .build();
    }

    static com.google.protobuf.Duration toProto(Duration d) {
        return com.google.protobuf.Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
    }

    static Timestamp toProto(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }

    static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    static List<io.shipwatch.diagnostics.v1.Finding> toProto(List<Finding> findings) {
        return findings.stream().map(ProtoMapper::toProto).toList();
    }
}
