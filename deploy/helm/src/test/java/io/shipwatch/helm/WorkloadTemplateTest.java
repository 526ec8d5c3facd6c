package io.shipwatch.helm;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.shipwatch.helm.ShipwatchChart.DEFAULT_VALUES;
import static io.shipwatch.helm.ShipwatchChart.NAMESPACE;
import static io.shipwatch.helm.ShipwatchChart.list;
import static io.shipwatch.helm.ShipwatchChart.map;
import static io.shipwatch.helm.ShipwatchChart.render;
import static io.shipwatch.helm.ShipwatchChart.renderDefaults;
import static io.shipwatch.helm.ShipwatchChart.renderProduction;
import static io.shipwatch.helm.ShipwatchChart.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** Deployments, Services and the objects around them. */
class WorkloadTemplateTest {

    private static final String STATUS = "shipwatch-status";

    @Test
    void template_rendersOnlyEnabledServices() {
        var byDefault = renderDefaults();
        assertThat(byDefault.namesOf("Deployment"))
                .containsExactly("shipwatch-audit", "shipwatch-diagnostics", "shipwatch-metrics", STATUS);
        assertThat(byDefault.namesOf("Service"))
                .containsExactly("shipwatch-audit", "shipwatch-diagnostics", "shipwatch-metrics", STATUS);

        var onlyStatus = renderDefaults("services.audit.enabled", false, "services.metrics.enabled", false,
                "services.diagnostics.enabled", false);
        assertThat(onlyStatus.namesOf("Deployment")).containsExactly(STATUS);
        assertThat(onlyStatus.namesOf("Service")).containsExactly(STATUS);

        var statusAndAudit = renderDefaults("services.metrics.enabled", false, "services.diagnostics.enabled", false);
        assertThat(statusAndAudit.namesOf("Deployment")).containsExactly("shipwatch-audit", STATUS);
        assertThat(statusAndAudit.namesOf("Service")).containsExactly("shipwatch-audit", STATUS);
        assertThat(statusAndAudit.container("shipwatch-audit"))
                .containsEntry("name", "audit-service")
                .containsEntry("image", "shipwatch/audit-service:0.1.0");

        var noneButMetrics = renderDefaults("services.status.enabled", false, "services.audit.enabled", false,
                "services.diagnostics.enabled", false,
                "services.metrics.enabled", true);
        assertThat(noneButMetrics.namesOf("Deployment")).containsExactly("shipwatch-metrics");
    }

    @Test
    void template_rendersEveryServiceFromTheSameTemplates() {
        var all = renderDefaults("services.audit.enabled", true, "services.metrics.enabled", true,
                "services.diagnostics.enabled", true);

        assertThat(all.namesOf("Deployment"))
                .containsExactly("shipwatch-audit", "shipwatch-diagnostics", "shipwatch-metrics", STATUS);
        for (String name : List.of("audit", "diagnostics", "metrics", "status")) {
            String object = "shipwatch-" + name;
            assertThat(all.container(object)).containsEntry("image", "shipwatch/" + name + "-service:0.1.0");
            assertThat(all.envValue(object, "OTEL_SERVICE_NAME")).isEqualTo(name + "-service");
            assertThat(all.envValue(object, "DATASOURCES_DEFAULT_URL")).contains("/shipwatch_" + name + "?");
            assertThat(list(map(all.get("Service", object), "spec"), "ports"))
                    .singleElement().satisfies(p -> assertThat(p).containsEntry("port", 50051));
        }
    }

    @Test
    void template_namesObjectsAfterRelease() {
        var prod = render(template("prod").withValuesFile(DEFAULT_VALUES));
        assertThat(prod.namesOf("Deployment")).containsExactly(
                "prod-shipwatch-audit", "prod-shipwatch-diagnostics", "prod-shipwatch-metrics", "prod-shipwatch-status");

        var overridden = renderDefaults("fullnameOverride", "sw");
        assertThat(overridden.namesOf("Deployment")).containsExactly("sw-audit", "sw-diagnostics", "sw-metrics", "sw-status");
        assertThat(overridden.envValue("sw-status", "GRPC_CHANNELS_STATUS_ADDRESS"))
                .isEqualTo("sw-status." + NAMESPACE + ".svc:50051");
    }

    @Test
    void template_exposesGrpcPortOnClusterIpService() {
        var manifests = renderDefaults();

        Map<String, Object> spec = map(manifests.get("Service", STATUS), "spec");
        assertThat(spec).containsEntry("type", "ClusterIP");
        assertThat(list(spec, "ports")).singleElement().satisfies(port -> assertThat(port)
                .containsEntry("name", "grpc")
                .containsEntry("port", 50051)
                .containsEntry("targetPort", "grpc")
                .containsEntry("protocol", "TCP"));
        assertThat(list(manifests.container(STATUS), "ports")).singleElement().satisfies(port -> assertThat(port)
                .containsEntry("name", "grpc")
                .containsEntry("containerPort", 50051));
        // The Service selects exactly this Deployment's pods.
        Map<String, Object> podLabels = map(manifests.podMetadata(STATUS), "labels");
        assertThat(podLabels).containsAllEntriesOf(map(spec, "selector"));
        assertThat(map(map(map(manifests.get("Deployment", STATUS), "spec"), "selector"), "matchLabels"))
                .isEqualTo(map(spec, "selector"));
    }

    @Test
    void template_rendersNativeGrpcProbes() {
        Map<String, Object> container = renderDefaults().container(STATUS);

        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            Map<String, Object> p = map(container, probe);
            assertThat(map(p, "grpc")).as(probe).containsExactly(entry("port", 50051));
            assertThat(p).as(probe).doesNotContainKeys("httpGet", "tcpSocket", "exec");
        }
        assertThat(map(container, "startupProbe"))
                .containsEntry("periodSeconds", 2)
                .containsEntry("failureThreshold", 60);
    }

    @Test
    void template_probesFollowTheServicePort() {
        var manifests = renderDefaults("services.status.port", 6565);
        Map<String, Object> container = manifests.container(STATUS);

        assertThat(map(map(container, "readinessProbe"), "grpc")).containsEntry("port", 6565);
        assertThat(manifests.envValue(STATUS, "GRPC_SERVER_PORT")).isEqualTo("6565");
        assertThat(list(map(manifests.get("Service", STATUS), "spec"), "ports").get(0)).containsEntry("port", 6565);
    }

    @Test
    void template_podsRunNonRootWithReadOnlyRootFilesystem() {
        var manifests = renderDefaults();
        Map<String, Object> pod = manifests.podSpec(STATUS);
        Map<String, Object> container = manifests.container(STATUS);

        assertThat(map(pod, "securityContext"))
                .containsEntry("runAsNonRoot", true)
                .containsEntry("runAsUser", 10001)
                .containsEntry("seccompProfile", Map.of("type", "RuntimeDefault"));
        assertThat(map(container, "securityContext"))
                .containsEntry("runAsNonRoot", true)
                .containsEntry("runAsUser", 10001)
                .containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("allowPrivilegeEscalation", false)
                .containsEntry("capabilities", Map.of("drop", List.of("ALL")))
                .containsEntry("seccompProfile", Map.of("type", "RuntimeDefault"));
        // The JVM needs a writable /tmp: an emptyDir.
        assertThat(list(container, "volumeMounts")).containsExactly(Map.of("name", "tmp", "mountPath", "/tmp"));
        assertThat(list(pod, "volumes")).singleElement().satisfies(v -> assertThat(v)
                .containsEntry("name", "tmp")
                .containsKey("emptyDir"));
    }

    @Test
    void template_usesRollingUpdateAndGracefulTermination() {
        var manifests = renderDefaults();
        Map<String, Object> spec = map(manifests.get("Deployment", STATUS), "spec");

        assertThat(map(spec, "strategy")).containsEntry("type", "RollingUpdate");
        assertThat(map(map(spec, "strategy"), "rollingUpdate")).containsEntry("maxUnavailable", 0);
        assertThat(manifests.podSpec(STATUS)).containsEntry("terminationGracePeriodSeconds", 30);
    }

    @Test
    void template_rendersPodDisruptionBudgetOnlyWithMultipleReplicas() {
        assertThat(renderDefaults().ofKind("PodDisruptionBudget")).isEmpty();

        var production = renderProduction();
        assertThat(map(production.get("Deployment", STATUS), "spec")).containsEntry("replicas", 2);
        Map<String, Object> pdb = map(production.get("PodDisruptionBudget", STATUS), "spec");
        assertThat(pdb).containsEntry("maxUnavailable", 1);
        assertThat(map(production.podMetadata(STATUS), "labels"))
                .containsAllEntriesOf(map(map(pdb, "selector"), "matchLabels"));

        assertThat(renderProduction("podDisruptionBudget.enabled", false).ofKind("PodDisruptionBudget")).isEmpty();
    }

    @Test
    void template_createsServiceAccountWithoutTokenAutomount() {
        var manifests = renderDefaults();

        // diagnostics-service has its own account (see DiagnosticsAccessTest); every other service shares this one.
        assertThat(manifests.namesOf("ServiceAccount")).containsExactly("shipwatch", "shipwatch-diagnostics");
        assertThat(manifests.get("ServiceAccount", "shipwatch")).containsEntry("automountServiceAccountToken", false);
        assertThat(manifests.podSpec(STATUS))
                .containsEntry("serviceAccountName", "shipwatch")
                .containsEntry("automountServiceAccountToken", false);

        var external = renderDefaults("serviceAccount.create", false, "serviceAccount.name", "shipwatch-irsa");
        assertThat(external.namesOf("ServiceAccount")).as("only diagnostics' own").containsExactly("shipwatch-diagnostics");
        assertThat(external.podSpec(STATUS)).containsEntry("serviceAccountName", "shipwatch-irsa");
    }

    @Test
    void template_rendersNetworkPolicyOnlyWhenEnabled() {
        assertThat(renderDefaults().ofKind("NetworkPolicy")).isEmpty();

        var production = renderProduction();
        Map<String, Object> spec = map(production.get("NetworkPolicy", STATUS), "spec");
        assertThat(spec).containsEntry("policyTypes", List.of("Ingress"));
        assertThat(map(map(spec, "podSelector"), "matchLabels"))
                .isEqualTo(map(map(map(production.get("Deployment", STATUS), "spec"), "selector"), "matchLabels"));
        Map<String, Object> rule = list(spec, "ingress").get(0);
        assertThat(list(rule, "ports")).containsExactly(Map.of("port", "grpc", "protocol", "TCP"));
        assertThat(list(rule, "from")).containsExactly(
                Map.of("podSelector", Map.of("matchLabels", Map.of(
                        "app.kubernetes.io/instance", "shipwatch",
                        "app.kubernetes.io/part-of", "shipwatch"))),
                Map.of("namespaceSelector", Map.of("matchLabels", Map.of(
                        "kubernetes.io/metadata.name", "ingress-nginx"))));
    }

    @Test
    void template_setsStandardLabels() {
        var manifests = renderDefaults();

        for (Map<String, Object> labels : List.of(
                map(map(manifests.get("Deployment", STATUS), "metadata"), "labels"),
                map(manifests.podMetadata(STATUS), "labels"),
                map(map(manifests.get("Service", STATUS), "metadata"), "labels"))) {
            assertThat(labels).contains(
                    entry("app.kubernetes.io/name", "status-service"),
                    entry("app.kubernetes.io/instance", "shipwatch"),
                    entry("app.kubernetes.io/component", "status"),
                    entry("app.kubernetes.io/part-of", "shipwatch"),
                    entry("app.kubernetes.io/version", "0.1.0"),
                    entry("app.kubernetes.io/managed-by", "Helm"));
        }
        // The selector must not contain labels that change between upgrades.
        assertThat(map(map(map(manifests.get("Deployment", STATUS), "spec"), "selector"), "matchLabels"))
                .doesNotContainKeys("app.kubernetes.io/version", "helm.sh/chart");
    }

    @Test
    void template_addsPodLabelsWithoutOverridingChartLabels() {
        var manifests = renderDefaults("default.podLabels.team", "deploys",
                "default.podLabels.app\\.kubernetes\\.io/part-of", "something-else");

        assertThat(map(manifests.podMetadata(STATUS), "labels"))
                .containsEntry("team", "deploys")
                .containsEntry("app.kubernetes.io/part-of", "shipwatch");
    }

    @Test
    void template_buildsImageFromRegistryAndTag() {
        assertThat(renderDefaults().container(STATUS))
                .containsEntry("image", "shipwatch/status-service:0.1.0")
                .containsEntry("imagePullPolicy", "IfNotPresent");
        assertThat(renderProduction().container(STATUS))
                .containsEntry("image", "registry.example.com/shipwatch/status-service:0.1.0");
        assertThat(renderDefaults("default.image.registry", "ghcr.io/acme/", "services.status.image.tag", "sha-abc123")
                .container(STATUS))
                .containsEntry("image", "ghcr.io/acme/shipwatch/status-service:sha-abc123");
    }

    @Test
    void template_appliesResourcesWithServiceOverridingDefault() {
        var production = renderProduction();
        assertThat(map(production.container(STATUS), "resources"))
                .isEqualTo(Map.of("requests", Map.of("cpu", "500m", "memory", "768Mi"),
                        "limits", Map.of("memory", "768Mi")));

        var audit = renderProduction("services.audit.enabled", true);
        assertThat(map(audit.container("shipwatch-audit"), "resources"))
                .isEqualTo(Map.of("requests", Map.of("cpu", "250m", "memory", "512Mi"),
                        "limits", Map.of("memory", "512Mi")));

        assertThat(renderDefaults().container(STATUS)).doesNotContainKey("resources");
    }
}
