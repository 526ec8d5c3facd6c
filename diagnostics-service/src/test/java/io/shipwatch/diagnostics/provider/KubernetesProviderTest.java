package io.shipwatch.diagnostics.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.shipwatch.diagnostics.domain.CircuitBreaker;
import io.shipwatch.diagnostics.domain.CollectorKind;
import io.shipwatch.diagnostics.domain.Evidence;
import io.shipwatch.diagnostics.domain.EvidenceKind;
import io.shipwatch.diagnostics.domain.ProviderGuard;
import io.shipwatch.diagnostics.domain.TokenBucket;
import io.shipwatch.diagnostics.domain.Workload;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Kubernetes provider against fabric8's mock API server in CRUD mode. */
class KubernetesProviderTest {
    private static MockCluster cluster;
    private static KubernetesProvider provider;

    @BeforeAll
    static void start() {
        cluster = new MockCluster();
        cluster.oomCrashLoop("checkout");
        cluster.imagePullAuth("payments");
        provider = new KubernetesProvider(cluster.client(), guard(), 500);
    }

    private static ProviderGuard guard() {
        return new ProviderGuard("kubernetes", new TokenBucket(10_000, System::nanoTime),
                new CircuitBreaker(50, 10, 0.1, Duration.ofSeconds(30), System::nanoTime), 3, Duration.ofMillis(10),
                Duration.ofSeconds(1), d -> Thread.sleep(d.toMillis()));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static List<Evidence> collect(CollectorKind kind, String workload) throws Exception {
        return provider.collect(kind, new Workload("kubernetes", "", MockCluster.NAMESPACE, workload, ""));
    }

    @Test
    void containerState_reportsWaitingReason_lastTerminationWithExitCode_andRestarts() throws Exception {
        List<Evidence> states = collect(CollectorKind.CONTAINER_STATE, "checkout");
        assertThat(states).extracting(Evidence::describe).contains(
                "CrashLoopBackOff: back-off 2m40s restarting failed container=app pod=checkout-7d9f8c-x2k4p",
                "OOMKilled (exit code 137)", "restarts = 5.0");
        assertThat(states).filteredOn(e -> e.reason().equals("OOMKilled")).singleElement()
                .satisfies(e -> assertThat(e.source()).isEqualTo("pod/checkout-7d9f8c-x2k4p/app (previous)"));
    }

    @Test
    void events_areThoseOfTheWorkloadsPodsOnly() throws Exception {
        assertThat(collect(CollectorKind.EVENTS, "checkout")).extracting(Evidence::reason)
                .containsExactlyInAnyOrder("Pulled", "BackOff");
        assertThat(collect(CollectorKind.EVENTS, "payments")).extracting(Evidence::reason)
                .containsExactlyInAnyOrder("Failed", "BackOff");
    }

    @Test
    void logs_ofCurrentAndPreviousContainer_areRedacted() throws Exception {
        List<Evidence> logs = collect(CollectorKind.LOGS, "checkout");
        assertThat(logs).allMatch(e -> e.kind() == EvidenceKind.LOG_LINE);
        assertThat(logs).extracting(Evidence::source).contains("pod/checkout-7d9f8c-x2k4p/app",
                "pod/checkout-7d9f8c-x2k4p/app (previous)");
        assertThat(logs).extracting(Evidence::text).anyMatch(t -> t.contains("password=[REDACTED]"))
                .noneMatch(t -> t.contains("hunter2"));
    }

    @Test
    void resources_compareUsageWithTheLimits() throws Exception {
        List<Evidence> metrics = collect(CollectorKind.RESOURCES, "checkout");
        assertThat(metrics).filteredOn(e -> e.metric().equals("memory_limit_ratio")).singleElement()
                .satisfies(e -> assertThat(e.value()).isBetween(0.97, 0.99));
        assertThat(metrics).filteredOn(e -> e.metric().equals("cpu_limit_ratio")).singleElement()
                .satisfies(e -> assertThat(e.value()).isEqualTo(0.24));
    }

    @Test
    void endpoints_reportAServiceWithoutReadyEndpoints() throws Exception {
        assertThat(collect(CollectorKind.ENDPOINTS, "checkout")).extracting(Evidence::describe)
                .containsExactly("ServiceEndpoints: service checkout has no ready endpoints");
    }

    @Test
    void theCollectorsOfASession_shareOneLookupOfTheDeploymentAndItsPods() throws Exception {
        KubernetesProvider fresh = new KubernetesProvider(cluster.client(), guard(), 500);
        cluster.takeRequestPaths();
        Workload checkout = new Workload("kubernetes", "", MockCluster.NAMESPACE, "checkout", "");
        for (CollectorKind kind : CollectorKind.values()) {
            fresh.collect(kind, checkout);
        }
        List<String> paths = cluster.takeRequestPaths();
        assertThat(paths).filteredOn(p -> p.startsWith("/apis/apps/v1/namespaces/shop/deployments/checkout")).hasSize(1);
        // (fabric8 itself reads a pod by name before each of its log requests; those are not lookups of the workload.)
        assertThat(paths).filteredOn(p -> p.startsWith("/api/v1/namespaces/shop/pods?labelSelector=")).hasSize(1);
    }

    @Test
    void anUnknownWorkload_yieldsNoEvidence() throws Exception {
        assertThat(collect(CollectorKind.CONTAINER_STATE, "nothing-here")).isEmpty();
        assertThat(collect(CollectorKind.LOGS, "nothing-here")).isEmpty();
    }
}
