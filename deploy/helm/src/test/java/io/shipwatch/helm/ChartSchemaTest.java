package io.shipwatch.helm;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.shipwatch.helm.ShipwatchChart.DEFAULT_VALUES;
import static io.shipwatch.helm.ShipwatchChart.lint;
import static io.shipwatch.helm.ShipwatchChart.nested;
import static io.shipwatch.helm.ShipwatchChart.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** values.schema.json: bad values stop both {@code helm lint} and {@code helm template}. */
class ChartSchemaTest {

    @TempDir
    Path workDir;

    @Test
    void schema_rejectsNegativeReplicas() {
        assertThatThrownBy(() -> template().withValuesFile(DEFAULT_VALUES).set("services.status.replicas", -1).call())
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("services.status.replicas: Must be greater than or equal to 0");

        LintResult lint = lint(workDir, List.of(DEFAULT_VALUES), nested("services.status.replicas", -1));
        assertThat(lint.isFailed()).isTrue();
        assertThat(String.join("\n", lint.getMessages()))
                .contains("services.status.replicas: Must be greater than or equal to 0");
    }

    @Test
    void schema_rejectsNonIntegerReplicas() {
        assertThatThrownBy(() -> template().withValuesFile(DEFAULT_VALUES).set("services.status.replicas", "1.5").call())
                .hasMessageContaining("services.status.replicas: Invalid type. Expected: integer");
    }

    @Test
    void schema_rejectsNonNumericPort() {
        assertThatThrownBy(() -> template().withValuesFile(DEFAULT_VALUES).set("services.status.port", "abc").call())
                .hasMessageContaining("services.status.port: Invalid type. Expected: integer, given: string");

        LintResult lint = lint(workDir, List.of(DEFAULT_VALUES), nested("services.status.port", "abc"));
        assertThat(lint.isFailed()).isTrue();
        assertThat(String.join("\n", lint.getMessages())).contains("services.status.port: Invalid type");
    }

    @Test
    void schema_rejectsPortOutOfRange() {
        assertThatThrownBy(() -> template().withValuesFile(DEFAULT_VALUES).set("services.status.port", 70000).call())
                .hasMessageContaining("services.status.port: Must be less than or equal to 65535");
        assertThatThrownBy(() -> template().withValuesFile(DEFAULT_VALUES).set("postgresql.port", 0).call())
                .hasMessageContaining("postgresql.port: Must be greater than or equal to 1");
    }

    @Test
    void schema_rejectsUnknownKeys() {
        assertThatThrownBy(() -> template().withValuesFile(DEFAULT_VALUES).set("services.status.replica", 2).call())
                .hasMessageContaining("Additional property replica is not allowed");
        assertThatThrownBy(() -> template().withValuesFile(DEFAULT_VALUES).set("postgresql.hostname", "db").call())
                .hasMessageContaining("Additional property hostname is not allowed");
    }

    @Test
    void schema_rejectsServiceNameUnusableInDnsOrEnv() {
        assertThatThrownBy(() -> template().withValuesFile(DEFAULT_VALUES)
                .set("services.Status_2.enabled", false)
                .set("services.Status_2.replicas", 1)
                .set("services.Status_2.port", 50051)
                .set("services.Status_2.image.repository", "x")
                .call())
                .hasMessageContaining("Does not match pattern");
    }

    @Test
    void schema_rejectsUnknownSslMode() {
        assertThatThrownBy(() -> template().withValuesFile(DEFAULT_VALUES).set("postgresql.sslmode", "maybe").call())
                .hasMessageContaining("postgresql.sslmode must be one of the following");
    }
}
