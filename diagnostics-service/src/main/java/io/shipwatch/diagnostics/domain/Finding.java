package io.shipwatch.diagnostics.domain;

import java.util.List;

/**
 * A diagnosed cause.
 *
 * @param patternId       the pattern that matched
 * @param title           its title
 * @param severity        its severity
 * @param confidence      0 to 1
 * @param summary         what happened, in terms of the evidence
 * @param evidence        the evidence supporting it (at most {@link Analysis#MAX_EVIDENCE_PER_FINDING})
 * @param recommendations what to do
 * @param collectors      the collectors whose evidence supports it
 * @param mergedPatternIds symptom patterns merged into it
 */
public record Finding(String patternId, String title, Severity severity, double confidence, String summary,
                      List<Evidence> evidence, List<String> recommendations, List<String> collectors,
                      List<String> mergedPatternIds) {
    public Finding {
        evidence = List.copyOf(evidence);
        recommendations = List.copyOf(recommendations);
        collectors = List.copyOf(collectors);
        mergedPatternIds = List.copyOf(mergedPatternIds);
    }
}
