package io.shipwatch.diagnostics.api;

import io.shipwatch.diagnostics.domain.CollectorKind;
import io.shipwatch.diagnostics.domain.Evidence;
import io.shipwatch.diagnostics.domain.PlatformProvider;
import io.shipwatch.diagnostics.domain.Workload;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * The provider of Target PROVIDER_OTHER in endpoint tests: container state answers at once
 * (an OOM kill), events fail, logs block per workload until released or interrupted.
 */
final class SlowProvider implements PlatformProvider {
    private final Map<String, CountDownLatch> releases = new ConcurrentHashMap<>();
    final Set<String> logsStarted = ConcurrentHashMap.newKeySet();
    final Set<String> logsInterrupted = ConcurrentHashMap.newKeySet();

    void release(String workload) {
        latch(workload).countDown();
    }

    void releaseAll() {
        releases.values().forEach(CountDownLatch::countDown);
    }

    private CountDownLatch latch(String workload) {
        return releases.computeIfAbsent(workload, w -> new CountDownLatch(1));
    }

    @Override
    public String name() {
        return "other";
    }

    @Override
    public List<Evidence> collect(CollectorKind kind, Workload w) throws Exception {
        return switch (kind) {
            case CONTAINER_STATE -> List.of(Evidence.containerState("container-state", "task/" + w.name(), "OOMKilled", 137, ""));
            case EVENTS -> throw new IllegalStateException("events API answered 500");
            case LOGS -> {
                logsStarted.add(w.name());
                try {
                    latch(w.name()).await();
                } catch (InterruptedException e) {
                    logsInterrupted.add(w.name());
                    throw e;
                }
                yield List.of(Evidence.logLine("logs", "task/" + w.name(), 1, "java.lang.OutOfMemoryError: Java heap space"));
            }
            default -> List.of();
        };
    }
}
