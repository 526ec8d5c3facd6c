package io.shipwatch.status.store;

import io.shipwatch.platform.db.Transactions;
import io.shipwatch.status.domain.Deployment;
import io.shipwatch.status.domain.DeploymentFilter;
import io.shipwatch.status.domain.DeploymentState;
import io.shipwatch.status.domain.HistoryEntry;
import io.shipwatch.platform.paging.PageToken;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Every read of status-service. */
@Singleton
public class DeploymentReads {
    /** Entries returned per deployment by the batch history read (the newest ones). */
    public static final int HISTORY_ENTRIES_PER_DEPLOYMENT = 100;

    private final Transactions tx;
    private final DeploymentStore deployments;
    private final HistoryRepository history;

    public DeploymentReads(Transactions tx, DeploymentStore deployments, HistoryRepository history) {
        this.tx = tx;
        this.deployments = deployments;
        this.history = history;
    }

    /** A page of deployments and the token of the next one (null at the end). */
    public record Page(List<Deployment> deployments, PageToken next) {
    }

    /** One deployment's history: its newest entries, oldest first, and whether older ones were left out. */
    public record History(UUID deploymentId, List<HistoryEntry> entries, boolean truncated) {
    }

    public Deployment get(UUID id) {
        return tx.read(c -> deployments.find(c, id)).orElseThrow(() -> DeploymentWrites.notFound(id));
    }

    public Page list(DeploymentFilter filter, PageToken after, int pageSize) {
        List<Deployment> rows = tx.read(c -> deployments.list(c, filter, after, pageSize + 1));
        if (rows.size() <= pageSize) {
            return new Page(rows, null);
        }
        List<Deployment> page = rows.subList(0, pageSize);
        Deployment last = page.get(pageSize - 1);
        return new Page(List.copyOf(page), new PageToken(last.createTime(), last.id(), filter.fingerprint()));
    }

    /** Histories of the given deployments in request order (unknown ids left out), in one statement. */
    public List<History> histories(List<UUID> ids) {
        LinkedHashSet<UUID> distinct = new LinkedHashSet<>(ids);
        List<HistoryView> rows = history.findLatest(distinct, HISTORY_ENTRIES_PER_DEPLOYMENT);
        Map<UUID, List<HistoryEntry>> byDeployment = new LinkedHashMap<>();
        Map<UUID, Long> totals = new LinkedHashMap<>();
        for (HistoryView r : rows) {
            byDeployment.computeIfAbsent(r.deploymentId(), k -> new ArrayList<>()).add(new HistoryEntry(r.deploymentId(),
                    DeploymentState.valueOf(r.state()), r.description(), r.actor(), r.recordedAt(), r.logUrl(), r.revision()));
            totals.put(r.deploymentId(), r.total());
        }
        List<History> result = new ArrayList<>(byDeployment.size());
        for (UUID id : distinct) {
            List<HistoryEntry> entries = byDeployment.get(id);
            if (entries != null) {
                result.add(new History(id, entries, totals.get(id) > entries.size()));
            }
        }
        return result;
    }
}
