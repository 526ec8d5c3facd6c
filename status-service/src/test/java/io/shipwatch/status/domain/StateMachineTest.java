package io.shipwatch.status.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shipwatch.platform.errors.ErrorKind;
import io.shipwatch.platform.errors.ServiceException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StateMachineTest {
    /** The README's table, written out row by row: from-state, then one mark per to-state in enum order. */
    private static final String[] TABLE = {
            //            PEN QUE INP SUC FAI ERR CAN ROL INA
            "PENDING      .   x   x   x   x   x   x   .   .",
            "QUEUED       .   .   x   x   x   x   x   .   .",
            "IN_PROGRESS  .   .   x   x   x   x   x   .   .",
            "SUCCEEDED    .   .   .   .   .   .   .   x   x",
            "FAILED       .   .   .   .   .   .   .   x   .",
            "ERRORED      .   .   .   .   .   .   .   x   .",
            "CANCELLED    .   .   .   .   .   .   .   .   .",
            "ROLLED_BACK  .   .   .   .   .   .   .   .   .",
            "INACTIVE     .   .   .   .   .   .   .   .   .",
    };

    static Stream<Arguments> everyPair() {
        return Stream.of(TABLE).flatMap(row -> {
            String[] cells = row.trim().split("\\s+");
            DeploymentState from = DeploymentState.valueOf(cells[0]);
            return Stream.of(DeploymentState.values())
                    .map(to -> Arguments.of(from, to, cells[1 + to.ordinal()].equals("x")));
        });
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @MethodSource("everyPair")
    void check_followsTheTable(DeploymentState from, DeploymentState to, boolean allowed) {
        assertThat(StateMachine.allows(from, to)).isEqualTo(allowed);
        if (allowed) {
            StateMachine.check(from, to);
        } else {
            assertThatThrownBy(() -> StateMachine.check(from, to)).isInstanceOfSatisfying(ServiceException.class, e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION);
                assertThat(e.reason()).isEqualTo("INVALID_TRANSITION");
                assertThat(e.metadata()).containsEntry("from", from.name()).containsEntry("to", to.name());
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void terminalStates_haveEndedTheRollout(DeploymentState state) {
        boolean running = state == DeploymentState.PENDING || state == DeploymentState.QUEUED
                || state == DeploymentState.IN_PROGRESS;
        assertThat(state.isTerminal()).isEqualTo(!running);
    }

    static Stream<DeploymentState> states() {
        return Stream.of(DeploymentState.values());
    }
}
