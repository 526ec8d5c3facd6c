package io.shipwatch.helm;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.shipwatch.helm.ShipwatchChart.NAMESPACE;
import static io.shipwatch.helm.ShipwatchChart.map;
import static io.shipwatch.helm.ShipwatchChart.renderDefaults;
import static io.shipwatch.helm.ShipwatchChart.renderProduction;
import static org.assertj.core.api.Assertions.assertThat;

/** The container environment: database, Redis, JWT keys, peers, OpenTelemetry, JVM. */
class ConfigurationTemplateTest {

    private static final String STATUS = "shipwatch-status";

    @Test
    void template_passesDatabasePasswordFromExistingSecret() {
        var manifests = renderProduction();

        assertThat(manifests.envValue(STATUS, "DATASOURCES_DEFAULT_URL"))
                .isEqualTo("jdbc:postgresql://shipwatch-db.prod.internal:5432/shipwatch_status?sslmode=require");
        assertThat(manifests.envValue(STATUS, "DATASOURCES_DEFAULT_USERNAME")).isEqualTo("shipwatch_app");
        assertThat(manifests.secretKeyRef(STATUS, "DATASOURCES_DEFAULT_PASSWORD"))
                .isEqualTo(Map.of("name", "shipwatch-postgresql", "key", "password"));
        assertThat(manifests.envVar(STATUS, "DATASOURCES_DEFAULT_PASSWORD")).doesNotContainKey("value");
        // The existing Secret is used as is; the chart creates none.
        assertThat(manifests.ofKind("Secret")).isEmpty();
    }

    @Test
    void template_createsDatabaseSecretFromPasswordValue() {
        var manifests = renderDefaults("postgresql.existingSecret", "", "postgresql.password", "s3cret",
                "postgresql.passwordKey", "db-password", "postgresql.sslmode", "verify-full");

        Map<String, Object> secret = manifests.get("Secret", "shipwatch-postgresql");
        assertThat(map(secret, "data")).containsOnlyKeys("db-password");
        assertThat(decode(map(secret, "data").get("db-password"))).isEqualTo("s3cret");
        assertThat(manifests.secretKeyRef(STATUS, "DATASOURCES_DEFAULT_PASSWORD"))
                .isEqualTo(Map.of("name", "shipwatch-postgresql", "key", "db-password"));
        assertThat(manifests.envValue(STATUS, "DATASOURCES_DEFAULT_URL")).endsWith("?sslmode=verify-full");
    }

    @Test
    void template_givesEachServiceItsOwnDatabase() {
        var manifests = renderProduction("services.audit.enabled", true, "postgresql.port", 6432);

        assertThat(manifests.envValue(STATUS, "DATASOURCES_DEFAULT_URL"))
                .isEqualTo("jdbc:postgresql://shipwatch-db.prod.internal:6432/shipwatch_status?sslmode=require");
        assertThat(manifests.envValue("shipwatch-audit", "DATASOURCES_DEFAULT_URL"))
                .isEqualTo("jdbc:postgresql://shipwatch-db.prod.internal:6432/shipwatch_audit?sslmode=require");
    }

    @Test
    void template_setsRedisUriWithPasswordFromSecret() {
        var manifests = renderProduction();

        assertThat(manifests.secretKeyRef(STATUS, "REDIS_PASSWORD"))
                .isEqualTo(Map.of("name", "shipwatch-redis", "key", "redis-password"));
        assertThat(manifests.envValue(STATUS, "REDIS_URI"))
                .isEqualTo("rediss://:$(REDIS_PASSWORD)@shipwatch-redis.prod.internal:6379");
        // Kubernetes only expands $(VAR) for variables defined earlier in the list.
        List<String> names = manifests.envNames(STATUS);
        assertThat(names.indexOf("REDIS_PASSWORD")).isLessThan(names.indexOf("REDIS_URI"));
    }

    @Test
    void template_passesRedisUriVerbatim() {
        var manifests = renderDefaults("redis.uri", "redis://cache.example:6380/2");

        assertThat(manifests.envValue(STATUS, "REDIS_URI")).isEqualTo("redis://cache.example:6380/2");
        assertThat(manifests.envNames(STATUS)).doesNotContain("REDIS_PASSWORD");
    }

    @Test
    void template_omitsRedisWhenNotConfigured() {
        assertThat(renderDefaults().envNames(STATUS)).doesNotContain("REDIS_URI", "REDIS_PASSWORD");
    }

    @Test
    void template_readsJwtKeysFromExistingSecret() {
        var manifests = renderProduction();

        assertThat(manifests.secretKeyRef(STATUS, "SHIPWATCH_AUTH_HS256_SECRET"))
                .isEqualTo(Map.of("name", "shipwatch-auth", "key", "hs256-secret", "optional", true));
        assertThat(manifests.secretKeyRef(STATUS, "SHIPWATCH_AUTH_RS256_PUBLIC_KEY"))
                .isEqualTo(Map.of("name", "shipwatch-auth", "key", "rs256-public-key", "optional", true));
    }

    @Test
    void template_createsAuthSecretFromHs256Value() {
        var manifests = renderDefaults("auth.existingSecret", "", "auth.hs256Secret", "a-very-long-hs256-shared-secret");

        Map<String, Object> secret = manifests.get("Secret", "shipwatch-auth");
        assertThat(map(secret, "data")).containsOnlyKeys("hs256-secret");
        assertThat(decode(map(secret, "data").get("hs256-secret"))).isEqualTo("a-very-long-hs256-shared-secret");
        // The key that was given is mandatory; the one that was not is optional (absent from the Secret).
        assertThat(manifests.secretKeyRef(STATUS, "SHIPWATCH_AUTH_HS256_SECRET"))
                .isEqualTo(Map.of("name", "shipwatch-auth", "key", "hs256-secret", "optional", false));
        assertThat(manifests.secretKeyRef(STATUS, "SHIPWATCH_AUTH_RS256_PUBLIC_KEY"))
                .isEqualTo(Map.of("name", "shipwatch-auth", "key", "rs256-public-key", "optional", true));
    }

    @Test
    void template_passesTheServiceTokenForRs256Deployments() {
        var manifests = renderDefaults("auth.existingSecret", "", "auth.rs256PublicKey", "PUBLIC-KEY-PEM",
                "auth.serviceToken", "header.payload.signature");

        assertThat(decode(map(manifests.get("Secret", "shipwatch-auth"), "data").get("service-token")))
                .isEqualTo("header.payload.signature");
        assertThat(manifests.secretKeyRef("shipwatch-audit", "SHIPWATCH_AUTH_SERVICE_TOKEN"))
                .isEqualTo(Map.of("name", "shipwatch-auth", "key", "service-token", "optional", false));
        // Without one it stays optional: with an HS256 secret each service signs its own.
        assertThat(renderProduction().secretKeyRef("shipwatch-audit", "SHIPWATCH_AUTH_SERVICE_TOKEN"))
                .containsEntry("optional", true);
    }

    @Test
    void template_createsAuthSecretFromRs256PublicKey() {
        var manifests = renderDefaults("auth.existingSecret", "", "auth.rs256PublicKey", "PUBLIC-KEY-PEM");

        assertThat(map(manifests.get("Secret", "shipwatch-auth"), "data")).containsOnlyKeys("rs256-public-key");
        assertThat(manifests.secretKeyRef(STATUS, "SHIPWATCH_AUTH_RS256_PUBLIC_KEY")).containsEntry("optional", false);
        assertThat(manifests.secretKeyRef(STATUS, "SHIPWATCH_AUTH_HS256_SECRET")).containsEntry("optional", true);
    }

    @Test
    void template_rollsPodsWhenChartSecretChanges() {
        String first = checksum(renderDefaults("auth.existingSecret", "", "auth.hs256Secret", "first-secret-value"));
        String same = checksum(renderDefaults("auth.existingSecret", "", "auth.hs256Secret", "first-secret-value"));
        String second = checksum(renderDefaults("auth.existingSecret", "", "auth.hs256Secret", "second-secret-value"));

        assertThat(first).matches("[0-9a-f]{64}").isEqualTo(same).isNotEqualTo(second);
    }

    @Test
    void template_givesEveryServiceTheAddressOfEveryEnabledPeer() {
        var manifests = renderDefaults("services.audit.enabled", true, "services.diagnostics.enabled", true);

        for (String service : List.of(STATUS, "shipwatch-audit", "shipwatch-metrics", "shipwatch-diagnostics")) {
            assertThat(manifests.envValue(service, "GRPC_CHANNELS_STATUS_ADDRESS"))
                    .isEqualTo("shipwatch-status." + NAMESPACE + ".svc:50051");
            assertThat(manifests.envValue(service, "GRPC_CHANNELS_AUDIT_ADDRESS"))
                    .isEqualTo("shipwatch-audit." + NAMESPACE + ".svc:50051");
            assertThat(manifests.envValue(service, "GRPC_CHANNELS_DIAGNOSTICS_ADDRESS"))
                    .isEqualTo("shipwatch-diagnostics." + NAMESPACE + ".svc:50051");
            assertThat(manifests.envValue(service, "GRPC_CHANNELS_STATUS_PLAINTEXT")).isEqualTo("true");
            assertThat(manifests.envValue(service, "GRPC_CHANNELS_METRICS_ADDRESS"))
                    .isEqualTo("shipwatch-metrics." + NAMESPACE + ".svc:50051");
        }
    }

    @Test
    void template_setsOtelEnv() {
        var manifests = renderProduction();

        assertThat(manifests.envValue(STATUS, "OTEL_SERVICE_NAME")).isEqualTo("status-service");
        assertThat(manifests.envValue(STATUS, "OTEL_EXPORTER_OTLP_ENDPOINT"))
                .isEqualTo("http://otel-collector.observability.svc:4317");
        assertThat(manifests.envValue(STATUS, "OTEL_EXPORTER_OTLP_PROTOCOL")).isEqualTo("grpc");
        assertThat(manifests.envValue(STATUS, "OTEL_TRACES_EXPORTER")).isEqualTo("otlp");
        assertThat(manifests.envValue(STATUS, "OTEL_METRICS_EXPORTER")).isEqualTo("otlp");
        assertThat(manifests.envValue(STATUS, "OTEL_LOGS_EXPORTER")).isEqualTo("otlp");
        assertThat(manifests.envValue(STATUS, "OTEL_RESOURCE_ATTRIBUTES").split(","))
                .contains("service.namespace=shipwatch",
                        "k8s.pod.name=$(OTEL_K8S_POD_NAME)",
                        "k8s.namespace.name=$(OTEL_K8S_NAMESPACE)",
                        "deployment.environment.name=production");
        // The pod name comes from the downward API, defined before the variable that references it.
        assertThat(map(map(manifests.envVar(STATUS, "OTEL_K8S_POD_NAME"), "valueFrom"), "fieldRef"))
                .containsEntry("fieldPath", "metadata.name");
        List<String> names = manifests.envNames(STATUS);
        assertThat(names.indexOf("OTEL_K8S_POD_NAME")).isLessThan(names.indexOf("OTEL_RESOURCE_ATTRIBUTES"));
    }

    @Test
    void template_disablesOtelExportersWithoutEndpoint() {
        var manifests = renderDefaults();

        assertThat(manifests.envValue(STATUS, "OTEL_TRACES_EXPORTER")).isEqualTo("none");
        assertThat(manifests.envValue(STATUS, "OTEL_METRICS_EXPORTER")).isEqualTo("none");
        assertThat(manifests.envValue(STATUS, "OTEL_LOGS_EXPORTER")).isEqualTo("none");
        assertThat(manifests.envNames(STATUS)).doesNotContain("OTEL_EXPORTER_OTLP_ENDPOINT");
        assertThat(manifests.envValue(STATUS, "OTEL_SERVICE_NAME")).isEqualTo("status-service");
    }

    @Test
    void template_letsOtelExportersBeChosenExplicitly() {
        var manifests = renderProduction("otel.logsExporter", "none", "otel.protocol", "http/protobuf");

        assertThat(manifests.envValue(STATUS, "OTEL_LOGS_EXPORTER")).isEqualTo("none");
        assertThat(manifests.envValue(STATUS, "OTEL_TRACES_EXPORTER")).isEqualTo("otlp");
        assertThat(manifests.envValue(STATUS, "OTEL_EXPORTER_OTLP_PROTOCOL")).isEqualTo("http/protobuf");
    }

    @Test
    void template_setsGrpcPortAndJavaToolOptions() {
        var manifests = renderDefaults();

        assertThat(manifests.envValue(STATUS, "GRPC_SERVER_PORT")).isEqualTo("50051");
        assertThat(manifests.envValue(STATUS, "JAVA_TOOL_OPTIONS")).isEqualTo("-XX:MaxRAMPercentage=75");
        assertThat(renderDefaults("services.status.javaToolOptions", "-XX:MaxRAMPercentage=60")
                .envValue(STATUS, "JAVA_TOOL_OPTIONS")).isEqualTo("-XX:MaxRAMPercentage=60");
    }

    @Test
    void template_userEnvReplacesChartEnvByName() {
        var manifests = renderDefaults(
                "default.env[0].name", "OTEL_TRACES_EXPORTER", "default.env[0].value", "console",
                "services.status.env[0].name", "FEATURE_X", "services.status.env[0].value", "on");

        // Exactly one entry each (envVar fails on duplicates), user value wins, new names are appended.
        assertThat(manifests.envValue(STATUS, "OTEL_TRACES_EXPORTER")).isEqualTo("console");
        assertThat(manifests.envValue(STATUS, "FEATURE_X")).isEqualTo("on");
        assertThat(manifests.envNames(STATUS)).doesNotHaveDuplicates().last().isEqualTo("FEATURE_X");
    }

    private static String decode(Object base64) {
        return new String(Base64.getDecoder().decode((String) base64));
    }

    private static String checksum(ShipwatchChart.Manifests manifests) {
        return (String) map(manifests.podMetadata(STATUS), "annotations").get("checksum/secret");
    }
}
