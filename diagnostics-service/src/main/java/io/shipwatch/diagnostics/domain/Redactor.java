package io.shipwatch.diagnostics.domain;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from evidence text: bearer tokens, JWTs, passwords/tokens/keys in key=value or
 * key: value form, credentials in URLs, cloud access keys and private key blocks. Runs on every
 * piece of evidence as it is made, before it is matched, cached, stored, logged or streamed.
 * A cheap check skips lines that cannot hold any of these, so the common line costs one scan.
 */
public final class Redactor {
    static final String MASK = "[REDACTED]";
    /** Lines without any of these (ignoring case) cannot hold a secret the rules find. */
    private static final LiteralAutomaton CANDIDATE = new LiteralAutomaton(List.of(
            "bearer", "eyj", "pass", "pwd", "secret", "token", "key", "credential", "auth", "://", "akia", "asia",
            "-----begin"));
    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(-----END [A-Z ]*PRIVATE KEY-----|$)",
                    Pattern.DOTALL), MASK),
            new Rule(Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]{8,}"), "$1" + MASK),
            new Rule(Pattern.compile("eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*"), MASK),
            new Rule(Pattern.compile("(?i)(://[^/:@\\s]+:)[^@/\\s]+(@)"), "$1" + MASK + "$2"),
            new Rule(Pattern.compile("\\b(AKIA|ASIA)[A-Z0-9]{16}\\b"), MASK),
            new Rule(Pattern.compile(
                    "(?i)\\b([a-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?|auth)[a-z0-9_.-]*"
                            + "[\"']?\\s*[=:]\\s*[\"']?)([^\\s\"',;&]{3,})"), "$1" + MASK));

    private Redactor() {
    }

    public static String redact(String text) {
        if (text.isEmpty() || !CANDIDATE.containsAny(text)) {
            return text;
        }
        String out = text;
        for (Rule rule : RULES) {
            Matcher m = rule.pattern.matcher(out);
            if (m.find()) {
                out = m.replaceAll(rule.replacement);
            }
        }
        return out;
    }

    private record Rule(Pattern pattern, String replacement) {
    }
}
