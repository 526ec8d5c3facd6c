package io.shipwatch.helm;

import static io.shipwatch.helm.ShipwatchChart.NAMESPACE;
import static io.shipwatch.helm.ShipwatchChart.renderDefaults;
import static io.shipwatch.helm.ShipwatchChart.renderProduction;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** metrics-service in the chart: on by default, its own database, status-service's event log, Redis. */
class MetricsServiceChartTest {
    private static final String METRICS = "shipwatch-metrics";

    @Test
    void metrics_isEnabledByDefault_withADeploymentAndAService() {
        var manifests = renderDefaults();

        assertThat(manifests.namesOf("Deployment")).contains(METRICS);
        assertThat(manifests.namesOf("Service")).contains(METRICS);
        assertThat(manifests.container(METRICS).get("image")).asString().contains("shipwatch/metrics-service");
    }

    @Test
    void metrics_usesItsOwnDatabase_andConsumesStatusServiceThroughItsChannel() {
        var manifests = renderDefaults();

        assertThat(manifests.envValue(METRICS, "DATASOURCES_DEFAULT_URL")).contains("/shipwatch_metrics?");
        assertThat(manifests.envValue(METRICS, "GRPC_CHANNELS_STATUS_ADDRESS"))
                .isEqualTo("shipwatch-status." + NAMESPACE + ".svc:50051");
        assertThat(manifests.envValue(METRICS, "GRPC_CHANNELS_STATUS_PLAINTEXT")).isEqualTo("true");
        assertThat(manifests.envValue(METRICS, "GRPC_SERVER_PORT")).isEqualTo("50051");
        // The consumer's service token is minted from the HS256 secret the auth Secret holds.
        assertThat(manifests.envNames(METRICS)).contains("SHIPWATCH_AUTH_HS256_SECRET");
    }

    @Test
    void metrics_cachesAnswersInRedisWhenOneIsConfigured_andWithoutItOtherwise() {
        assertThat(renderProduction().envValue(METRICS, "REDIS_URI"))
                .isEqualTo("rediss://:$(REDIS_PASSWORD)@shipwatch-redis.prod.internal:6379");
        assertThat(renderDefaults().envNames(METRICS)).doesNotContain("REDIS_URI");
    }

    @Test
    void metrics_canBeTurnedOff() {
        var manifests = renderDefaults("services.metrics.enabled", false);

        assertThat(manifests.namesOf("Deployment")).doesNotContain(METRICS);
        assertThat(manifests.envNames("shipwatch-status")).doesNotContain("GRPC_CHANNELS_METRICS_ADDRESS");
    }
}
