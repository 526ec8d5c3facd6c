package io.shipwatch.metrics.events;

import static io.shipwatch.status.v1.DeploymentState.DEPLOYMENT_STATE_FAILED;
import static io.shipwatch.status.v1.DeploymentState.DEPLOYMENT_STATE_IN_PROGRESS;
import static io.shipwatch.status.v1.DeploymentState.DEPLOYMENT_STATE_SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.shipwatch.metrics.Deployments;
import io.shipwatch.metrics.MetricsServer;
import io.shipwatch.metrics.v1.GetDeploymentMetricsRequest;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.platform.testing.RequiresPostgres;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The service's own OpenTelemetry metrics: deployments by final state, cache hits and misses, consumer lag. */
@RequiresPostgres
class TelemetryTest {
    private static final InMemoryMetricReader READER = InMemoryMetricReader.create();
    private static MetricsServer server;

    @BeforeAll
    static void start() {
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(READER).build()).build();
        server = MetricsServer.start(Map.of(), sdk);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void deploymentsReachingAFinalState_areCountedByServiceEnvironmentAndState_andCacheLookupsByOutcome() {
        var status = server.status(Role.DEPLOYER);
        Deployments.deploy(status, "metered", "production", true, DEPLOYMENT_STATE_IN_PROGRESS, DEPLOYMENT_STATE_SUCCEEDED);
        Deployments.deploy(status, "metered", "production", true, DEPLOYMENT_STATE_SUCCEEDED);
        Deployments.deploy(status, "metered", "production", true, DEPLOYMENT_STATE_FAILED);
        Deployments.deploy(status, "metered", "production", true, DEPLOYMENT_STATE_IN_PROGRESS);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Collection<MetricData> metrics = READER.collectAllMetrics();
            assertThat(sum(metrics, "shipwatch.deployments", deployments("SUCCEEDED"))).contains(2L);
            assertThat(sum(metrics, "shipwatch.deployments", deployments("FAILED"))).contains(1L);
            assertThat(sum(metrics, "shipwatch.deployments", deployments("IN_PROGRESS"))).isEmpty();
        });

        var metrics = server.metrics(Role.VIEWER);
        GetDeploymentMetricsRequest request = GetDeploymentMetricsRequest.newBuilder().setService("metered").build();
        metrics.getDeploymentMetrics(request);
        metrics.getDeploymentMetrics(request);
        metrics.getDeploymentMetrics(request);

        Collection<MetricData> after = READER.collectAllMetrics();
        assertThat(total(after, "shipwatch.cache.misses")).isGreaterThanOrEqualTo(1);
        assertThat(total(after, "shipwatch.cache.hits")).isGreaterThanOrEqualTo(2);
        assertThat(after).anySatisfy(m -> assertThat(m.getName()).isEqualTo("shipwatch.cache.hit_ratio"));
        assertThat(after).anySatisfy(m -> assertThat(m.getName()).isEqualTo("shipwatch.consumer.lag"));
    }

    private static Attributes deployments(String state) {
        return Attributes.of(AttributeKey.stringKey("shipwatch.service"), "metered",
                AttributeKey.stringKey("shipwatch.environment"), "production", AttributeKey.stringKey("shipwatch.state"), state);
    }

    private static Optional<Long> sum(Collection<MetricData> metrics, String name, Attributes attributes) {
        return metrics.stream().filter(m -> m.getName().equals(name))
                .flatMap(m -> m.getLongSumData().getPoints().stream())
                .filter(p -> p.getAttributes().equals(attributes)).map(LongPointData::getValue).findFirst();
    }

    private static long total(Collection<MetricData> metrics, String name) {
        return metrics.stream().filter(m -> m.getName().equals(name))
                .flatMap(m -> m.getLongSumData().getPoints().stream()).mapToLong(LongPointData::getValue).sum();
    }
}
