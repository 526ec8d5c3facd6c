package io.shipwatch.helm;

import static io.shipwatch.helm.ShipwatchChart.DEFAULT_VALUES;
import static io.shipwatch.helm.ShipwatchChart.renderDefaults;
import static io.shipwatch.helm.ShipwatchChart.renderProduction;
import static io.shipwatch.helm.ShipwatchChart.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** audit-service in the chart: its HMAC chain key from a Secret, its key id, retention and its status peer. */
class AuditChartTest {
    private static final String AUDIT = "shipwatch-audit";

    @Test
    void audit_readsItsChainKeyFromTheExistingSecret_andItsKeyIdAndRetentionFromValues() {
        var manifests = renderDefaults();
        assertThat(manifests.secretKeyRef(AUDIT, "SHIPWATCH_AUDIT_HMAC_KEY"))
                .containsEntry("name", "shipwatch-audit-hmac").containsEntry("key", "hmac-key");
        assertThat(manifests.secretKeyRef(AUDIT, "SHIPWATCH_AUDIT_HMAC_RETIRED_KEYS"))
                .containsEntry("name", "shipwatch-audit-hmac").containsEntry("key", "retired-keys").containsEntry("optional", true);
        assertThat(manifests.envValue(AUDIT, "SHIPWATCH_AUDIT_HMAC_KEY_ID")).isEqualTo("k1");
        assertThat(manifests.envValue(AUDIT, "SHIPWATCH_AUDIT_RETENTION_DAYS")).isEqualTo("0");
        assertThat(manifests.envValue(AUDIT, "GRPC_CHANNELS_STATUS_ADDRESS")).isEqualTo("shipwatch-status.shipwatch-test.svc:50051");
        assertThat(manifests.envValue(AUDIT, "DATASOURCES_DEFAULT_URL")).contains("/shipwatch_audit?");
        assertThat(manifests.envNames("shipwatch-status")).doesNotContain("SHIPWATCH_AUDIT_HMAC_KEY");
        assertThat(manifests.namesOf("Secret")).doesNotContain("shipwatch-audit-hmac");
    }

    @Test
    void audit_withAPlainKey_getsASecretCreatedByTheChart() {
        String key = "an-hmac-key-of-at-least-32-bytes-0123";
        var manifests = renderDefaults("audit.hmac.existingSecret", "", "audit.hmac.key", key);
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) manifests.get("Secret", "shipwatch-audit-hmac").get("data");
        assertThat(new String(Base64.getDecoder().decode((String) data.get("hmac-key")), StandardCharsets.UTF_8)).isEqualTo(key);
        assertThat(manifests.secretKeyRef(AUDIT, "SHIPWATCH_AUDIT_HMAC_KEY")).containsEntry("name", "shipwatch-audit-hmac");
    }

    @Test
    void audit_withoutAChainKey_failsWithAMessageSayingWhatToSet() {
        assertThatThrownBy(() -> template().withValuesFile(DEFAULT_VALUES).set("audit.hmac.existingSecret", "").call())
                .hasMessageContaining("audit-service needs its chain key");
        assertThatThrownBy(() -> template().withValuesFile(DEFAULT_VALUES).set("audit.hmac.existingSecret", "")
                .set("audit.hmac.key", "too-short").call()).hasMessageContaining("audit");
        assertThat(renderDefaults("audit.hmac.existingSecret", "", "services.audit.enabled", false).namesOf("Deployment"))
                .contains("shipwatch-status").doesNotContain("shipwatch-audit");
    }

    @Test
    void production_rotatesByKeyIdAndKeepsEntriesForTheRetentionPeriod() {
        var manifests = renderProduction();
        assertThat(manifests.envValue(AUDIT, "SHIPWATCH_AUDIT_HMAC_KEY_ID")).isEqualTo("2026-01");
        assertThat(manifests.envValue(AUDIT, "SHIPWATCH_AUDIT_RETENTION_DAYS")).isEqualTo("400");
        assertThat(manifests.namesOf("PodDisruptionBudget")).contains(AUDIT);
    }
}
