package io.shipwatch.diagnostics.api;

import com.google.protobuf.InvalidProtocolBufferException;
import io.shipwatch.diagnostics.domain.Evidence;
import io.shipwatch.diagnostics.domain.EvidenceKind;
import io.shipwatch.diagnostics.domain.Finding;
import io.shipwatch.diagnostics.domain.ResultCache;
import io.shipwatch.diagnostics.domain.Severity;
import io.shipwatch.diagnostics.store.TieredCache;
import io.shipwatch.diagnostics.v1.DiagnosticReport;
import io.shipwatch.diagnostics.v1.EvidenceRef;
import java.util.List;
import java.util.Optional;

/** The result cache: root causes encoded as a DiagnosticReport holding only root_causes. */
final class CachedRootCauses implements ResultCache {
    private final TieredCache cache;

    CachedRootCauses(TieredCache cache) {
        this.cache = cache;
    }

    @Override
    public Optional<List<Finding>> get(String fingerprint) {
        return cache.get(fingerprint).flatMap(CachedRootCauses::decode);
    }

    @Override
    public void put(String fingerprint, List<Finding> rootCauses) {
        cache.put(fingerprint, DiagnosticReport.newBuilder().addAllRootCauses(ProtoMapper.toProto(rootCauses)).build()
                .toByteArray());
    }

    private static Optional<List<Finding>> decode(byte[] bytes) {
        try {
            return Optional.of(DiagnosticReport.parseFrom(bytes).getRootCausesList().stream()
                    .map(CachedRootCauses::fromProto).toList());
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }

    static Finding fromProto(io.shipwatch.diagnostics.v1.Finding f) {
        return new Finding(f.getPatternId(), f.getTitle(), Severity.values()[Math.max(0, f.getSeverityValue() - 1)],
                f.getConfidence(), f.getSummary(), f.getEvidenceList().stream().map(CachedRootCauses::fromProto).toList(),
                f.getRecommendationsList(), f.getCollectorsList(), f.getMergedPatternIdsList());
    }

    private static Evidence fromProto(EvidenceRef e) {
        return Evidence.restored(EvidenceKind.values()[Math.max(0, e.getKindValue() - 1)], e.getSource(), e.getExcerpt(),
                e.getLineNumber());
    }
}
