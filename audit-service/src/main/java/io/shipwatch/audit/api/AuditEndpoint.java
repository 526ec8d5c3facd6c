package io.shipwatch.audit.api;

import com.google.protobuf.ByteString;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.shipwatch.audit.domain.AuditEntry;
import io.shipwatch.audit.domain.AuditFilter;
import io.shipwatch.audit.domain.AuditRules;
import io.shipwatch.audit.domain.ChainAnchor;
import io.shipwatch.audit.domain.ExportFormat;
import io.shipwatch.audit.domain.ExportResult;
import io.shipwatch.audit.domain.NewAuditEntry;
import io.shipwatch.audit.domain.PageToken;
import io.shipwatch.audit.store.AuditExports;
import io.shipwatch.audit.store.AuditLog;
import io.shipwatch.audit.v1.AppendAuditEventRequest;
import io.shipwatch.audit.v1.AppendAuditEventResponse;
import io.shipwatch.audit.v1.AuditServiceGrpc;
import io.shipwatch.audit.v1.ExportAuditEventsRequest;
import io.shipwatch.audit.v1.ExportAuditEventsResponse;
import io.shipwatch.audit.v1.ExportChunk;
import io.shipwatch.audit.v1.ExportFilter;
import io.shipwatch.audit.v1.ExportSummary;
import io.shipwatch.audit.v1.ListAuditEventsRequest;
import io.shipwatch.audit.v1.ListAuditEventsResponse;
import io.shipwatch.audit.v1.VerifyAuditChainRequest;
import io.shipwatch.audit.v1.VerifyAuditChainResponse;
import io.shipwatch.platform.auth.Principal;
import io.shipwatch.platform.errors.Violations;
import io.shipwatch.platform.grpc.ProtoValues;
import io.shipwatch.platform.grpc.RequestFingerprints;
import io.shipwatch.platform.grpc.StreamSender;
import io.shipwatch.platform.grpc.StreamWorkers;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The gRPC face of audit-service: validates and maps requests, calls the audit log, maps
 * results. The actor of every appended entry is the authenticated caller. Exceptions leave
 * through the platform's one error mapping. Bound to the server by {@link AuditServiceBinding}.
 */
@Singleton
public class AuditEndpoint implements AuditServiceGrpc.AsyncService {
    static final int MAX_EXPORT_IDS = 1000;
    static final int MAX_KEY = 128;

    private final AuditLog log;
    private final AuditExports exports;
    private final StreamWorkers workers;
    private final Clock clock;

    public AuditEndpoint(AuditLog log, AuditExports exports, StreamWorkers workers, Clock clock) {
        this.log = log;
        this.exports = exports;
        this.workers = workers;
        this.clock = clock;
    }

    @Override
    public void appendAuditEvent(AppendAuditEventRequest request, StreamObserver<AppendAuditEventResponse> response) {
        Violations v = new Violations();
        AuditRules.action(request.getAction(), "action", v);
        UUID deployment = ProtoMapper.optionalDeploymentId(request.getDeploymentId(), "deployment_id", v);
        AuditRules.names(request.getService(), request.getEnvironment(), v);
        AuditRules.details(request.getDetailsMap(), "details", v);
        v.throwIfAny();
        SpanContext span = Span.current().getSpanContext();
        NewAuditEntry entry = new NewAuditEntry(Principal.current().subject(), request.getAction(), deployment,
                request.getService(), request.getEnvironment(), "", "", clock.instant(),
                span.isValid() ? span.getTraceId() : "", NewAuditEntry.details(request.getDetailsMap()));
        AuditEntry appended = log.append(List.of(entry)).get(0);
        response.onNext(AppendAuditEventResponse.newBuilder().setAuditEvent(ProtoMapper.toProto(appended)).build());
        response.onCompleted();
    }

    @Override
    public void listAuditEvents(ListAuditEventsRequest request, StreamObserver<ListAuditEventsResponse> response) {
        Violations v = new Violations();
        v.check(request.getPageSize() >= 0, "page_size", "must not be negative (0 means " + AuditFilter.DEFAULT_PAGE_SIZE + ")");
        UUID deployment = ProtoMapper.optionalDeploymentId(request.getDeploymentId(), "deployment_id", v);
        AuditFilter filter = filter(request.getActor(), request.getAction(), deployment == null ? List.of() : List.of(deployment),
                request.getService(), request.getEnvironment(),
                request.hasOccurredAfter() ? ProtoValues.instant(request.getOccurredAfter(), "occurred_after", v) : null,
                request.hasOccurredBefore() ? ProtoValues.instant(request.getOccurredBefore(), "occurred_before", v) : null, v);
        v.throwIfAny();
        PageToken token = request.getPageToken().isEmpty() ? null : PageToken.decode(request.getPageToken(), filter.fingerprint());
        AuditLog.Page page = log.list(filter, token, AuditFilter.effectivePageSize(request.getPageSize()));
        ListAuditEventsResponse.Builder out = ListAuditEventsResponse.newBuilder();
        page.entries().forEach(e -> out.addAuditEvents(ProtoMapper.toProto(e)));
        if (page.next() != null) {
            out.setNextPageToken(page.next().encode());
        }
        response.onNext(out.build());
        response.onCompleted();
    }

    @Override
    public void exportAuditEvents(ExportAuditEventsRequest request, StreamObserver<ExportAuditEventsResponse> response) {
        Violations v = new Violations();
        int count = request.getDeploymentIdsCount();
        v.check(count <= MAX_EXPORT_IDS, "deployment_ids", "must hold at most " + MAX_EXPORT_IDS + " ids (got " + count + ")");
        v.check(count == 0 || !request.hasFilter(), "filter", "give deployment_ids or filter, not both");
        List<UUID> ids = new ArrayList<>(Math.min(count, MAX_EXPORT_IDS));
        for (int i = 0; i < count && i < MAX_EXPORT_IDS && v.count() < 20; i++) {
            UUID id = ProtoMapper.deploymentId(request.getDeploymentIds(i), "deployment_ids[" + i + "]", v);
            if (id != null) {
                ids.add(id);
            }
        }
        ExportFilter f = request.getFilter();
        AuditFilter filter = filter(f.getActor(), f.getAction(), ids, f.getService(), f.getEnvironment(),
                f.hasOccurredAfter() ? ProtoValues.instant(f.getOccurredAfter(), "filter.occurred_after", v) : null,
                f.hasOccurredBefore() ? ProtoValues.instant(f.getOccurredBefore(), "filter.occurred_before", v) : null, v);
        ExportFormat format = ProtoMapper.format(request.getFormat(), v);
        String key = request.getIdempotencyKey();
        v.check(key.length() <= MAX_KEY && key.chars().allMatch(c -> c > 0x20 && c < 0x7f), "idempotency_key",
                "must be at most " + MAX_KEY + " printable ASCII characters without spaces");
        v.throwIfAny();
        AuditExports.Spec spec = new AuditExports.Spec(filter, format, request.getGzip());
        byte[] fingerprint = key.isEmpty() ? null : RequestFingerprints.of("ExportAuditEvents", Principal.current().subject(),
                request.toBuilder().clearIdempotencyKey().build());
        StreamSender<ExportAuditEventsResponse> sender =
                new StreamSender<>((ServerCallStreamObserver<ExportAuditEventsResponse>) response);
        workers.start(sender, () -> {
            io.shipwatch.audit.domain.ExportOutput.Sink sink = data -> send(sender,
                    ExportAuditEventsResponse.newBuilder().setChunk(ExportChunk.newBuilder().setData(ByteString.copyFrom(data))).build());
            ExportResult result = key.isEmpty() ? exports.export(spec, sink) : exports.export(spec, key, fingerprint, sink);
            send(sender, ExportAuditEventsResponse.newBuilder().setSummary(ExportSummary.newBuilder()
                    .setEventCount(result.eventCount()).setByteCount(result.byteCount()).setSha256(result.sha256())
                    .setHead(ProtoMapper.toProto(result.head()))).build());
            sender.complete();
        });
    }

    @Override
    public void verifyAuditChain(VerifyAuditChainRequest request, StreamObserver<VerifyAuditChainResponse> response) {
        Violations v = new Violations();
        v.check(request.getFrom() >= 0, "from", "must not be negative (0 means the oldest retained entry)");
        v.check(request.getTo() >= 0, "to", "must not be negative (0 means the anchored head)");
        v.check(request.getTo() == 0 || request.getTo() >= request.getFrom(), "to", "must be 0 or at least from");
        ChainAnchor expected = request.hasExpectedAnchor() ? ProtoMapper.anchor(request.getExpectedAnchor(), "expected_anchor", v) : null;
        v.throwIfAny();
        AuditLog.Verification result = log.verify(request.getFrom(), request.getTo(), expected);
        VerifyAuditChainResponse.Builder out = VerifyAuditChainResponse.newBuilder()
                .setValid(result.result().valid())
                .setCheckedCount(result.result().checkedCount())
                .setHead(ProtoMapper.toProto(result.head()));
        if (result.result().firstBroken() != null) {
            out.setFirstBroken(ProtoMapper.toProto(result.result().firstBroken()));
        }
        response.onNext(out.build());
        response.onCompleted();
    }

    private static AuditFilter filter(String actor, String action, List<UUID> ids, String service, String environment,
                                      Instant after, Instant before, Violations v) {
        v.maxLength(actor, 256, "actor");
        v.maxLength(action, AuditRules.MAX_NAME, "action");
        v.maxLength(service, AuditRules.MAX_NAME, "service");
        v.maxLength(environment, AuditRules.MAX_NAME, "environment");
        AuditRules.noNul(actor + action + service + environment, "(filter)", v);
        return new AuditFilter(actor, action, ids, service, environment, after, before);
    }

    private static void send(StreamSender<ExportAuditEventsResponse> sender, ExportAuditEventsResponse message)
            throws IOException {
        try {
            if (!sender.send(message)) {
                throw new IOException("the client cancelled the export");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("export interrupted");
        }
    }
}
