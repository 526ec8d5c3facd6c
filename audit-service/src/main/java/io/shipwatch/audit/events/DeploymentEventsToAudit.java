package io.shipwatch.audit.events;

import com.google.protobuf.Timestamp;
import io.shipwatch.audit.domain.NewAuditEntry;
import io.shipwatch.audit.store.AuditLog;
import io.shipwatch.platform.events.EventHandler;
import io.shipwatch.status.v1.DeploymentEvent;
import io.shipwatch.status.v1.DeploymentState;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns status-service's events into audit entries: one entry per event, appended (in
 * statements of up to 100 rows) on the consumer's transaction, so the entries and the
 * checkpoint commit together and a crash between them redoes both or neither.
 */
@Singleton
public class DeploymentEventsToAudit implements EventHandler {
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");

    private final AuditLog log;

    public DeploymentEventsToAudit(AuditLog log) {
        this.log = log;
    }

    @Override
    public void apply(Connection connection, List<DeploymentEvent> events) throws SQLException {
        List<NewAuditEntry> entries = new ArrayList<>(events.size());
        for (DeploymentEvent e : events) {
            entries.add(entry(e));
        }
        log.appendOn(connection, entries);
    }

    static NewAuditEntry entry(DeploymentEvent e) {
        String action = switch (e.getType()) {
            case EVENT_TYPE_DEPLOYMENT_CREATED -> "deployment.created";
            case EVENT_TYPE_STATUS_CHANGED -> "deployment.status_changed";
            case EVENT_TYPE_AUTO_INACTIVATED -> "deployment.auto_inactivated";
            default -> "deployment.event_" + e.getTypeValue();
        };
        return new NewAuditEntry(e.getActor(), action, UUID.fromString(e.getDeployment().getId()),
                e.getDeployment().getService(), e.getDeployment().getEnvironment(), state(e.getFromState()),
                state(e.getToState()), instant(e.getOccurTime()), traceId(e.getTraceparent()),
                NewAuditEntry.details(Map.of(
                        "event_id", e.getEventId(),
                        "event_position", Long.toString(e.getPosition()),
                        "version", e.getDeployment().getVersion(),
                        "revision", Long.toString(e.getDeployment().getRevision()))));
    }

    /** The trace id inside a W3C traceparent, or "" when there is none. */
    static String traceId(String traceparent) {
        var m = TRACEPARENT.matcher(traceparent);
        return m.matches() ? m.group(1) : "";
    }

    private static String state(DeploymentState s) {
        return s == DeploymentState.DEPLOYMENT_STATE_UNSPECIFIED || s == DeploymentState.UNRECOGNIZED
                ? "" : s.name().substring("DEPLOYMENT_STATE_".length());
    }

    private static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
