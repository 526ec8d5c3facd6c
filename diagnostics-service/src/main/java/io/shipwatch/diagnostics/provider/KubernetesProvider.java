package io.shipwatch.diagnostics.provider;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.shipwatch.diagnostics.domain.CollectorKind;
import io.shipwatch.diagnostics.domain.Evidence;
import io.shipwatch.diagnostics.domain.PlatformProvider;
import io.shipwatch.diagnostics.domain.ProviderGuard;
import io.shipwatch.diagnostics.domain.Workload;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Kubernetes through the fabric8 client: finds the workload's pods from its Deployment (or
 * StatefulSet) selector and turns what the API server knows into evidence. Every request goes
 * through the provider's guard; lists are bounded (pods, events, log tail).
 */
public final class KubernetesProvider implements PlatformProvider {
    static final int MAX_PODS = 10;
    static final int MAX_LOG_PODS = 3;
    static final int MAX_EVENTS = 200;

    /** How long a workload's lookup is shared by the collectors of a session (and concurrent sessions). */
    static final Duration LOOKUP_TTL = Duration.ofSeconds(2);
    static final int MAX_SHARED_LOOKUPS = 1_000;

    private final KubernetesClient client;
    private final ProviderGuard guard;
    private final int tailLines;
    private final Map<String, SharedLookup> lookups = new ConcurrentHashMap<>();

    public KubernetesProvider(KubernetesClient client, ProviderGuard guard, int tailLines) {
        this.client = client;
        this.guard = guard;
        this.tailLines = tailLines;
    }

    /** What every collector starts from: the workload's Deployment (null if it is not one) and its pods. */
    private record WorkloadView(Deployment deployment, List<Pod> pods) {
    }

    /** One lookup of a workload, shared while fresh; a failed lookup is not shared. */
    private record SharedLookup(CompletableFuture<WorkloadView> view, long fetchedAt) {
        boolean fresh(long now) {
            return now - fetchedAt < LOOKUP_TTL.toNanos() && !view.isCompletedExceptionally();
        }
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public List<Evidence> collect(CollectorKind kind, Workload w) throws Exception {
        return switch (kind) {
            case CONTAINER_STATE -> containerStates(w);
            case EVENTS -> events(w);
            case LOGS -> logs(w);
            case RESOURCES -> resources(w);
            case ENDPOINTS -> endpoints(w);
            case NETWORK -> network(w);
        };
    }

    private List<Evidence> containerStates(Workload w) throws Exception {
        List<Evidence> out = new ArrayList<>();
        Deployment deployment = view(w).deployment();
        if (deployment != null && deployment.getStatus() != null && deployment.getStatus().getConditions() != null) {
            for (DeploymentCondition c : deployment.getStatus().getConditions()) {
                if ("ProgressDeadlineExceeded".equals(c.getReason())) {
                    out.add(Evidence.check("container-state", "deployment/" + w.name(), "ProgressDeadlineExceeded",
                            Objects.requireNonNullElse(c.getMessage(), "")));
                }
            }
        }
        for (Pod pod : pods(w)) {
            String podName = pod.getMetadata().getName();
            if (pod.getStatus() == null) {
                continue;
            }
            if ("Evicted".equals(pod.getStatus().getReason())) {
                out.add(Evidence.event("container-state", "pod/" + podName, "Evicted", pod.getStatus().getMessage()));
            }
            List<ContainerStatus> statuses = new ArrayList<>();
            if (pod.getStatus().getInitContainerStatuses() != null) {
                statuses.addAll(pod.getStatus().getInitContainerStatuses());
            }
            if (pod.getStatus().getContainerStatuses() != null) {
                statuses.addAll(pod.getStatus().getContainerStatuses());
            }
            for (ContainerStatus cs : statuses) {
                String source = "pod/" + podName + "/" + cs.getName();
                state(out, source, cs.getState());
                state(out, source + " (previous)", cs.getLastState());
                if (cs.getRestartCount() != null && cs.getRestartCount() > 0) {
                    out.add(Evidence.metric("container-state", source, "restarts", cs.getRestartCount()));
                }
            }
        }
        return out;
    }

    private static void state(List<Evidence> out, String source, ContainerState state) {
        if (state == null) {
            return;
        }
        if (state.getWaiting() != null && state.getWaiting().getReason() != null) {
            out.add(Evidence.containerState("container-state", source, state.getWaiting().getReason(),
                    Evidence.NO_EXIT_CODE, state.getWaiting().getMessage()));
        }
        if (state.getTerminated() != null) {
            Integer exit = state.getTerminated().getExitCode();
            out.add(Evidence.containerState("container-state", source,
                    Objects.requireNonNullElse(state.getTerminated().getReason(), ""),
                    exit == null ? Evidence.NO_EXIT_CODE : exit, state.getTerminated().getMessage()));
        }
    }

    private List<Evidence> events(Workload w) throws Exception {
        List<Pod> pods = pods(w);
        Set<String> names = new HashSet<>();
        names.add(w.name());
        for (Pod p : pods) {
            names.add(p.getMetadata().getName());
            claimNames(p).forEach(names::add);
            if (p.getMetadata().getOwnerReferences() != null) {
                p.getMetadata().getOwnerReferences().forEach(o -> names.add(o.getName()));
            }
        }
        List<Event> events = call("list events", () -> client.v1().events().inNamespace(w.namespace()).list().getItems());
        return Objects.requireNonNullElse(events, List.<Event>of()).stream()
                .filter(e -> e.getInvolvedObject() != null && names.contains(e.getInvolvedObject().getName()))
                .sorted(Comparator.comparing(KubernetesProvider::eventTime).reversed())
                .limit(MAX_EVENTS)
                .map(e -> Evidence.event("events", e.getInvolvedObject().getKind() + "/" + e.getInvolvedObject().getName(),
                        Objects.requireNonNullElse(e.getReason(), ""), e.getMessage()))
                .toList();
    }

    private static String eventTime(Event e) {
        String t = e.getLastTimestamp() != null ? e.getLastTimestamp() : e.getEventTime() != null ? e.getEventTime().getTime() : null;
        return t == null ? "" : t;
    }

    private List<Evidence> logs(Workload w) throws Exception {
        List<Evidence> out = new ArrayList<>();
        List<Pod> pods = pods(w).stream().limit(MAX_LOG_PODS).toList();
        for (Pod pod : pods) {
            String podName = pod.getMetadata().getName();
            for (Container c : pod.getSpec().getContainers()) {
                String source = "pod/" + podName + "/" + c.getName();
                lines(out, source, call("get log", () -> client.pods().inNamespace(w.namespace()).withName(podName)
                        .inContainer(c.getName()).tailingLines(tailLines).getLog()));
                if (restarted(pod, c.getName())) {
                    lines(out, source + " (previous)", call("get previous log", () -> client.pods()
                            .inNamespace(w.namespace()).withName(podName).inContainer(c.getName()).terminated()
                            .tailingLines(tailLines).getLog()));
                }
            }
        }
        return out;
    }

    private static boolean restarted(Pod pod, String container) {
        return pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null
                && pod.getStatus().getContainerStatuses().stream()
                .anyMatch(s -> container.equals(s.getName()) && s.getRestartCount() != null && s.getRestartCount() > 0);
    }

    private static void lines(List<Evidence> out, String source, String log) throws IOException {
        if (log == null) {
            return;
        }
        try (BufferedReader r = new BufferedReader(new StringReader(log))) {
            long n = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                out.add(Evidence.logLine("logs", source, ++n, line));
            }
        }
    }

    private List<Evidence> resources(Workload w) throws Exception {
        List<Evidence> out = new ArrayList<>();
        for (Pod pod : pods(w)) {
            String podName = pod.getMetadata().getName();
            PodMetrics metrics = call("get pod metrics", () -> client.top().pods().metrics(w.namespace(), podName));
            if (metrics == null || metrics.getContainers() == null) {
                continue;
            }
            for (ContainerMetrics cm : metrics.getContainers()) {
                Container spec = pod.getSpec().getContainers().stream().filter(c -> c.getName().equals(cm.getName()))
                        .findFirst().orElse(null);
                if (spec == null || spec.getResources() == null || spec.getResources().getLimits() == null) {
                    continue;
                }
                ratio(out, "pod/" + podName + "/" + cm.getName(), "memory_limit_ratio",
                        cm.getUsage().get("memory"), spec.getResources().getLimits().get("memory"));
                ratio(out, "pod/" + podName + "/" + cm.getName(), "cpu_limit_ratio",
                        cm.getUsage().get("cpu"), spec.getResources().getLimits().get("cpu"));
            }
        }
        return out;
    }

    private static void ratio(List<Evidence> out, String source, String metric, Quantity used, Quantity limit) {
        if (used == null || limit == null) {
            return;
        }
        BigDecimal l = limit.getNumericalAmount();
        if (l.signum() == 0) {
            return;
        }
        double ratio = used.getNumericalAmount().divide(l, 4, RoundingMode.HALF_UP).doubleValue();
        out.add(Evidence.metric("resources", source, metric, ratio));
    }

    private List<Evidence> endpoints(Workload w) throws Exception {
        List<Evidence> out = new ArrayList<>();
        List<Pod> pods = pods(w);
        List<Service> services = call("list services", () ->
                client.services().inNamespace(w.namespace()).list().getItems());
        services = Objects.requireNonNullElse(services, List.of());
        Set<String> serviceNames = new HashSet<>();
        services.forEach(s -> serviceNames.add(s.getMetadata().getName()));
        for (Service s : services) {
            Map<String, String> selector = s.getSpec().getSelector();
            if (selector == null || selector.isEmpty() || pods.stream().noneMatch(p -> selects(selector, p))) {
                continue;
            }
            String name = s.getMetadata().getName();
            Endpoints ep = call("get endpoints", () -> client.endpoints().inNamespace(w.namespace()).withName(name).get());
            int ready = ep == null || ep.getSubsets() == null ? 0
                    : ep.getSubsets().stream().mapToInt(KubernetesProvider::readyAddresses).sum();
            if (ready == 0) {
                out.add(Evidence.check("endpoints", "service/" + name, "ServiceEndpoints",
                        "service " + name + " has no ready endpoints"));
            }
            portMismatch(s, pods).ifPresent(out::add);
        }
        List<Ingress> ingresses = call("list ingresses", () ->
                client.network().v1().ingresses().inNamespace(w.namespace()).list().getItems());
        for (Ingress ing : Objects.requireNonNullElse(ingresses, List.<Ingress>of())) {
            ingressChecks(w, ing, serviceNames, out);
        }
        for (Pod p : pods) {
            for (String claim : claimNames(p)) {
                PersistentVolumeClaim pvc = call("get pvc", () ->
                        client.persistentVolumeClaims().inNamespace(w.namespace()).withName(claim).get());
                if (pvc != null && pvc.getStatus() != null && "Pending".equals(pvc.getStatus().getPhase())) {
                    out.add(Evidence.check("endpoints", "pvc/" + claim, "PvcPending", "claim " + claim + " is Pending"));
                }
            }
        }
        return out;
    }

    private static int readyAddresses(EndpointSubset s) {
        return s.getAddresses() == null ? 0 : s.getAddresses().size();
    }

    private static java.util.Optional<Evidence> portMismatch(Service s, List<Pod> pods) {
        Set<Integer> containerPorts = new HashSet<>();
        Set<String> portNames = new HashSet<>();
        for (Pod p : pods) {
            for (Container c : p.getSpec().getContainers()) {
                if (c.getPorts() != null) {
                    for (ContainerPort cp : c.getPorts()) {
                        containerPorts.add(cp.getContainerPort());
                        if (cp.getName() != null) {
                            portNames.add(cp.getName());
                        }
                    }
                }
            }
        }
        if (containerPorts.isEmpty() || s.getSpec().getPorts() == null) {
            return java.util.Optional.empty();
        }
        for (ServicePort sp : s.getSpec().getPorts()) {
            var target = sp.getTargetPort();
            boolean matches = target == null ? containerPorts.contains(sp.getPort())
                    : target.getIntVal() != null ? containerPorts.contains(target.getIntVal())
                    : portNames.contains(target.getStrVal());
            if (!matches) {
                return java.util.Optional.of(Evidence.check("endpoints", "service/" + s.getMetadata().getName(),
                        "PortMismatch", "service port " + sp.getPort() + " targets "
                                + (target == null ? sp.getPort() : target.getIntVal() != null ? target.getIntVal() : target.getStrVal())
                                + " but the containers declare " + containerPorts));
            }
        }
        return java.util.Optional.empty();
    }

    private void ingressChecks(Workload w, Ingress ing, Set<String> serviceNames, List<Evidence> out) throws Exception {
        String source = "ingress/" + ing.getMetadata().getName();
        List<IngressBackend> backends = new ArrayList<>();
        if (ing.getSpec().getDefaultBackend() != null) {
            backends.add(ing.getSpec().getDefaultBackend());
        }
        if (ing.getSpec().getRules() != null) {
            for (IngressRule r : ing.getSpec().getRules()) {
                if (r.getHttp() != null && r.getHttp().getPaths() != null) {
                    r.getHttp().getPaths().forEach(p -> backends.add(p.getBackend()));
                }
            }
        }
        boolean routesToWorkload = false;
        for (IngressBackend b : backends) {
            if (b.getService() == null) {
                continue;
            }
            String svc = b.getService().getName();
            routesToWorkload |= svc.equals(w.name()) || serviceNames.contains(svc);
            if (!serviceNames.contains(svc)) {
                out.add(Evidence.check("endpoints", source, "IngressBackend", "backend service " + svc + " not found"));
            }
        }
        if (!routesToWorkload || ing.getSpec().getTls() == null) {
            return;
        }
        for (IngressTLS tls : ing.getSpec().getTls()) {
            String secret = tls.getSecretName();
            if (secret == null) {
                continue;
            }
            try {
                boolean exists = call("get tls secret", () ->
                        client.secrets().inNamespace(w.namespace()).withName(secret).get()) != null;
                if (!exists) {
                    out.add(Evidence.check("endpoints", source, "IngressTls", "TLS secret " + secret + " not found"));
                }
            } catch (KubernetesClientException e) {
                if (e.getCode() != 403) {
                    throw e;
                }
                // Without RBAC on secrets the check is skipped rather than guessed.
            }
        }
    }

    /** DNS lookups of the workload's Services; only meaningful inside the cluster, so skipped outside. */
    private List<Evidence> network(Workload w) throws Exception {
        if (System.getenv("KUBERNETES_SERVICE_HOST") == null) {
            return List.of();
        }
        List<Evidence> out = new ArrayList<>();
        List<Pod> pods = pods(w);
        List<Service> services = call("list services", () ->
                client.services().inNamespace(w.namespace()).list().getItems());
        for (Service s : Objects.requireNonNullElse(services, List.<Service>of())) {
            Map<String, String> selector = s.getSpec().getSelector();
            if (selector == null || pods.stream().noneMatch(p -> selects(selector, p))) {
                continue;
            }
            String host = s.getMetadata().getName() + "." + w.namespace() + ".svc";
            try {
                java.net.InetAddress.getByName(host);
            } catch (java.net.UnknownHostException e) {
                out.add(Evidence.check("network", "service/" + s.getMetadata().getName(), "DnsLookup",
                        host + " does not resolve"));
            }
        }
        return out;
    }

    /** The workload's pods (at most {@link #MAX_PODS}). */
    private List<Pod> pods(Workload w) throws Exception {
        return view(w).pods();
    }

    /**
     * The workload's Deployment and pods. Every collector needs them, so the collectors of a
     * session share one lookup (Deployment, then the pods its selector picks) instead of each
     * making its own: half the API requests of a session.
     */
    private WorkloadView view(Workload w) throws Exception {
        long now = System.nanoTime();
        if (lookups.size() > MAX_SHARED_LOOKUPS) {
            lookups.values().removeIf(l -> !l.fresh(now));
        }
        SharedLookup mine = new SharedLookup(new CompletableFuture<>(), now);
        SharedLookup shared = lookups.compute(w.key(), (k, old) -> old != null && old.fresh(now) ? old : mine);
        if (shared == mine) {
            try {
                mine.view().complete(lookUp(w));
            } catch (Exception e) {
                mine.view().completeExceptionally(e);
                lookups.remove(w.key(), mine);
                throw e;
            }
        }
        try {
            return shared.view().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private WorkloadView lookUp(Workload w) throws Exception {
        Deployment deployment = call("get deployment", () ->
                client.apps().deployments().inNamespace(w.namespace()).withName(w.name()).get());
        Map<String, String> selector = selector(w, deployment);
        List<Pod> pods = call("list pods", () ->
                client.pods().inNamespace(w.namespace()).withLabels(selector).list().getItems());
        return new WorkloadView(deployment, pods == null ? List.of() : pods.stream().limit(MAX_PODS).toList());
    }

    private Map<String, String> selector(Workload w, Deployment d) throws Exception {
        if (d != null && d.getSpec().getSelector() != null && d.getSpec().getSelector().getMatchLabels() != null) {
            return d.getSpec().getSelector().getMatchLabels();
        }
        StatefulSet s = call("get statefulset", () ->
                client.apps().statefulSets().inNamespace(w.namespace()).withName(w.name()).get());
        if (s != null && s.getSpec().getSelector() != null && s.getSpec().getSelector().getMatchLabels() != null) {
            return s.getSpec().getSelector().getMatchLabels();
        }
        return Map.of("app", w.name());
    }

    private static boolean selects(Map<String, String> selector, Pod p) {
        Map<String, String> labels = p.getMetadata().getLabels();
        return labels != null && labels.entrySet().containsAll(selector.entrySet());
    }

    private static List<String> claimNames(Pod p) {
        if (p.getSpec() == null || p.getSpec().getVolumes() == null) {
            return List.of();
        }
        return p.getSpec().getVolumes().stream().map(Volume::getPersistentVolumeClaim).filter(Objects::nonNull)
                .map(c -> c.getClaimName()).toList();
    }

    /** One API request through the guard; transient failures (I/O, 429, 5xx) are marked for its retry. */
    private <T> T call(String what, Callable<T> request) throws Exception {
        return guard.call(what, () -> {
            try {
                return request.call();
            } catch (KubernetesClientException e) {
                if (Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedIOException) {
                    throw new InterruptedException("collector stopped");
                }
                if (e.getCode() == 0 || e.getCode() == 429 || e.getCode() >= 500) {
                    throw new ProviderGuard.TransientException(what + " failed: " + e.getMessage(), e);
                }
                if (e.getCode() == 404) {
                    return null;
                }
                throw e;
            }
        });
    }
}
