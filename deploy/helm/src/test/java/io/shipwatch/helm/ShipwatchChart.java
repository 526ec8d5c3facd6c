package io.shipwatch.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Runs helm (bundled by helm-java) against the chart in {@code shipwatch/} and parses what it renders.
 */
final class ShipwatchChart {

    static final Path CHART = Path.of("shipwatch").toAbsolutePath();
    static final Path DEFAULT_VALUES = CHART.resolve("ci/default-values.yaml");
    static final Path PRODUCTION_VALUES = CHART.resolve("ci/production-values.yaml");
    static final String RELEASE = "shipwatch";
    static final String NAMESPACE = "shipwatch-test";

    private ShipwatchChart() {
    }

    /** {@code helm template} builder for release {@link #RELEASE} in {@link #NAMESPACE}. */
    static TemplateCommand template() {
        return template(RELEASE);
    }

    static TemplateCommand template(String release) {
        return new Helm(CHART).template().withName(release).withNamespace(NAMESPACE);
    }

    /** Renders with the minimum values a release needs (ci/default-values.yaml) plus {@code sets}. */
    static Manifests renderDefaults(Object... sets) {
        return render(withSets(template().withValuesFile(DEFAULT_VALUES), sets));
    }

    static Manifests renderProduction(Object... sets) {
        return render(withSets(template().withValuesFile(PRODUCTION_VALUES), sets));
    }

    static Manifests render(TemplateCommand command) {
        return Manifests.parse(command.call());
    }

    static TemplateCommand withSets(TemplateCommand command, Object... sets) {
        if (sets.length % 2 != 0) {
            throw new IllegalArgumentException("sets are key/value pairs");
        }
        for (int i = 0; i < sets.length; i += 2) {
            command.set((String) sets[i], sets[i + 1]);
        }
        return command;
    }

    /**
     * {@code helm lint --strict} of the chart with the given values files (and then {@code overrides})
     * merged over its values.yaml. helm-java 0.0.15's lint takes no values files, so the chart is
     * copied to {@code workDir} and the merged values become that copy's values.yaml; the merge
     * follows Helm's rules (maps merge recursively, anything else is replaced).
     */
    static LintResult lint(Path workDir, List<Path> valuesFiles, Map<String, Object> overrides) {
        Path copy = workDir.resolve("shipwatch");
        copyTree(CHART, copy);
        Map<String, Object> values = loadMap(CHART.resolve("values.yaml"));
        for (Path file : valuesFiles) {
            merge(values, loadMap(file));
        }
        merge(values, overrides);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        try {
            Files.writeString(copy.resolve("values.yaml"), new Yaml(options).dump(values));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Helm(copy).lint().strict().call();
    }

    @SuppressWarnings("unchecked")
    static void merge(Map<String, Object> target, Map<String, Object> overlay) {
        overlay.forEach((key, value) -> {
            Object current = target.get(key);
            if (value instanceof Map && current instanceof Map) {
                merge((Map<String, Object>) current, (Map<String, Object>) value);
            } else {
                target.put(key, value);
            }
        });
    }

    /** Builds a nested map from dotted keys: {@code nested("a.b", 1)} is {@code {a: {b: 1}}}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> nested(Object... pairs) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            String[] path = ((String) pairs[i]).split("\\.");
            Map<String, Object> node = root;
            for (int j = 0; j < path.length - 1; j++) {
                node = (Map<String, Object>) node.computeIfAbsent(path[j], k -> new LinkedHashMap<>());
            }
            node.put(path[path.length - 1], pairs[i + 1]);
        }
        return root;
    }

    private static Map<String, Object> loadMap(Path file) {
        try {
            Map<String, Object> map = new Yaml().load(Files.readString(file));
            return map == null ? new LinkedHashMap<>() : map;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The objects of one rendering, as parsed YAML. */
    record Manifests(List<Map<String, Object>> objects) {

        static Manifests parse(String rendered) {
            List<Map<String, Object>> objects = new ArrayList<>();
            for (Object document : new Yaml().loadAll(rendered)) {
                if (document != null) {
                    objects.add(asMap(document));
                }
            }
            return new Manifests(objects);
        }

        List<Map<String, Object>> ofKind(String kind) {
            return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
        }

        List<String> namesOf(String kind) {
            return ofKind(kind).stream().map(o -> (String) map(o, "metadata").get("name")).sorted().toList();
        }

        Map<String, Object> get(String kind, String name) {
            return ofKind(kind).stream()
                    .filter(o -> name.equals(map(o, "metadata").get("name")))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(kind + " " + name + " not rendered; rendered "
                            + objects.stream().map(o -> o.get("kind") + "/" + map(o, "metadata").get("name")).toList()));
        }

        Map<String, Object> podSpec(String deployment) {
            return map(map(map(get("Deployment", deployment), "spec"), "template"), "spec");
        }

        Map<String, Object> podMetadata(String deployment) {
            return map(map(map(get("Deployment", deployment), "spec"), "template"), "metadata");
        }

        Map<String, Object> container(String deployment) {
            List<Map<String, Object>> containers = list(podSpec(deployment), "containers");
            if (containers.size() != 1) {
                throw new AssertionError("expected one container in " + deployment + ", got " + containers.size());
            }
            return containers.get(0);
        }

        /** The container's env list, in order. */
        List<Map<String, Object>> env(String deployment) {
            return list(container(deployment), "env");
        }

        List<String> envNames(String deployment) {
            return env(deployment).stream().map(e -> (String) e.get("name")).toList();
        }

        /** The single env entry with this name (fails on none or duplicates). */
        Map<String, Object> envVar(String deployment, String name) {
            List<Map<String, Object>> matching = env(deployment).stream().filter(e -> name.equals(e.get("name"))).toList();
            if (matching.size() != 1) {
                throw new AssertionError("expected exactly one env " + name + " in " + deployment + ", got " + matching
                        + "; env is " + envNames(deployment));
            }
            return matching.get(0);
        }

        String envValue(String deployment, String name) {
            Object value = envVar(deployment, name).get("value");
            if (!(value instanceof String s)) {
                throw new AssertionError("env " + name + " has no string value: " + envVar(deployment, name));
            }
            return s;
        }

        Map<String, Object> secretKeyRef(String deployment, String name) {
            return map(map(envVar(deployment, name), "valueFrom"), "secretKeyRef");
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        if (!(o instanceof Map)) {
            throw new AssertionError("not a map: " + o);
        }
        return (Map<String, Object>) o;
    }

    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object child = parent.get(key);
        if (child == null) {
            throw new AssertionError("missing key '" + key + "' in " + parent.keySet());
        }
        return asMap(child);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        Object child = Objects.requireNonNull(parent.get(key), () -> "missing key '" + key + "' in " + parent.keySet());
        if (!(child instanceof List)) {
            throw new AssertionError("'" + key + "' is not a list: " + child);
        }
        return (List<Map<String, Object>>) child;
    }
}
