package io.shipwatch.diagnostics.domain;

import java.util.List;

/**
 * One entry of the failure-pattern library.
 *
 * @param id              stable id
 * @param title           short title
 * @param severity        severity of its findings
 * @param category        area (memory, image, scheduling, ...)
 * @param meaning         what the cause means, the first sentence of a finding's summary
 * @param symptom         true for patterns that describe a consequence (CrashLoopBackOff, BackOff):
 *                        when a confident cause is found, the symptom's finding merges into it
 * @param explains        symptom patterns this one explains when it is the most specific confident finding
 * @param signals         what it looks for
 * @param recommendations what to do about it
 */
public record FailurePattern(String id, String title, Severity severity, String category, String meaning,
                             boolean symptom, List<String> explains, List<Signal> signals, List<String> recommendations) {
    public FailurePattern {
        explains = List.copyOf(explains);
        signals = List.copyOf(signals);
        recommendations = List.copyOf(recommendations);
        if (signals.stream().noneMatch(s -> !s.counter())) {
            throw new IllegalArgumentException("pattern " + id + " needs at least one positive signal");
        }
    }
}
