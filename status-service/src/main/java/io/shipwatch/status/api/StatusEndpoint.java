package io.shipwatch.status.api;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.shipwatch.platform.auth.Principal;
import io.shipwatch.platform.errors.Violations;
import io.shipwatch.platform.grpc.StreamSender;
import io.shipwatch.platform.telemetry.Traceparents;
import io.shipwatch.status.domain.Deployment;
import io.shipwatch.status.domain.DeploymentFilter;
import io.shipwatch.status.domain.DeploymentRules;
import io.shipwatch.status.domain.DeploymentState;
import io.shipwatch.status.domain.NewDeployment;
import io.shipwatch.platform.paging.PageToken;
import io.shipwatch.status.domain.StatusChange;
import io.shipwatch.status.domain.Target;
import io.shipwatch.status.events.DeploymentWatches;
import io.shipwatch.status.events.EventStreams;
import io.shipwatch.status.store.DeploymentReads;
import io.shipwatch.status.store.DeploymentWrites;
import io.shipwatch.status.v1.BatchGetStatusHistoriesRequest;
import io.shipwatch.status.v1.BatchGetStatusHistoriesResponse;
import io.shipwatch.status.v1.CreateDeploymentRequest;
import io.shipwatch.status.v1.CreateDeploymentResponse;
import io.shipwatch.status.v1.GetDeploymentRequest;
import io.shipwatch.status.v1.GetDeploymentResponse;
import io.shipwatch.status.v1.ListDeploymentsRequest;
import io.shipwatch.status.v1.ListDeploymentsResponse;
import io.shipwatch.status.v1.RecordStatusRequest;
import io.shipwatch.status.v1.RecordStatusResponse;
import io.shipwatch.status.v1.StatusHistory;
import io.shipwatch.status.v1.StatusServiceGrpc;
import io.shipwatch.status.v1.StreamEventsRequest;
import io.shipwatch.status.v1.StreamEventsResponse;
import io.shipwatch.status.v1.WatchDeploymentRequest;
import io.shipwatch.status.v1.WatchDeploymentResponse;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/**
 * The gRPC face of status-service: validates and maps requests, calls the domain, maps
 * results. Exceptions leave through the platform's one error mapping. Bound to the server
 * by {@link StatusServiceBinding}.
 */
@Singleton
public class StatusEndpoint implements StatusServiceGrpc.AsyncService {
    static final int MAX_BATCH_IDS = 1000;

    private final DeploymentWrites writes;
    private final DeploymentReads reads;
    private final DeploymentWatches watches;
    private final EventStreams eventStreams;
    private final Clock clock;

    public StatusEndpoint(DeploymentWrites writes, DeploymentReads reads, DeploymentWatches watches,
                          EventStreams eventStreams, Clock clock) {
        this.writes = writes;
        this.reads = reads;
        this.watches = watches;
        this.eventStreams = eventStreams;
        this.clock = clock;
    }

    @Override
    public void createDeployment(CreateDeploymentRequest request, StreamObserver<CreateDeploymentResponse> response) {
        Violations v = new Violations();
        DeploymentRules.requestId(request.getRequestId(), v);
        Instant commitTime = request.hasCommitTime() ? ProtoMapper.instant(request.getCommitTime(), "commit_time", v) : null;
        Target target = ProtoMapper.target(request.getTarget(), v);
        NewDeployment n = new NewDeployment(request.getService(), request.getEnvironment(), request.getVersion(),
                request.getCommitSha(), commitTime, request.getDescription(), request.getLabelsMap(), request.getProduction(),
                target);
        DeploymentRules.checkNew(n, clock.instant(), v);
        v.throwIfAny();
        String actor = Principal.current().subject();
        Deployment d = writes.create(n,
                RequestFingerprint.of(request.getRequestId(), "CreateDeployment", actor, request.toBuilder().clearRequestId().build()),
                actor, Traceparents.current());
        response.onNext(CreateDeploymentResponse.newBuilder().setDeployment(ProtoMapper.toProto(d)).build());
        response.onCompleted();
    }

    @Override
    public void recordStatus(RecordStatusRequest request, StreamObserver<RecordStatusResponse> response) {
        Violations v = new Violations();
        UUID id = ProtoMapper.deploymentId(request.getDeploymentId(), "deployment_id", v);
        DeploymentState state = ProtoMapper.state(request.getStateValue(), "state", v);
        DeploymentRules.requestId(request.getRequestId(), v);
        StatusChange change = new StatusChange(id, state, request.getDescription(), request.getLogUrl(),
                request.hasExpectedRevision() ? OptionalLong.of(request.getExpectedRevision()) : OptionalLong.empty());
        DeploymentRules.checkChange(change, v);
        v.throwIfAny();
        String actor = Principal.current().subject();
        Deployment d = writes.recordStatus(change,
                RequestFingerprint.of(request.getRequestId(), "RecordStatus", actor, request.toBuilder().clearRequestId().build()),
                actor, Traceparents.current());
        response.onNext(RecordStatusResponse.newBuilder().setDeployment(ProtoMapper.toProto(d)).build());
        response.onCompleted();
    }

    @Override
    public void getDeployment(GetDeploymentRequest request, StreamObserver<GetDeploymentResponse> response) {
        Violations v = new Violations();
        UUID id = ProtoMapper.deploymentId(request.getDeploymentId(), "deployment_id", v);
        v.throwIfAny();
        response.onNext(GetDeploymentResponse.newBuilder().setDeployment(ProtoMapper.toProto(reads.get(id))).build());
        response.onCompleted();
    }

    @Override
    public void listDeployments(ListDeploymentsRequest request, StreamObserver<ListDeploymentsResponse> response) {
        Violations v = new Violations();
        Set<DeploymentState> states = EnumSet.noneOf(DeploymentState.class);
        for (int i = 0; i < request.getStatesCount(); i++) {
            DeploymentState s = ProtoMapper.state(request.getStatesValue(i), "states[" + i + "]", v);
            if (s != null) {
                states.add(s);
            }
        }
        DeploymentRules.labels(request.getLabelsMap(), "labels", v);
        Instant after = request.hasCreatedAfter() ? ProtoMapper.instant(request.getCreatedAfter(), "created_after", v) : null;
        Instant before = request.hasCreatedBefore() ? ProtoMapper.instant(request.getCreatedBefore(), "created_before", v) : null;
        v.check(request.getPageSize() >= 0, "page_size", "must not be negative (0 means " + DeploymentFilter.DEFAULT_PAGE_SIZE + ")");
        v.maxLength(request.getService(), DeploymentRules.MAX_NAME, "service");
        v.maxLength(request.getEnvironment(), DeploymentRules.MAX_NAME, "environment");
        v.throwIfAny();
        DeploymentFilter filter = new DeploymentFilter(request.getService(), request.getEnvironment(), states,
                request.getLabelsMap(), after, before);
        PageToken token = request.getPageToken().isEmpty() ? null : PageToken.decode(request.getPageToken(), filter.fingerprint());
        DeploymentReads.Page page = reads.list(filter, token, DeploymentFilter.effectivePageSize(request.getPageSize()));
        ListDeploymentsResponse.Builder out = ListDeploymentsResponse.newBuilder();
        page.deployments().forEach(d -> out.addDeployments(ProtoMapper.toProto(d)));
        if (page.next() != null) {
            out.setNextPageToken(page.next().encode());
        }
        response.onNext(out.build());
        response.onCompleted();
    }

    @Override
    public void batchGetStatusHistories(BatchGetStatusHistoriesRequest request,
                                        StreamObserver<BatchGetStatusHistoriesResponse> response) {
        Violations v = new Violations();
        int count = request.getDeploymentIdsCount();
        v.check(count >= 1 && count <= MAX_BATCH_IDS, "deployment_ids", "must hold 1 to " + MAX_BATCH_IDS + " ids (got " + count + ")");
        List<UUID> ids = new ArrayList<>(Math.min(count, MAX_BATCH_IDS));
        for (int i = 0; i < count && i < MAX_BATCH_IDS; i++) {
            ids.add(ProtoMapper.deploymentId(request.getDeploymentIds(i), "deployment_ids[" + i + "]", v));
            if (v.count() >= 20) {
                break;
            }
        }
        v.throwIfAny();
        BatchGetStatusHistoriesResponse.Builder out = BatchGetStatusHistoriesResponse.newBuilder();
        for (DeploymentReads.History h : reads.histories(ids)) {
            StatusHistory.Builder history = StatusHistory.newBuilder().setDeploymentId(h.deploymentId().toString())
                    .setTruncated(h.truncated());
            h.entries().forEach(e -> history.addEntries(ProtoMapper.toProto(e)));
            out.addHistories(history);
        }
        response.onNext(out.build());
        response.onCompleted();
    }

    @Override
    public void watchDeployment(WatchDeploymentRequest request, StreamObserver<WatchDeploymentResponse> response) {
        Violations v = new Violations();
        UUID id = ProtoMapper.deploymentId(request.getDeploymentId(), "deployment_id", v);
        v.throwIfAny();
        watches.watch(id, new StreamSender<>((ServerCallStreamObserver<WatchDeploymentResponse>) response));
    }

    @Override
    public void streamEvents(StreamEventsRequest request, StreamObserver<StreamEventsResponse> response) {
        Violations v = new Violations();
        v.check(request.getAfterPosition() >= 0, "after_position", "must not be negative (0 streams the whole log)");
        v.throwIfAny();
        eventStreams.stream(request.getAfterPosition(), new StreamSender<>((ServerCallStreamObserver<StreamEventsResponse>) response));
    }
}
