package io.shipwatch.diagnostics.api;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
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
 * otherwise the kubeconfig (KUBECONFIG or ~/.kube/config), or an explicit API server
 * (shipwatch.diagnostics.kubernetes.master-url, used against fabric8's mock server). Off with
 * shipwatch.diagnostics.kubernetes.enabled=false. Retries are the guard's, not the client's.
 */
@Factory
@Requires(property = "shipwatch.diagnostics.kubernetes.enabled", value = "true", defaultValue = "true")
class KubernetesBeans {
    @Singleton
    @Bean(preDestroy = "close")
    KubernetesClient kubernetesClient(@Value("${shipwatch.diagnostics.kubernetes.request-timeout:10s}") Duration timeout,
                                      @Value("${shipwatch.diagnostics.kubernetes.master-url:}") String masterUrl) {
        Config config = masterUrl.isBlank() ? Config.autoConfigure(null)
                : new ConfigBuilder().withMasterUrl(masterUrl).withTrustCerts(true).build();
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
