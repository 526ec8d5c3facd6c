package io.shipwatch.helm;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.shipwatch.helm.ShipwatchChart.DEFAULT_VALUES;
import static io.shipwatch.helm.ShipwatchChart.PRODUCTION_VALUES;
import static io.shipwatch.helm.ShipwatchChart.lint;
import static io.shipwatch.helm.ShipwatchChart.nested;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code helm lint --strict}: chart structure, YAML validity, schema, rendering in lint mode. */
class ChartLintTest {

    @TempDir
    Path workDir;

    @Test
    void lint_passesWithChartDefaults() {
        LintResult result = lint(workDir, List.of(), Map.of());

        assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void lint_passesWithMinimumRequiredValues() {
        LintResult result = lint(workDir, List.of(DEFAULT_VALUES), Map.of());

        assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void lint_passesWithProductionValues() {
        LintResult result = lint(workDir, List.of(PRODUCTION_VALUES), Map.of());

        assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void lint_passesWithEveryServiceEnabled() {
        LintResult result = lint(workDir, List.of(PRODUCTION_VALUES), nested(
                "services.audit.enabled", true,
                "services.metrics.enabled", true,
                "services.diagnostics.enabled", true));

        assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
    }
}
