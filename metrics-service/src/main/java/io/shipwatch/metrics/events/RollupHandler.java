package io.shipwatch.metrics.events;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.shipwatch.metrics.domain.DeploymentChange;
import io.shipwatch.metrics.store.AnswerCache;
import io.shipwatch.metrics.store.RollupWriter;
import io.shipwatch.metrics.store.Tables;
import io.shipwatch.platform.events.EventHandler;
import io.shipwatch.status.v1.DeploymentEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a batch of events to one pair of tables on the consumer's transaction (so the rollups
 * and the checkpoint commit together). For the live tables it also invalidates the answers the
 * batch changed — before the commit, which is safe because the cache refuses answers read at a
 * checkpoint older than the latest invalidation — and, once the batch has committed, counts the
 * deployments it brought to a final state (after, so a batch that comes again is counted once).
 */
final class RollupHandler implements EventHandler {
    private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("shipwatch.service");
    private static final AttributeKey<String> ENVIRONMENT = AttributeKey.stringKey("shipwatch.environment");
    private static final AttributeKey<String> STATE = AttributeKey.stringKey("shipwatch.state");

    private final Tables tables;
    private final AnswerCache cache;
    private final LongCounter deployments;
    private List<RollupWriter.Ended> uncounted = List.of();

    /** {@code cache} and {@code deployments} are null for a rebuild, whose tables nobody reads yet. */
    RollupHandler(Tables tables, AnswerCache cache, LongCounter deployments) {
        this.tables = tables;
        this.cache = cache;
        this.deployments = deployments;
    }

    @Override
    public void apply(Connection connection, List<DeploymentEvent> events) throws SQLException {
        List<DeploymentChange> changes = new ArrayList<>(events.size());
        for (DeploymentEvent e : events) {
            changes.add(EventMapping.change(e));
        }
        RollupWriter.Result result = RollupWriter.apply(connection, tables, changes);
        if (cache != null) {
            cache.invalidate(result.changedRows(), events.get(events.size() - 1).getPosition());
        }
        uncounted = result.ended();
    }

    @Override
    public void committed() {
        if (deployments != null) {
            for (RollupWriter.Ended e : uncounted) {
                deployments.add(1, Attributes.of(SERVICE, e.service(), ENVIRONMENT, e.environment(), STATE, e.state().name()));
            }
        }
        uncounted = List.of();
    }
}
