package io.shipwatch.diagnostics.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The failure-pattern library, kept as data (patterns.yaml) and validated on load: unique ids,
 * weights in range, regexes that compile, a literal for every log regex. Immutable; one
 * instance is shared by every analysis.
 */
public final class PatternLibrary {
    /** Where the default library lives on the classpath. */
    public static final String RESOURCE = "/patterns.yaml";

    private final List<FailurePattern> patterns;

    public PatternLibrary(List<FailurePattern> patterns) {
        this.patterns = List.copyOf(patterns);
        Set<String> ids = new HashSet<>();
        for (FailurePattern p : patterns) {
            if (!ids.add(p.id())) {
                throw new IllegalArgumentException("duplicate pattern id " + p.id());
            }
        }
        for (FailurePattern p : patterns) {
            for (String explained : p.explains()) {
                if (patterns.stream().noneMatch(q -> q.id().equals(explained) && q.symptom())) {
                    throw new IllegalArgumentException("pattern " + p.id() + " explains " + explained
                            + ", which is not a symptom pattern of the library");
                }
            }
        }
    }

    public static PatternLibrary loadDefault() {
        try (InputStream in = PatternLibrary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public static PatternLibrary load(InputStream yaml) {
        Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        List<FailurePattern> out = new ArrayList<>();
        for (Map<String, Object> p : (List<Map<String, Object>>) root.get("patterns")) {
            String id = text(p, "id");
            try {
                List<Signal> signals = ((List<Map<String, Object>>) p.get("signals")).stream()
                        .map(PatternLibrary::signal).toList();
                out.add(new FailurePattern(id, text(p, "title"),
                        Severity.valueOf(text(p, "severity").toUpperCase(Locale.ROOT)), text(p, "category"),
                        text(p, "meaning"), Boolean.TRUE.equals(p.get("symptom")),
                        (List<String>) p.getOrDefault("explains", List.of()), signals,
                        (List<String>) p.getOrDefault("fix", List.of())));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("pattern " + id + ": " + e.getMessage(), e);
            }
        }
        return new PatternLibrary(out);
    }

    @SuppressWarnings("unchecked")
    private static Signal signal(Map<String, Object> s) {
        double weight = ((Number) s.get("weight")).doubleValue();
        Pattern message = s.containsKey("message") ? regex((String) s.get("message")) : null;
        if (s.containsKey("log")) {
            return new Signal(Signal.Type.LOG, weight, regex((String) s.get("log")),
                    (List<String>) s.get("literals"), "", 0, "", 0);
        }
        if (s.containsKey("event")) {
            return new Signal(Signal.Type.EVENT, weight, message, null, (String) s.get("event"), 0, "", 0);
        }
        if (s.containsKey("state")) {
            return new Signal(Signal.Type.STATE, weight, message, null, (String) s.get("state"), 0, "", 0);
        }
        if (s.containsKey("exit")) {
            return new Signal(Signal.Type.EXIT, weight, null, null, "", ((Number) s.get("exit")).intValue(), "", 0);
        }
        if (s.containsKey("metric")) {
            return new Signal(Signal.Type.METRIC, weight, null, null, "", 0, (String) s.get("metric"),
                    ((Number) s.get("atLeast")).doubleValue());
        }
        if (s.containsKey("check")) {
            return new Signal(Signal.Type.CHECK, weight, message, null, (String) s.get("check"), 0, "", 0);
        }
        throw new IllegalArgumentException("a signal needs one of log, event, state, exit, metric, check: " + s);
    }

    private static Pattern regex(String source) {
        try {
            return Pattern.compile(source);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("bad regex " + source + ": " + e.getDescription(), e);
        }
    }

    private static String text(Map<String, Object> map, String key) {
        Object v = map.get(key);
        if (!(v instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException("missing " + key);
        }
        return s.trim();
    }

    public List<FailurePattern> patterns() {
        return patterns;
    }

    /** A matcher for one analysis (matchers keep scratch state and are not shared). */
    public LogMatcher newMatcher() {
        return new LogMatcher(patterns);
    }
}
