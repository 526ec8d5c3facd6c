package io.shipwatch.metrics.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The rollup pipeline with maps instead of tables: events fold into facts, facts (with their
 * recovery) into day rows, rows merge into answers. Tests feed it events in any order.
 */
public final class InMemoryRollups {
    private final Map<String, DeploymentFacts> facts = new HashMap<>();

    public void apply(DeploymentChange change) {
        facts.merge(change.deploymentId(), DeploymentFacts.of(change), DeploymentFacts::merge);
    }

    public void applyAll(Collection<DeploymentChange> changes) {
        changes.forEach(this::apply);
    }

    public List<DayRollup> rows() {
        Map<List<Object>, List<Recovered>> byKey = new HashMap<>();
        for (DeploymentFacts f : facts.values()) {
            byKey.computeIfAbsent(List.of(f.service(), f.environment(), f.day()), k -> new ArrayList<>())
                    .add(new Recovered(f, nextSuccess(f)));
        }
        List<DayRollup> out = new ArrayList<>();
        byKey.forEach((k, v) -> out.add(DayRollup.of((String) k.get(0), (String) k.get(1), (LocalDate) k.get(2), v)));
        return out;
    }

    public DeploymentMetrics metrics(DayRange range, Predicate<DayRollup> filter, boolean productionOnly) {
        MetricsAccumulator acc = new MetricsAccumulator(range);
        rows().stream().filter(r -> range.contains(r.day()) && filter.test(r)).forEach(acc::add);
        return acc.result(productionOnly);
    }

    private Instant nextSuccess(DeploymentFacts failed) {
        if (failed.failedAt() == null || !failed.production()) {
            return null;
        }
        Instant best = null;
        for (DeploymentFacts f : facts.values()) {
            if (f.production() && f.service().equals(failed.service()) && f.environment().equals(failed.environment())
                    && f.succeededAt() != null && f.succeededAt().isAfter(failed.failedAt())
                    && (best == null || f.succeededAt().isBefore(best))) {
                best = f.succeededAt();
            }
        }
        return best;
    }
}
