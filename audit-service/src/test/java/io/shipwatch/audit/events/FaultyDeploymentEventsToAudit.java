package io.shipwatch.audit.events;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.shipwatch.audit.store.AuditLog;
import io.shipwatch.status.v1.DeploymentEvent;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real handler, crashing every n-th batch AFTER it has written the batch's entries and
 * before the consumer commits them with the checkpoint: what a process dying between applying
 * and acknowledging looks like to the database. Only active when test.crash-every is set.
 */
@Singleton
@Replaces(DeploymentEventsToAudit.class)
@Requires(property = "test.crash-every")
class FaultyDeploymentEventsToAudit extends DeploymentEventsToAudit {
    static final AtomicInteger BATCHES = new AtomicInteger();
    static final AtomicInteger CRASHES = new AtomicInteger();
    private final int every;

    FaultyDeploymentEventsToAudit(AuditLog log, @Value("${test.crash-every}") int every) {
        super(log);
        this.every = every;
    }

    @Override
    public void apply(Connection connection, List<DeploymentEvent> events) throws SQLException {
        super.apply(connection, events);
        if (BATCHES.incrementAndGet() % every == 0) {
            CRASHES.incrementAndGet();
            throw new SQLException("injected crash: entries written, checkpoint not yet committed");
        }
    }
}
