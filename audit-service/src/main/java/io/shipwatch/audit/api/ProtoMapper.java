package io.shipwatch.audit.api;

import io.shipwatch.audit.domain.AuditEntry;
import io.shipwatch.audit.domain.BrokenLink;
import io.shipwatch.audit.domain.ChainAnchor;
import io.shipwatch.audit.domain.ExportFormat;
import io.shipwatch.audit.domain.NewAuditEntry;
import io.shipwatch.audit.v1.AuditEvent;
import io.shipwatch.audit.v1.BrokenReason;
import io.shipwatch.platform.errors.Violations;
import io.shipwatch.platform.grpc.ProtoValues;
import java.util.HexFormat;
import java.util.UUID;

/** Maps between the proto contract and the domain, reporting bad proto input as field violations. */
final class ProtoMapper {
    private ProtoMapper() {
    }

    static AuditEvent toProto(AuditEntry e) {
        NewAuditEntry c = e.content();
        return AuditEvent.newBuilder()
                .setId(e.id().toString())
                .setSequence(e.sequence())
                .setActor(c.actor())
                .setAction(c.action())
                .setDeploymentId(c.deploymentId() == null ? "" : c.deploymentId().toString())
                .setService(c.service())
                .setEnvironment(c.environment())
                .setFromState(c.fromState())
                .setToState(c.toState())
                .setOccurredAt(ProtoValues.timestamp(c.occurredAt()))
                .setTraceId(c.traceId())
                .putAllDetails(c.details())
                .setHash(e.hashHex())
                .setKeyId(e.keyId())
                .build();
    }

    static io.shipwatch.audit.v1.ChainAnchor toProto(ChainAnchor a) {
        return io.shipwatch.audit.v1.ChainAnchor.newBuilder().setSequence(a.sequence()).setHash(a.hashHex()).build();
    }

    static io.shipwatch.audit.v1.BrokenLink toProto(BrokenLink b) {
        return io.shipwatch.audit.v1.BrokenLink.newBuilder()
                .setSequence(b.sequence())
                .setReason(BrokenReason.valueOf("BROKEN_REASON_" + b.reason().name()))
                .setDescription(b.description())
                .build();
    }

    /** An anchor the client kept; a malformed one is a violation and yields null. */
    static ChainAnchor anchor(io.shipwatch.audit.v1.ChainAnchor a, String field, Violations v) {
        v.check(a.getSequence() >= 0, field + ".sequence", "must not be negative");
        byte[] hash = null;
        if (a.getHash().length() == 64) {
            try {
                hash = HexFormat.of().parseHex(a.getHash());
            } catch (IllegalArgumentException e) {
                hash = null;
            }
        }
        if (hash == null) {
            v.add(field + ".hash", "must be 64 hex digits (a hash from an export summary or an entry)");
            return null;
        }
        return a.getSequence() >= 0 ? new ChainAnchor(a.getSequence(), hash) : null;
    }

    static ExportFormat format(io.shipwatch.audit.v1.ExportFormat f, Violations v) {
        return switch (f) {
            case EXPORT_FORMAT_JSON -> ExportFormat.JSON;
            case EXPORT_FORMAT_NDJSON -> ExportFormat.NDJSON;
            case EXPORT_FORMAT_CSV -> ExportFormat.CSV;
            default -> {
                v.add("format", "must be EXPORT_FORMAT_JSON, EXPORT_FORMAT_NDJSON or EXPORT_FORMAT_CSV");
                yield null;
            }
        };
    }

    /** Parses an optional deployment id: empty yields null; a malformed one is a violation. */
    static UUID optionalDeploymentId(String id, String field, Violations v) {
        return id.isEmpty() ? null : deploymentId(id, field, v);
    }

    /** Parses a deployment id; a malformed one is a violation and yields null. */
    static UUID deploymentId(String id, String field, Violations v) {
        return ProtoValues.uuid(id, field, "a deployment id", v);
    }
}
