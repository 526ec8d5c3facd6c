package io.shipwatch.diagnostics.domain;

import java.util.List;

/**
 * Where evidence comes from. One implementation per platform: Kubernetes answers every collector
 * from the API server; ECS would answer container state from DescribeTasks (stoppedReason, exit
 * codes), events from service events, logs from CloudWatch, resources from CloudWatch metrics and
 * endpoints from target-group health; Cloud Run from revisions, Cloud Logging and Monitoring.
 * A collector a platform cannot answer returns an empty list.
 * Implementations make each remote request through a {@link ProviderGuard} (rate limit, circuit
 * breaker, retries — the one retry layer), return bounded lists, and stop when interrupted.
 */
public interface PlatformProvider {
    /** The provider name, also the key of its rate limit and circuit breaker. */
    String name();

    /** Collects one kind of evidence about the workload. */
    List<Evidence> collect(CollectorKind kind, Workload workload) throws Exception;
}
