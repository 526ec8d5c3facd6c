package io.shipwatch.helm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;
import java.util.Map;

import static io.shipwatch.helm.ShipwatchChart.DEFAULT_VALUES;
import static io.shipwatch.helm.ShipwatchChart.NAMESPACE;
import static io.shipwatch.helm.ShipwatchChart.list;
import static io.shipwatch.helm.ShipwatchChart.map;
import static io.shipwatch.helm.ShipwatchChart.render;
import static io.shipwatch.helm.ShipwatchChart.renderDefaults;
import static io.shipwatch.helm.ShipwatchChart.template;
import static org.assertj.core.api.Assertions.assertThat;

/** diagnostics-service reads pods, events and logs through its own ServiceAccount and read-only Roles. */
@SuppressWarnings("unchecked")
class DiagnosticsAccessTest {
    private static final String DIAGNOSTICS = "shipwatch-diagnostics";

    @Test
    void diagnostics_runsUnderItsOwnAccountWithAToken_othersKeepTheSharedOneWithout() {
        var manifests = renderDefaults();
        Map<String, Object> diagnosticsPod = map(map(map(manifests.get("Deployment", DIAGNOSTICS), "spec"), "template"), "spec");
        assertThat(diagnosticsPod).containsEntry("serviceAccountName", DIAGNOSTICS)
                .containsEntry("automountServiceAccountToken", true);
        Map<String, Object> statusPod = map(map(map(manifests.get("Deployment", "shipwatch-status"), "spec"), "template"), "spec");
        assertThat(statusPod).containsEntry("serviceAccountName", "shipwatch")
                .containsEntry("automountServiceAccountToken", false);
        assertThat(manifests.namesOf("ServiceAccount")).contains(DIAGNOSTICS);
    }

    @Test
    void role_grantsReadOnlyAccessToPodsLogsAndEvents_andNoSecrets() {
        var manifests = renderDefaults();
        Map<String, Object> role = manifests.get("Role", DIAGNOSTICS + "-reader");
        assertThat(map(role, "metadata")).containsEntry("namespace", NAMESPACE);
        List<Map<String, Object>> rules = list(role, "rules");
        assertThat(rules).allSatisfy(rule -> assertThat((List<Object>) rule.get("verbs")).isSubsetOf("get", "list", "watch"));
        assertThat(rules).anySatisfy(rule -> assertThat((List<Object>) rule.get("resources"))
                .contains("pods", "pods/log", "events"));
        assertThat(rules).noneSatisfy(rule -> assertThat((List<Object>) rule.get("resources")).contains("secrets"));

        Map<String, Object> binding = manifests.get("RoleBinding", DIAGNOSTICS + "-reader");
        assertThat(map(binding, "roleRef")).containsEntry("name", DIAGNOSTICS + "-reader").containsEntry("kind", "Role");
        assertThat(list(binding, "subjects")).singleElement().satisfies(s -> assertThat(s)
                .containsEntry("kind", "ServiceAccount").containsEntry("name", DIAGNOSTICS)
                .containsEntry("namespace", NAMESPACE));
    }

    @Test
    void listedNamespaces_eachGetARoleAndBindingToTheAccountInTheReleaseNamespace(@TempDir Path dir) throws Exception {
        Path values = dir.resolve("namespaces.yaml");
        Files.writeString(values, "services:\n  diagnostics:\n    kubernetesAccess:\n      namespaces: [shop, payments]\n");
        var manifests = render(template().withValuesFile(DEFAULT_VALUES).withValuesFile(values));
        assertThat(manifests.ofKind("Role")).extracting(r -> map(r, "metadata").get("namespace"))
                .containsExactlyInAnyOrder("shop", "payments");
        assertThat(manifests.ofKind("RoleBinding")).allSatisfy(b -> assertThat(list(b, "subjects")).singleElement()
                .satisfies(s -> assertThat(s).containsEntry("namespace", NAMESPACE)));
    }

    @Test
    void withoutKubernetesAccess_noAccountOrRolesAreRendered() {
        var manifests = renderDefaults("services.diagnostics.kubernetesAccess.enabled", false);
        assertThat(manifests.ofKind("Role")).isEmpty();
        assertThat(manifests.ofKind("RoleBinding")).isEmpty();
        assertThat(manifests.namesOf("ServiceAccount")).doesNotContain(DIAGNOSTICS);
    }

    @Test
    void diagnostics_learnsWhereStatusServiceIs() {
        assertThat(renderDefaults().envValue(DIAGNOSTICS, "GRPC_CHANNELS_STATUS_ADDRESS"))
                .isEqualTo("shipwatch-status." + NAMESPACE + ".svc:50051");
    }
}
