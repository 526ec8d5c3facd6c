package io.shipwatch.diagnostics.provider;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * fabric8's mock Kubernetes API server in CRUD mode, filled with realistic workloads. Pod logs
 * and pod metrics are not CRUD resources, so they are served as expectations beside the CRUD store.
 */
public final class MockCluster implements AutoCloseable {
    public static final String NAMESPACE = "shop";
    /**
     * The mock server logs every request at INFO through java.util.logging; in a benchmark that is
     * the load generator's CPU spent on the cores the service runs on. Held so the level sticks
     * (JUL keeps loggers weakly).
     */
    private static final Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient client;

    public MockCluster() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        client = server.createClient();
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.WARNING);
        return logger;
    }

    public NamespacedKubernetesClient client() {
        return client;
    }

    /** The API server URL (http, no credentials). */
    public String url() {
        return client.getConfiguration().getMasterUrl();
    }

    /**
     * A Deployment whose pod is in CrashLoopBackOff after an OOM kill at its 256Mi limit, with
     * events, a Service without ready endpoints, logs (current and previous container, one line
     * holding a password) and metrics at 98 % of the memory limit.
     */
    public void oomCrashLoop(String name) {
        String pod = name + "-7d9f8c-x2k4p";
        client.apps().deployments().inNamespace(NAMESPACE).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("ghcr.io/acme/" + name + ":1.4.3").endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
        Pod p = new PodBuilder()
                .withNewMetadata().withName(pod).withNamespace(NAMESPACE).addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("ghcr.io/acme/" + name + ":1.4.3")
                .addNewPort().withContainerPort(8080).endPort()
                .withNewResources().addToLimits("memory", new Quantity("256Mi")).addToLimits("cpu", new Quantity("500m"))
                .endResources().endContainer().endSpec()
                .withNewStatus().withPhase("Running").addToContainerStatuses(new ContainerStatusBuilder()
                        .withName("app").withRestartCount(5).withReady(false)
                        .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                        .withMessage("back-off 2m40s restarting failed container=app pod=" + pod).endWaiting().endState()
                        .withNewLastState().withNewTerminated().withReason("OOMKilled").withExitCode(137).endTerminated()
                        .endLastState().build())
                .endStatus().build();
        client.pods().inNamespace(NAMESPACE).resource(p).create();
        event(name + ".1", "Pod", pod, "Normal", "Pulled", "Container image \"ghcr.io/acme/" + name + ":1.4.3\" already present on machine");
        event(name + ".2", "Pod", pod, "Warning", "BackOff", "Back-off restarting failed container app in pod " + pod + "_shop(3c1d)");
        client.services().inNamespace(NAMESPACE).resource(new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().addToSelector("app", name).addNewPort().withPort(80).withTargetPort(new IntOrString(8080))
                .endPort().endSpec().build()).create();
        client.endpoints().inNamespace(NAMESPACE).resource(new EndpointsBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
                .addNewSubset().addNewNotReadyAddress().withIp("10.1.2.3").endNotReadyAddress().endSubset().build()).create();
        logs(pod, "app", false, "Started CheckoutApplication in 5.1 seconds\nconnecting with password=hunter2hunter2\nprocessing order batch size=5000\n");
        logs(pod, "app", true, "Started CheckoutApplication in 5.3 seconds\nprocessing order batch size=5000\n");
        server.expect().get().withPath("/apis/metrics.k8s.io/v1beta1/namespaces/" + NAMESPACE + "/pods/" + pod)
                .andReturn(200, new PodMetricsBuilder().withNewMetadata().withName(pod).withNamespace(NAMESPACE).endMetadata()
                        .addNewContainer().withName("app").addToUsage("memory", new Quantity("251Mi"))
                        .addToUsage("cpu", new Quantity("120m")).endContainer().build()).always();
    }

    /** A Deployment whose pod cannot pull its image: the registry refuses the credentials. */
    public void imagePullAuth(String name) {
        String pod = name + "-5c8b7-qq2mz";
        client.apps().deployments().inNamespace(NAMESPACE).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("api").withImage("registry.acme.io/" + name + ":2.1.0").endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder()
                .withNewMetadata().withName(pod).withNamespace(NAMESPACE).addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("api").withImage("registry.acme.io/" + name + ":2.1.0").endContainer()
                .endSpec()
                .withNewStatus().withPhase("Pending").addToContainerStatuses(new ContainerStatusBuilder()
                        .withName("api").withRestartCount(0).withReady(false)
                        .withNewState().withNewWaiting().withReason("ImagePullBackOff")
                        .withMessage("Back-off pulling image \"registry.acme.io/" + name + ":2.1.0\"").endWaiting().endState()
                        .build())
                .endStatus().build()).create();
        event(name + ".1", "Pod", pod, "Warning", "Failed", "Failed to pull image \"registry.acme.io/" + name
                + ":2.1.0\": rpc error: code = Unknown desc = failed to pull and unpack image: failed to resolve reference:"
                + " failed to authorize: failed to fetch anonymous token: unexpected status: 401 Unauthorized");
        event(name + ".2", "Pod", pod, "Normal", "BackOff", "Back-off pulling image \"registry.acme.io/" + name + ":2.1.0\"");
        logs(pod, "api", false, "");
    }

    private void event(String id, String kind, String object, String type, String reason, String message) {
        client.v1().events().inNamespace(NAMESPACE).resource(new EventBuilder()
                .withNewMetadata().withName(id).withNamespace(NAMESPACE).endMetadata()
                .withNewInvolvedObject().withKind(kind).withName(object).withNamespace(NAMESPACE).endInvolvedObject()
                .withType(type).withReason(reason).withMessage(message).withCount(3)
                .withLastTimestamp("2026-11-26T10:0" + (id.hashCode() & 7) + ":00Z").build()).create();
    }

    private void logs(String pod, String container, boolean previous, String text) {
        server.expect().get().withPath("/api/v1/namespaces/" + NAMESPACE + "/pods/" + pod + "/log?pretty=false&container="
                        + container + (previous ? "&previous=true" : "") + "&tailLines=500")
                .andReturn(200, text).always();
    }

    /** The paths of the requests the server received since the last call, in order. */
    public List<String> takeRequestPaths() throws InterruptedException {
        List<String> paths = new ArrayList<>();
        for (var r = server.takeRequest(10, TimeUnit.MILLISECONDS); r != null; r = server.takeRequest(10, TimeUnit.MILLISECONDS)) {
            paths.add(r.getPath());
        }
        return paths;
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
