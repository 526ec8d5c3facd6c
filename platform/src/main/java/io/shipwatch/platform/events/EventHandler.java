package io.shipwatch.platform.events;

import io.shipwatch.status.v1.DeploymentEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** What a consuming service does with the events of status-service's log. */
@FunctionalInterface
public interface EventHandler {
    /**
     * Applies consecutive events (positions strictly increasing, all past the checkpoint) inside
     * the transaction that also advances the checkpoint, on that transaction's connection;
     * repositories called here join it. Throwing rolls effect and checkpoint back together and
     * the batch is delivered again, so the effect happens exactly once.
     */
    void apply(Connection connection, List<DeploymentEvent> events) throws SQLException;

    /**
     * Runs once the transaction of the latest {@link #apply} has committed, on the same thread:
     * the place for effects outside the database (counters, notifications), which would repeat
     * if they ran in apply and the batch then failed to commit and came again.
     */
    default void committed() {
    }
}
