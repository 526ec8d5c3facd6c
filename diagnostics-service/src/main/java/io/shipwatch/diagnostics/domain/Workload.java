package io.shipwatch.diagnostics.domain;

/**
 * What a session diagnoses, in the provider's own terms.
 *
 * @param provider  "kubernetes", "ecs", "cloud-run", ...
 * @param cluster   cluster (Kubernetes context / ECS cluster / Cloud Run project); may be empty
 * @param namespace Kubernetes namespace; empty elsewhere
 * @param name      Deployment/StatefulSet, ECS service or Cloud Run service
 * @param region    cloud region; may be empty
 */
public record Workload(String provider, String cluster, String namespace, String name, String region) {
    public String key() {
        return provider + "/" + cluster + "/" + namespace + "/" + name + "/" + region;
    }
}
