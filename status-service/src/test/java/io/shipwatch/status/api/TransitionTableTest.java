package io.shipwatch.status.api;

import static io.shipwatch.status.Fixtures.create;
import static io.shipwatch.status.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.platform.testing.RequiresPostgres;
import io.shipwatch.status.StatusServer;
import io.shipwatch.status.domain.StateMachine;
import io.shipwatch.status.v1.Deployment;
import io.shipwatch.status.v1.DeploymentState;
import io.shipwatch.status.v1.StatusServiceGrpc.StatusServiceBlockingStub;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every (from, to) pair through the real service and database, not just the domain table. */
@RequiresPostgres
class TransitionTableTest {
    private static final Map<DeploymentState, List<DeploymentState>> PATH_TO = Map.of(
            DeploymentState.DEPLOYMENT_STATE_PENDING, List.of(),
            DeploymentState.DEPLOYMENT_STATE_QUEUED, List.of(DeploymentState.DEPLOYMENT_STATE_QUEUED),
            DeploymentState.DEPLOYMENT_STATE_IN_PROGRESS, List.of(DeploymentState.DEPLOYMENT_STATE_IN_PROGRESS),
            DeploymentState.DEPLOYMENT_STATE_SUCCEEDED, List.of(DeploymentState.DEPLOYMENT_STATE_SUCCEEDED),
            DeploymentState.DEPLOYMENT_STATE_FAILED, List.of(DeploymentState.DEPLOYMENT_STATE_FAILED),
            DeploymentState.DEPLOYMENT_STATE_ERRORED, List.of(DeploymentState.DEPLOYMENT_STATE_ERRORED),
            DeploymentState.DEPLOYMENT_STATE_CANCELLED, List.of(DeploymentState.DEPLOYMENT_STATE_CANCELLED),
            DeploymentState.DEPLOYMENT_STATE_ROLLED_BACK,
            List.of(DeploymentState.DEPLOYMENT_STATE_FAILED, DeploymentState.DEPLOYMENT_STATE_ROLLED_BACK));
    private static StatusServer server;
    private static StatusServiceBlockingStub deployer;
    private static int n;

    @BeforeAll
    static void start() {
        server = StatusServer.start();
        deployer = server.blocking(Role.DEPLOYER);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> everyPair() {
        List<DeploymentState> states = Stream.of(DeploymentState.values())
                .filter(s -> s != DeploymentState.DEPLOYMENT_STATE_UNSPECIFIED && s != DeploymentState.UNRECOGNIZED)
                .toList();
        return states.stream().flatMap(from -> states.stream().map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void recordStatus_followsTheTransitionTable(DeploymentState from, DeploymentState to) {
        Deployment d = deploymentIn(from);
        boolean allowed = StateMachine.allows(ProtoMapper.fromProto(d.getState()), ProtoMapper.fromProto(to));
        try {
            Deployment after = record(deployer, d, to);
            assertThat(allowed).as("the service accepted a move the table forbids").isTrue();
            assertThat(after.getState()).isEqualTo(to);
            assertThat(after.getRevision()).isEqualTo(d.getRevision() + 1);
        } catch (StatusRuntimeException e) {
            assertThat(allowed).as("the service refused a move the table allows: %s", e.getStatus()).isFalse();
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        }
    }

    /** A fresh deployment (own service, so auto-inactivation of others cannot interfere) in the given state. */
    private static Deployment deploymentIn(DeploymentState state) {
        String service = "table-" + (n++);
        if (state == DeploymentState.DEPLOYMENT_STATE_INACTIVE) {
            Deployment old = create(deployer, service, "prod");
            record(deployer, old, DeploymentState.DEPLOYMENT_STATE_SUCCEEDED);
            record(deployer, create(deployer, service, "prod"), DeploymentState.DEPLOYMENT_STATE_SUCCEEDED);
            return deployer.getDeployment(io.shipwatch.status.v1.GetDeploymentRequest.newBuilder()
                    .setDeploymentId(old.getId()).build()).getDeployment();
        }
        Deployment d = create(deployer, service, "prod");
        for (DeploymentState step : PATH_TO.get(state)) {
            d = record(deployer, d, step);
        }
        return d;
    }
}
