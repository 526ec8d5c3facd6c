package io.shipwatch.status.domain;

import io.shipwatch.platform.errors.Violations;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Input rules for deployments, applied before anything is stored. Field names are the
 * proto's, so violations point at what the client sent.
 */
public final class DeploymentRules {
    public static final int MAX_NAME = 100;
    public static final int MAX_VERSION = 200;
    public static final int MAX_DESCRIPTION = 140;
    public static final int MAX_LABELS = 64;
    public static final int MAX_LABEL_VALUE = 256;
    public static final int MAX_TARGET_FIELD = 253;
    public static final int MAX_REGION = 63;
    public static final int MAX_LOG_URL = 2048;
    public static final int MAX_REQUEST_ID = 128;
    /** A deployment accepts at most this many statuses; a runner looping on progress updates is stopped here. */
    public static final int MAX_STATUSES = 1000;
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9._/-]{1,63}");
    private static final Pattern COMMIT_SHA = Pattern.compile("[0-9a-fA-F]{4,64}");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7E]+");

    private DeploymentRules() {
    }

    public static void checkNew(NewDeployment d, Instant now, Violations v) {
        name(d.service(), "service", v);
        name(d.environment(), "environment", v);
        v.maxLength(d.version(), MAX_VERSION, "version");
        v.check(d.commitSha().isEmpty() || COMMIT_SHA.matcher(d.commitSha()).matches(), "commit_sha",
                "must be 4 to 64 hexadecimal characters");
        v.check(d.commitTime() == null || !d.commitTime().isAfter(now.plus(CLOCK_SKEW)), "commit_time",
                "must not be in the future");
        v.maxLength(d.description(), MAX_DESCRIPTION, "description");
        labels(d.labels(), "labels", v);
        Target t = d.target();
        v.maxLength(t.cluster(), MAX_TARGET_FIELD, "target.cluster");
        v.maxLength(t.namespace(), MAX_TARGET_FIELD, "target.namespace");
        v.maxLength(t.workload(), MAX_TARGET_FIELD, "target.workload");
        v.maxLength(t.region(), MAX_REGION, "target.region");
    }

    public static void checkChange(StatusChange c, Violations v) {
        v.maxLength(c.description(), MAX_DESCRIPTION, "description");
        logUrl(c.logUrl(), v);
        c.expectedRevision().ifPresent(r -> v.check(r > 0, "expected_revision", "must be positive when set"));
    }

    public static void requestId(String requestId, Violations v) {
        v.check(requestId.isEmpty() || (requestId.length() <= MAX_REQUEST_ID && PRINTABLE.matcher(requestId).matches()),
                "request_id", "must be 1 to " + MAX_REQUEST_ID + " printable ASCII characters without spaces");
    }

    public static void labels(Map<String, String> labels, String field, Violations v) {
        v.check(labels.size() <= MAX_LABELS, field, "at most " + MAX_LABELS + " labels");
        labels.forEach((key, value) -> {
            v.check(LABEL_KEY.matcher(key).matches(), field + "[" + key + "]",
                    "key must be 1 to 63 characters of letters, digits, '.', '_', '/', '-'");
            v.maxLength(value, MAX_LABEL_VALUE, field + "[" + key + "]");
        });
    }

    private static void name(String value, String field, Violations v) {
        if (value.isBlank()) {
            v.add(field, "is required");
            return;
        }
        v.maxLength(value, MAX_NAME, field);
        v.check(value.strip().equals(value) && value.codePoints().noneMatch(Character::isISOControl), field,
                "must not have leading/trailing spaces or control characters");
    }

    private static void logUrl(String url, Violations v) {
        if (url.isEmpty()) {
            return;
        }
        v.maxLength(url, MAX_LOG_URL, "log_url");
        try {
            URI uri = new URI(url);
            v.check(("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null,
                    "log_url", "must be an absolute http or https URL");
        } catch (URISyntaxException e) {
            v.add("log_url", "must be an absolute http or https URL");
        }
    }
}
