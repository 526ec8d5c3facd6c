package io.shipwatch.status.api;

import static io.shipwatch.status.Fixtures.create;
import static io.shipwatch.status.Fixtures.newDeployment;
import static io.shipwatch.status.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.platform.testing.RequiresPostgres;
import io.shipwatch.status.StatusServer;
import io.shipwatch.status.v1.CreateDeploymentRequest;
import io.shipwatch.status.v1.Deployment;
import io.shipwatch.status.v1.DeploymentState;
import io.shipwatch.status.v1.GetDeploymentRequest;
import io.shipwatch.status.v1.ListDeploymentsRequest;
import io.shipwatch.status.v1.Provider;
import io.shipwatch.status.v1.RecordStatusRequest;
import io.shipwatch.status.v1.StatusServiceGrpc.StatusServiceBlockingStub;
import io.shipwatch.status.v1.Target;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@RequiresPostgres
class StatusEndpointTest {
    private static StatusServer server;
    private static StatusServiceBlockingStub deployer;
    private static StatusServiceBlockingStub viewer;

    @BeforeAll
    static void start() {
        server = StatusServer.start();
        deployer = server.blocking(Role.DEPLOYER, "ci-bot");
        viewer = server.blocking(Role.VIEWER);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void createDeployment_storesEverythingAndStartsPending() {
        Deployment d = deployer.createDeployment(newDeployment("checkout", "staging")
                .setDescription("first rollout").putLabels("team", "payments").setCommitSha("0123abcd")
                .setTarget(Target.newBuilder().setProvider(Provider.PROVIDER_KUBERNETES).setCluster("eu-1")
                        .setNamespace("shop").setWorkload("checkout"))
                .build()).getDeployment();

        Deployment read = viewer.getDeployment(GetDeploymentRequest.newBuilder().setDeploymentId(d.getId()).build())
                .getDeployment();
        assertThat(read).isEqualTo(d);
        assertThat(read.getState()).isEqualTo(DeploymentState.DEPLOYMENT_STATE_PENDING);
        assertThat(read.getRevision()).isEqualTo(1);
        assertThat(read.getCreatedBy()).isEqualTo("ci-bot");
        assertThat(read.getLabelsMap()).containsEntry("team", "payments");
        assertThat(read.getTarget().getProvider()).isEqualTo(Provider.PROVIDER_KUBERNETES);
    }

    @Test
    void recordStatus_walksToSucceededWithOneRevisionPerChange() {
        Deployment d = create(deployer, "walk", "prod");
        record(deployer, d, DeploymentState.DEPLOYMENT_STATE_QUEUED);
        record(deployer, d, DeploymentState.DEPLOYMENT_STATE_IN_PROGRESS);
        Deployment done = deployer.recordStatus(RecordStatusRequest.newBuilder().setDeploymentId(d.getId())
                .setState(DeploymentState.DEPLOYMENT_STATE_SUCCEEDED).setDescription("all pods ready")
                .setLogUrl("https://ci.example.com/runs/1").build()).getDeployment();

        assertThat(done.getState()).isEqualTo(DeploymentState.DEPLOYMENT_STATE_SUCCEEDED);
        assertThat(done.getRevision()).isEqualTo(4);
        assertThat(done.getDescription()).isEqualTo("all pods ready");
        assertThat(done.getLogUrl()).isEqualTo("https://ci.example.com/runs/1");
    }

    @Test
    void recordStatus_rejectsSucceededBackToInProgressWithFromAndTo() throws Exception {
        Deployment d = create(deployer, "illegal", "prod");
        record(deployer, d, DeploymentState.DEPLOYMENT_STATE_SUCCEEDED);

        StatusRuntimeException e = failure(() -> record(deployer, d, DeploymentState.DEPLOYMENT_STATE_IN_PROGRESS));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        ErrorInfo info = errorInfo(e);
        assertThat(info.getReason()).isEqualTo("INVALID_TRANSITION");
        assertThat(info.getMetadataMap()).containsEntry("from", "SUCCEEDED").containsEntry("to", "IN_PROGRESS");
    }

    @Test
    void secondSuccess_turnsThePreviousOneInactiveWithItsOwnEvent() throws Exception {
        Deployment first = create(deployer, "inactivate", "prod");
        record(deployer, first, DeploymentState.DEPLOYMENT_STATE_SUCCEEDED);
        Deployment otherEnv = create(deployer, "inactivate", "staging");
        record(deployer, otherEnv, DeploymentState.DEPLOYMENT_STATE_SUCCEEDED);
        Deployment second = create(deployer, "inactivate", "prod");
        record(deployer, second, DeploymentState.DEPLOYMENT_STATE_SUCCEEDED);

        assertThat(get(first).getState()).isEqualTo(DeploymentState.DEPLOYMENT_STATE_INACTIVE);
        assertThat(get(first).getRevision()).isEqualTo(3);
        assertThat(get(otherEnv).getState()).isEqualTo(DeploymentState.DEPLOYMENT_STATE_SUCCEEDED);
        assertThat(get(second).getState()).isEqualTo(DeploymentState.DEPLOYMENT_STATE_SUCCEEDED);
        assertThat(eventTypes(first.getId())).containsExactly("DEPLOYMENT_CREATED", "STATUS_CHANGED", "AUTO_INACTIVATED");
    }

    @Test
    void concurrentSuccesses_leaveExactlyOneSucceeded() throws Exception {
        List<Deployment> ds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ds.add(create(deployer, "race", "prod"));
        }
        List<Future<Deployment>> results = runAtOnce(ds.stream()
                .<Callable<Deployment>>map(d -> () -> record(deployer, d, DeploymentState.DEPLOYMENT_STATE_SUCCEEDED))
                .toList());
        for (Future<Deployment> f : results) {
            f.get();
        }
        long succeeded = ds.stream().map(StatusEndpointTest::get)
                .filter(d -> d.getState() == DeploymentState.DEPLOYMENT_STATE_SUCCEEDED).count();
        long inactive = ds.stream().map(StatusEndpointTest::get)
                .filter(d -> d.getState() == DeploymentState.DEPLOYMENT_STATE_INACTIVE).count();
        assertThat(succeeded).isEqualTo(1);
        assertThat(inactive).isEqualTo(7);
    }

    @Test
    void expectedRevisionMismatch_isAbortedAndChangesNothing() {
        Deployment d = create(deployer, "revision", "prod");
        StatusRuntimeException e = failure(() -> deployer.recordStatus(RecordStatusRequest.newBuilder()
                .setDeploymentId(d.getId()).setState(DeploymentState.DEPLOYMENT_STATE_QUEUED).setExpectedRevision(5).build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
        assertThat(get(d).getRevision()).isEqualTo(1);

        Deployment ok = deployer.recordStatus(RecordStatusRequest.newBuilder().setDeploymentId(d.getId())
                .setState(DeploymentState.DEPLOYMENT_STATE_QUEUED).setExpectedRevision(1).build()).getDeployment();
        assertThat(ok.getRevision()).isEqualTo(2);
    }

    @Test
    void sameRequestIdAndPayload_returnsTheFirstResultWithoutASecondEffect() throws Exception {
        CreateDeploymentRequest request = newDeployment("idem", "prod").setRequestId("create-" + UUID.randomUUID()).build();
        Deployment first = deployer.createDeployment(request).getDeployment();
        Deployment again = deployer.createDeployment(request).getDeployment();
        assertThat(again).isEqualTo(first);
        assertThat(count("select count(*) from deployment where service = 'idem'")).isEqualTo(1);

        RecordStatusRequest status = RecordStatusRequest.newBuilder().setDeploymentId(first.getId())
                .setState(DeploymentState.DEPLOYMENT_STATE_IN_PROGRESS).setRequestId("status-" + UUID.randomUUID()).build();
        Deployment moved = deployer.recordStatus(status).getDeployment();
        assertThat(deployer.recordStatus(status).getDeployment()).isEqualTo(moved);
        assertThat(get(first).getRevision()).isEqualTo(2);
        assertThat(eventTypes(first.getId())).hasSize(2);
    }

    @Test
    void sameRequestIdWithAnotherPayload_isIdempotencyKeyReused() throws Exception {
        String key = "reuse-" + UUID.randomUUID();
        deployer.createDeployment(newDeployment("reuse", "prod").setRequestId(key).build());
        StatusRuntimeException e = failure(() -> deployer.createDeployment(
                newDeployment("reuse", "prod").setVersion("2.0.0").setRequestId(key).build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(errorInfo(e).getReason()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(count("select count(*) from deployment where service = 'reuse'")).isEqualTo(1);
    }

    @Test
    void concurrentDuplicates_takeEffectOnce() throws Exception {
        CreateDeploymentRequest request = newDeployment("dupes", "prod").setRequestId("dupe-" + UUID.randomUUID()).build();
        List<Future<Deployment>> results = runAtOnce(java.util.Collections.nCopies(12,
                (Callable<Deployment>) () -> deployer.createDeployment(request).getDeployment()));
        Deployment first = results.get(0).get();
        for (Future<Deployment> f : results) {
            assertThat(f.get()).isEqualTo(first);
        }
        assertThat(count("select count(*) from deployment where service = 'dupes'")).isEqualTo(1);
        assertThat(count("select count(*) from event where deployment_id = '" + first.getId() + "'")).isEqualTo(1);
    }

    @Test
    void badInput_isInvalidArgumentWithEveryFieldViolation() throws Exception {
        StatusRuntimeException e = failure(() -> deployer.createDeployment(CreateDeploymentRequest.newBuilder()
                .setService("").setEnvironment("").setDescription("x".repeat(141))
                .setTarget(Target.newBuilder().setProviderValue(42)).build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(violations(e)).containsExactlyInAnyOrder("service", "environment", "description", "target.provider");
    }

    @Test
    void unknownStateAndMalformedId_areFieldViolations() throws Exception {
        StatusRuntimeException e = failure(() -> deployer.recordStatus(RecordStatusRequest.newBuilder()
                .setDeploymentId("not-a-uuid").setStateValue(99).build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(violations(e)).containsExactlyInAnyOrder("deployment_id", "state");

        StatusRuntimeException unspecified = failure(() -> deployer.recordStatus(RecordStatusRequest.newBuilder()
                .setDeploymentId(UUID.randomUUID().toString()).build()));
        assertThat(violations(unspecified)).containsExactly("state");
    }

    @Test
    void unknownDeployment_isNotFound() {
        StatusRuntimeException e = failure(() -> viewer.getDeployment(GetDeploymentRequest.newBuilder()
                .setDeploymentId(UUID.randomUUID().toString()).build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void noToken_isUnauthenticated_andViewerCannotWrite() {
        assertThat(failure(() -> server.anonymous().listDeployments(ListDeploymentsRequest.getDefaultInstance()))
                .getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(failure(() -> create(viewer, "nope", "prod")).getStatus().getCode())
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(failure(() -> server.blocking(Role.DEPLOYER).streamEvents(
                io.shipwatch.status.v1.StreamEventsRequest.getDefaultInstance()).hasNext()).getStatus().getCode())
                .isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    private static Deployment get(Deployment d) {
        return viewer.getDeployment(GetDeploymentRequest.newBuilder().setDeploymentId(d.getId()).build()).getDeployment();
    }

    static StatusRuntimeException failure(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            assertThat(e.getStatus().getCode()).isNotEqualTo(Status.Code.INTERNAL);
            return e;
        }
        throw new AssertionError("the call succeeded");
    }

    static ErrorInfo errorInfo(StatusRuntimeException e) throws InvalidProtocolBufferException {
        return StatusServer.rich(e).getDetails(0).unpack(ErrorInfo.class);
    }

    static List<String> violations(StatusRuntimeException e) throws InvalidProtocolBufferException {
        return StatusServer.rich(e).getDetails(1).unpack(BadRequest.class).getFieldViolationsList().stream()
                .map(BadRequest.FieldViolation::getField).toList();
    }

    private static List<String> eventTypes(String deploymentId) throws Exception {
        try (Connection c = server.sql(); PreparedStatement ps = c.prepareStatement(
                "select event_type from event where deployment_id = ?::uuid order by id")) {
            ps.setString(1, deploymentId);
            List<String> types = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.add(rs.getString(1));
                }
            }
            return types;
        }
    }

    private static long count(String sql) throws Exception {
        try (Connection c = server.sql(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static <T> List<Future<T>> runAtOnce(List<Callable<T>> calls) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            return futures;
        } finally {
            pool.shutdown();
        }
    }
}
