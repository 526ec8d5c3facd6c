package io.shipwatch.diagnostics.domain;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One thing a failure pattern looks for, with its weight. A positive weight is the probability
 * that the pattern's cause is present given this signal alone; a negative weight marks a
 * counter-signal (e.g. "shutting down gracefully" next to exit code 137) that scales the
 * confidence down by (1 - |weight|).
 *
 * @param type      which evidence kind it looks at
 * @param weight    in (-1, 1], never 0
 * @param regex     LOG: over the line; EVENT/CHECK: over the message (optional); null otherwise
 * @param literals  LOG only: lower-case substrings of which every matching line contains at least one
 *                  (the prefilter's keys)
 * @param reason    EVENT/STATE/CHECK: the reason, compared ignoring case; "" otherwise
 * @param exitCode  EXIT: the exit code
 * @param metric    METRIC: the metric name
 * @param atLeast   METRIC: the threshold the value must reach
 */
public record Signal(Type type, double weight, Pattern regex, List<String> literals, String reason, int exitCode,
                     String metric, double atLeast) {

    /** The kind of evidence a signal reads. */
    public enum Type {
        LOG(EvidenceKind.LOG_LINE), EVENT(EvidenceKind.EVENT), STATE(EvidenceKind.CONTAINER_STATE),
        EXIT(EvidenceKind.CONTAINER_STATE), METRIC(EvidenceKind.METRIC), CHECK(EvidenceKind.CHECK);

        final EvidenceKind kind;

        Type(EvidenceKind kind) {
            this.kind = kind;
        }
    }

    public Signal {
        if (weight == 0 || weight > 1 || weight <= -1) {
            throw new IllegalArgumentException("weight must be in (-1, 1] and not 0, was " + weight);
        }
        literals = literals == null ? List.of() : literals.stream().map(l -> l.toLowerCase(Locale.ROOT)).toList();
        reason = reason == null ? "" : reason;
        metric = metric == null ? "" : metric;
        if (type == Type.LOG && (regex == null || literals.isEmpty())) {
            throw new IllegalArgumentException("a log signal needs a regex and at least one literal");
        }
    }

    public boolean counter() {
        return weight < 0;
    }

    /** Whether this signal holds for the evidence. Log signals are decided by {@link LogMatcher} instead. */
    boolean matchesNonLog(Evidence e) {
        if (e.kind() != type.kind) {
            return false;
        }
        return switch (type) {
            case LOG -> false;
            case EVENT, CHECK -> e.reason().equalsIgnoreCase(reason) && (regex == null || regex.matcher(e.text()).find());
            case STATE -> e.reason().equalsIgnoreCase(reason) && (regex == null || regex.matcher(e.text()).find());
            case EXIT -> e.hasExitCode() && e.exitCode() == exitCode;
            case METRIC -> e.metric().equals(metric) && e.value() >= atLeast;
        };
    }

    /** Human-readable form for ListFailurePatterns. */
    public String describe() {
        String what = switch (type) {
            case LOG -> "log line matching /" + regex.pattern() + "/";
            case EVENT -> "event " + reason + (regex == null ? "" : " with message /" + regex.pattern() + "/");
            case STATE -> "container state " + reason + (regex == null ? "" : " with message /" + regex.pattern() + "/");
            case EXIT -> "exit code " + exitCode;
            case METRIC -> metric + " >= " + atLeast;
            case CHECK -> "check " + reason + (regex == null ? "" : " with message /" + regex.pattern() + "/");
        };
        return what + (counter() ? " (counter-signal, weight " + weight + ")" : " (weight " + weight + ")");
    }
}
