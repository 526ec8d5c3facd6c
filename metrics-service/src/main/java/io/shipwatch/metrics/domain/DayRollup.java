package io.shipwatch.metrics.domain;

import java.time.LocalDate;
import java.util.List;

/**
 * The rollup row of one service × environment × UTC day: a section over all its deployments
 * and one over its production deployments. It is a pure function of the deployments' facts,
 * so recomputing it after any batch of events gives the same row whatever the delivery order.
 */
public record DayRollup(String service, String environment, LocalDate day, RollupSection all,
                        RollupSection production) {

    public static DayRollup of(String service, String environment, LocalDate day, List<Recovered> deployments) {
        RollupSection all = new RollupSection();
        RollupSection production = new RollupSection();
        for (Recovered d : deployments) {
            all.add(d.facts(), d.recoveredAt());
            if (d.facts().production()) {
                production.add(d.facts(), d.recoveredAt());
            }
        }
        return new DayRollup(service, environment, day, all, production);
    }
}
