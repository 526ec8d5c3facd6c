package io.shipwatch.diagnostics.domain;

import java.util.List;

/**
 * What a session or log analysis concluded.
 *
 * @param rootCauses    ranked, merged findings
 * @param collectors    per-collector outcomes (empty for log analysis)
 * @param evidenceCount how many evidence items were analysed
 * @param fingerprint   the evidence fingerprint
 * @param fromCache     whether the ranking came from the result cache
 */
public record SessionResult(List<Finding> rootCauses, List<CollectorRun> collectors, long evidenceCount,
                            String fingerprint, boolean fromCache) {
    public SessionResult {
        rootCauses = List.copyOf(rootCauses);
        collectors = List.copyOf(collectors);
    }
}
