package io.shipwatch.diagnostics.domain;

import java.util.Objects;

/**
 * One observation from a collector or a client. Text is redacted when the evidence is made, so
 * nothing built from it (findings, cache entries, stored reports, logs) can carry a secret.
 *
 * @param kind       what it is
 * @param collector  the collector that delivered it (e.g. "logs"), or "client" for AnalyzeLogs
 * @param source     the object it is about, e.g. "pod/checkout-7d9f/app (previous)"
 * @param text       log line, event message or check message (redacted, at most {@link #MAX_TEXT} characters)
 * @param reason     event reason, container waiting/terminated reason, or check name; "" if none
 * @param exitCode   the container exit code, or {@link #NO_EXIT_CODE}
 * @param metric     the metric name, "" if none
 * @param value      the metric value
 * @param lineNumber 1-based line number for log lines, 0 otherwise
 */
public record Evidence(EvidenceKind kind, String collector, String source, String text, String reason,
                       int exitCode, String metric, double value, long lineNumber) {
    public static final int NO_EXIT_CODE = Integer.MIN_VALUE;
    public static final int MAX_TEXT = 8192;

    public Evidence {
        Objects.requireNonNull(kind, "kind");
        collector = Objects.requireNonNullElse(collector, "");
        source = Objects.requireNonNullElse(source, "");
        text = Redactor.redact(cut(Objects.requireNonNullElse(text, "")));
        reason = Objects.requireNonNullElse(reason, "");
        metric = Objects.requireNonNullElse(metric, "");
    }

    public static Evidence logLine(String collector, String source, long lineNumber, String line) {
        return new Evidence(EvidenceKind.LOG_LINE, collector, source, line, "", NO_EXIT_CODE, "", 0, lineNumber);
    }

    public static Evidence event(String collector, String source, String reason, String message) {
        return new Evidence(EvidenceKind.EVENT, collector, source, message, reason, NO_EXIT_CODE, "", 0, 0);
    }

    /** A container state; exitCode is {@link #NO_EXIT_CODE} for a waiting container. */
    public static Evidence containerState(String collector, String source, String reason, int exitCode, String message) {
        return new Evidence(EvidenceKind.CONTAINER_STATE, collector, source, message, reason, exitCode, "", 0, 0);
    }

    public static Evidence metric(String collector, String source, String metric, double value) {
        return new Evidence(EvidenceKind.METRIC, collector, source, "", "", NO_EXIT_CODE, metric, value, 0);
    }

    public static Evidence check(String collector, String source, String name, String message) {
        return new Evidence(EvidenceKind.CHECK, collector, source, message, name, NO_EXIT_CODE, "", 0, 0);
    }

    /** Evidence read back from a stored or cached report: only its kind, source and description survive. */
    public static Evidence restored(EvidenceKind kind, String source, String description, long lineNumber) {
        return new Evidence(kind, "", source, description, "", NO_EXIT_CODE, "", 0, lineNumber);
    }

    public boolean hasExitCode() {
        return exitCode != NO_EXIT_CODE;
    }

    /** A one-line human-readable form, used as the excerpt of an evidence reference. */
    public String describe() {
        if (reason.isEmpty() && metric.isEmpty() && !hasExitCode()) {
            return text;
        }
        return switch (kind) {
            case LOG_LINE -> text;
            case EVENT -> reason + ": " + text;
            case CONTAINER_STATE -> (reason.isEmpty() ? "terminated" : reason)
                    + (hasExitCode() ? " (exit code " + exitCode + ")" : "") + (text.isEmpty() ? "" : ": " + text);
            case METRIC -> metric + " = " + (Math.round(value * 1000) / 1000.0);
            case CHECK -> reason + ": " + text;
        };
    }

    private static String cut(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
    }
}
