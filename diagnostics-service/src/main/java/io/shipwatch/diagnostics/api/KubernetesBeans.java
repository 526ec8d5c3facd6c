package io.shipwatch.diagnostics.api;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.shipwatch.diagnostics.domain.PlatformProvider;
import io.shipwatch.diagnostics.provider.KubernetesProvider;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The Kubernetes provider: in-cluster configuration (service account) when running in a pod,
 * otherwise the kubeconfig (KUBECONFIG or ~/.kube/config). Off with
 * shipwatch.diagnostics.kubernetes.enabled=false. Retries are the guard's, not the client's.
 */
@Factory
@Requires(property = "shipwatch.diagnostics.kubernetes.enabled", value = "true", defaultValue = "true")
class KubernetesBeans {
    @Singleton
    @Bean(preDestroy = "close")
    KubernetesClient kubernetesClient(@Value("${shipwatch.diagnostics.kubernetes.request-timeout:10s}") Duration timeout) {
        Config config = Config.autoConfigure(null);
        config.setRequestTimeout((int) timeout.toMillis());
        config.setConnectionTimeout((int) Math.min(timeout.toMillis(), 5000));
        config.setRequestRetryBackoffLimit(0);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @Singleton
    PlatformProvider kubernetesProvider(KubernetesClient client, DiagnosticsBeans.GuardFactory guards,
                                        @Value("${shipwatch.diagnostics.kubernetes.log-tail-lines:500}") int tailLines) {
        return new KubernetesProvider(client, guards.forProvider("kubernetes"), tailLines);
    }
}
