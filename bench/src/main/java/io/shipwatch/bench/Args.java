package io.shipwatch.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --name value} / {@code --name=value} options and bare {@code --flag}s, checked
 * against the names a command accepts. Every getter validates and throws
 * {@link IllegalArgumentException} with a message fit for the user.
 */
final class Args {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");
    private static final Pattern TARGET = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:(\\d{1,5})");

    private final Map<String, String> values;

    private Args(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Parses {@code argv}. {@code options} take a value, {@code flags} do not; anything else,
     * a missing value, a repeated name or a positional argument is rejected.
     */
    static Args parse(String[] argv, Set<String> options, Set<String> flags) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("--") || a.length() == 2) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'");
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new IllegalArgumentException("--" + name + " takes no value");
                }
                value = "true";
            } else if (options.contains(name)) {
                if (value == null) {
                    if (i + 1 >= argv.length || argv[i + 1].startsWith("--")) {
                        throw new IllegalArgumentException("--" + name + " needs a value");
                    }
                    value = argv[++i];
                }
            } else {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            if (values.put(name, value) != null) {
                throw new IllegalArgumentException("--" + name + " given twice");
            }
        }
        return new Args(values);
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String required(String name) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    int positiveInt(String name, int fallback, int max) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, not '" + v + "'");
        }
        if (n < 1 || n > max) {
            throw new IllegalArgumentException("--" + name + " must be between 1 and " + max + ", not " + n);
        }
        return n;
    }

    /** A duration: {@code 30} or {@code 30s} (seconds), {@code 500ms}, {@code 2m}. */
    Duration duration(String name, Duration fallback, Duration min) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        Duration d = parseDuration(v);
        if (d == null) {
            throw new IllegalArgumentException("--" + name + " must be a duration like 30, 30s, 500ms or 2m, not '" + v + "'");
        }
        if (d.compareTo(min) < 0) {
            throw new IllegalArgumentException("--" + name + " must be at least " + min.toMillis() + " ms, not " + v);
        }
        return d;
    }

    /** host:port, e.g. 127.0.0.1:50051. */
    String target(String name, String fallback) {
        String v = values.getOrDefault(name, fallback);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        Matcher m = TARGET.matcher(v);
        if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > 65535) {
            throw new IllegalArgumentException("--" + name + " must be host:port, not '" + v + "'");
        }
        return v;
    }

    static Duration parseDuration(String v) {
        Matcher m = DURATION.matcher(v.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return null;
        }
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
