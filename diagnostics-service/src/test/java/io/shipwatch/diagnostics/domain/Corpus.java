package io.shipwatch.diagnostics.domain;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The labelled corpus (src/test/resources/corpus.yaml) as evidence lists with their expected root cause. */
final class Corpus {
    static final String NONE = "none";

    /** One labelled case. */
    record Case(String id, String expect, List<String> reported, List<Evidence> evidence) {
        @Override
        public String toString() {
            return id;
        }
    }

    private Corpus() {
    }

    @SuppressWarnings("unchecked")
    static List<Case> load() {
        try (InputStream in = Corpus.class.getResourceAsStream("/corpus.yaml")) {
            Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            List<Case> out = new ArrayList<>();
            for (Map<String, Object> c : (List<Map<String, Object>>) root.get("cases")) {
                out.add(new Case((String) c.get("id"), (String) c.get("expect"),
                        (List<String>) c.getOrDefault("reported", List.of()), evidence(c)));
            }
            return out;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Evidence> evidence(Map<String, Object> c) {
        List<Evidence> out = new ArrayList<>();
        for (Map<String, Object> s : (List<Map<String, Object>>) c.getOrDefault("states", List.of())) {
            Object exit = s.get("exit");
            out.add(Evidence.containerState("container-state", "pod/app-0/app", (String) s.get("reason"),
                    exit == null ? Evidence.NO_EXIT_CODE : ((Number) exit).intValue(), (String) s.get("message")));
        }
        for (Map<String, Object> e : (List<Map<String, Object>>) c.getOrDefault("events", List.of())) {
            out.add(Evidence.event("events", "Pod/app-0", (String) e.get("reason"), (String) e.get("message")));
        }
        for (Map.Entry<String, Object> m : ((Map<String, Object>) c.getOrDefault("metrics", Map.of())).entrySet()) {
            out.add(Evidence.metric("resources", "pod/app-0/app", m.getKey(), ((Number) m.getValue()).doubleValue()));
        }
        for (Map<String, Object> k : (List<Map<String, Object>>) c.getOrDefault("checks", List.of())) {
            out.add(Evidence.check("endpoints", "service/app", (String) k.get("name"), (String) k.get("message")));
        }
        long line = 0;
        for (String l : (List<String>) c.getOrDefault("logs", List.of())) {
            out.add(Evidence.logLine("logs", "pod/app-0/app", ++line, l));
        }
        return out;
    }
}
