package io.shipwatch.audit.domain;

import io.shipwatch.platform.errors.Violations;
import java.util.Map;
import java.util.regex.Pattern;

/** What an appended entry may hold: bounds on every client-supplied field. */
public final class AuditRules {
    public static final int MAX_NAME = 100;
    public static final int MAX_DETAILS = 32;
    public static final int MAX_DETAIL_KEY = 63;
    public static final int MAX_DETAIL_VALUE = 1024;
    private static final Pattern ACTION = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    private AuditRules() {
    }

    public static void action(String action, String field, Violations v) {
        v.check(ACTION.matcher(action).matches(), field,
                "must be 1 to 100 characters of lower-case letters, digits, '.', '_' and '-', starting with a letter or digit");
    }

    public static void names(String service, String environment, Violations v) {
        v.maxLength(service, MAX_NAME, "service");
        v.maxLength(environment, MAX_NAME, "environment");
        noNul(service, "service", v);
        noNul(environment, "environment", v);
    }

    /** PostgreSQL text cannot hold U+0000; refusing it here keeps such input a client error. */
    public static void noNul(String value, String field, Violations v) {
        v.check(value.indexOf('\u0000') < 0, field, "must not contain the NUL character");
    }

    public static void details(Map<String, String> details, String field, Violations v) {
        if (details.size() > MAX_DETAILS) {
            v.add(field, "must hold at most " + MAX_DETAILS + " entries (got " + details.size() + ")");
            return;
        }
        for (Map.Entry<String, String> d : details.entrySet()) {
            int keyLength = d.getKey().codePointCount(0, d.getKey().length());
            v.check(keyLength >= 1 && keyLength <= MAX_DETAIL_KEY, field,
                    "keys must be 1 to " + MAX_DETAIL_KEY + " characters");
            v.check(d.getValue().codePointCount(0, d.getValue().length()) <= MAX_DETAIL_VALUE, field + "[" + d.getKey() + "]",
                    "must be at most " + MAX_DETAIL_VALUE + " characters");
            noNul(d.getKey() + d.getValue(), field, v);
        }
    }
}
