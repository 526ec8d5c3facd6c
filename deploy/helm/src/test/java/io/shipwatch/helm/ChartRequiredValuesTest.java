package io.shipwatch.helm;

import org.junit.jupiter.api.Test;

import static io.shipwatch.helm.ShipwatchChart.DEFAULT_VALUES;
import static io.shipwatch.helm.ShipwatchChart.renderDefaults;
import static io.shipwatch.helm.ShipwatchChart.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The chart refuses to render a release that could not work, with a message saying what to set. */
class ChartRequiredValuesTest {

    @Test
    void template_failsWithoutPostgresHost() {
        assertThatThrownBy(() -> template().call())
                .hasMessageContaining("postgresql.host is required")
                .hasMessageContaining("must not fall back to their embedded database");
    }

    @Test
    void template_failsWithBlankPostgresHost() {
        assertThatThrownBy(() -> template().withValuesFile(DEFAULT_VALUES).set("postgresql.host", "").call())
                .hasMessageContaining("postgresql.host is required");
    }

    @Test
    void template_failsWithoutDatabasePasswordSource() {
        assertThatThrownBy(() -> template().withValuesFile(DEFAULT_VALUES).set("postgresql.existingSecret", "").call())
                .hasMessageContaining("postgresql.existingSecret (a Secret holding the password under postgresql.passwordKey) or postgresql.password is required");
    }

    @Test
    void template_failsWithoutJwtVerificationKey() {
        assertThatThrownBy(() -> template().withValuesFile(DEFAULT_VALUES).set("auth.existingSecret", "").call())
                .hasMessageContaining("JWT verification needs a key");
    }

    @Test
    void template_failsWhenEnabledServiceHasNoDatabase() {
        assertThatThrownBy(() -> template().withValuesFile(DEFAULT_VALUES)
                .set("services.audit.enabled", true)
                .set("services.audit.database", "")
                .call())
                .hasMessageContaining("services.audit.database is required");
    }

    @Test
    void template_failsWhenRedisPasswordHasNoRedis() {
        assertThatThrownBy(() -> template().withValuesFile(DEFAULT_VALUES).set("redis.existingSecret", "redis").call())
                .hasMessageContaining("neither redis.uri nor redis.host is");
    }

    @Test
    void template_rendersWithMinimumRequiredValues() {
        var manifests = renderDefaults();

        assertThat(manifests.namesOf("Deployment"))
                .containsExactly("shipwatch-audit", "shipwatch-diagnostics", "shipwatch-metrics", "shipwatch-status");
        assertThat(manifests.namesOf("Service"))
                .containsExactly("shipwatch-audit", "shipwatch-diagnostics", "shipwatch-metrics", "shipwatch-status");
        assertThat(manifests.envValue("shipwatch-status", "DATASOURCES_DEFAULT_URL"))
                .isEqualTo("jdbc:postgresql://postgresql.shipwatch-data.svc:5432/shipwatch_status?sslmode=require");
    }
}
