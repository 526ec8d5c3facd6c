package io.shipwatch.bench;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.shipwatch.status.v1.CreateDeploymentRequest;
import io.shipwatch.status.v1.DeploymentState;
import io.shipwatch.status.v1.Provider;
import io.shipwatch.status.v1.RecordStatusRequest;
import io.shipwatch.status.v1.RecordStatusResponse;
import io.shipwatch.status.v1.StatusServiceGrpc.StatusServiceBlockingStub;
import io.shipwatch.status.v1.Target;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One RecordStatus client: owns one deployment at a time, moves it PENDING → IN_PROGRESS
 * (untimed), then records IN_PROGRESS progress updates back to back (timed). A deployment
 * accepts at most 1000 statuses, so after {@link #STATUSES_PER_DEPLOYMENT} the client starts
 * a new one. No request_id is sent, so no idempotency record is written: the server runs
 * the same three writes as the pgbench script, plus its {@code select … for update} of the row.
 * Every successful RecordStatus (timed or not) reports when its response arrived to
 * {@link CommitLag}, which pairs it with the StreamEvents event of the same change.
 */
final class RecordStatusClient implements ClosedLoop.Client {
    static final int STATUSES_PER_DEPLOYMENT = 900;

    private final StatusServiceBlockingStub stub;
    private final Duration deadline;
    private final String service;
    private final List<String> created;
    private final AtomicLong creations;
    private final CommitLag commits;
    private String deploymentId;
    private int recorded;
    private long n;

    RecordStatusClient(StatusServiceBlockingStub stub, Duration deadline, String service, List<String> created,
                       AtomicLong creations, CommitLag commits) {
        this.stub = stub;
        this.deadline = deadline;
        this.service = service;
        this.created = created;
        this.creations = creations;
        this.commits = commits;
    }

    @Override
    public void prepare() {
        if (deploymentId != null && recorded < STATUSES_PER_DEPLOYMENT) {
            return;
        }
        String id = stub().createDeployment(CreateDeploymentRequest.newBuilder()
                .setService(service)
                .setEnvironment("bench")
                .setVersion("v" + creations.incrementAndGet())
                .setCommitSha("0123456789abcdef0123456789abcdef01234567")
                .setDescription("load test deployment")
                .setTarget(Target.newBuilder().setProvider(Provider.PROVIDER_KUBERNETES).setCluster("bench")
                        .setNamespace("bench").setWorkload(service).setRegion("local"))
                .putLabels("team", "bench")
                .build()).getDeployment().getId();
        responded(stub().recordStatus(request(id, "rollout started")));
        synchronized (created) {
            created.add(id);
        }
        deploymentId = id;
        recorded = 1;
    }

    @Override
    public void call() {
        n++;
        responded(stub().recordStatus(request(deploymentId, "rolled out " + (n % 100) + "% of replicas (step " + n + ")")));
        recorded++;
    }

    /** Takes the receipt time first, then hands it over with the changed deployment's id and revision. */
    private void responded(RecordStatusResponse r) {
        long nanos = System.nanoTime();
        commits.responded(r.getDeployment().getId(), r.getDeployment().getRevision(), nanos);
    }

    @Override
    public void failed(StatusRuntimeException e) {
        // STATUS_LIMIT_REACHED or a lost deployment: start over with a new one.
        if (e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION || e.getStatus().getCode() == Status.Code.NOT_FOUND) {
            deploymentId = null;
        }
    }

    private RecordStatusRequest request(String id, String description) {
        return RecordStatusRequest.newBuilder()
                .setDeploymentId(id)
                .setState(DeploymentState.DEPLOYMENT_STATE_IN_PROGRESS)
                .setDescription(description)
                .setLogUrl("https://ci.example.com/bench/" + service + "/logs/" + n)
                .build();
    }

    private StatusServiceBlockingStub stub() {
        return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }
}
