package io.shipwatch.status.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.platform.testing.RequiresPostgres;
import io.shipwatch.status.Fixtures;
import io.shipwatch.status.StatusServer;
import io.shipwatch.status.v1.Deployment;
import io.shipwatch.status.v1.DeploymentState;
import io.shipwatch.status.v1.StatusServiceGrpc.StatusServiceBlockingStub;
import io.shipwatch.status.v1.WatchDeploymentRequest;
import io.shipwatch.status.v1.WatchDeploymentResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@RequiresPostgres
class WatchDeploymentTest {
    private static StatusServer server;
    private static StatusServiceBlockingStub deployer;

    @BeforeAll
    static void start() {
        server = StatusServer.start();
        deployer = server.blocking(Role.DEPLOYER);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void watch_sendsCurrentThenEveryChangeAndEndsAtTerminalState() throws Exception {
        Deployment d = Fixtures.create(deployer, "watched", "prod");
        Watcher watcher = new Watcher(d.getId());
        await().atMost(Duration.ofSeconds(10)).until(() -> watcher.seen.size() == 1);

        Fixtures.record(deployer, d, DeploymentState.DEPLOYMENT_STATE_QUEUED);
        Fixtures.record(deployer, d, DeploymentState.DEPLOYMENT_STATE_IN_PROGRESS);
        Fixtures.record(deployer, d, DeploymentState.DEPLOYMENT_STATE_IN_PROGRESS);
        Fixtures.record(deployer, d, DeploymentState.DEPLOYMENT_STATE_SUCCEEDED);

        assertThat(watcher.done.await(10, TimeUnit.SECONDS)).as("stream completed").isTrue();
        assertThat(watcher.error).isEmpty();
        assertThat(watcher.seen).extracting(Deployment::getRevision).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(watcher.seen.get(4).getState()).isEqualTo(DeploymentState.DEPLOYMENT_STATE_SUCCEEDED);
    }

    @Test
    void watchOfTerminalDeployment_sendsItOnceAndEnds() throws Exception {
        Deployment d = Fixtures.create(deployer, "finished", "prod");
        Fixtures.record(deployer, d, DeploymentState.DEPLOYMENT_STATE_CANCELLED);
        Watcher watcher = new Watcher(d.getId());
        assertThat(watcher.done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(watcher.seen).extracting(Deployment::getState).containsExactly(DeploymentState.DEPLOYMENT_STATE_CANCELLED);
    }

    @Test
    void watchOfUnknownDeployment_isNotFound() {
        assertThatThrownBy(() -> deployer.watchDeployment(WatchDeploymentRequest.newBuilder()
                .setDeploymentId(UUID.randomUUID().toString()).build()).hasNext())
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    /** A WatchDeployment client on a real gRPC stream. */
    static final class Watcher {
        final List<Deployment> seen = new CopyOnWriteArrayList<>();
        final List<Throwable> error = new CopyOnWriteArrayList<>();
        final CountDownLatch done = new CountDownLatch(1);

        Watcher(String id) {
            server.async(Role.VIEWER).watchDeployment(WatchDeploymentRequest.newBuilder().setDeploymentId(id).build(),
                    new StreamObserver<>() {
                        @Override
                        public void onNext(WatchDeploymentResponse value) {
                            seen.add(value.getDeployment());
                        }

                        @Override
                        public void onError(Throwable t) {
                            error.add(t);
                            done.countDown();
                        }

                        @Override
                        public void onCompleted() {
                            done.countDown();
                        }
                    });
        }
    }
}
