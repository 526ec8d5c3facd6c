package io.shipwatch.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import org.junit.jupiter.api.Test;

import static io.shipwatch.helm.ShipwatchChart.CHART;
import static io.shipwatch.helm.ShipwatchChart.DEFAULT_VALUES;
import static org.assertj.core.api.Assertions.assertThat;

/** NOTES.txt, rendered by a client-only dry-run install (helm template does not render it). */
class NotesTest {

    @Test
    void notes_explainPortForwardAndBufCurl() {
        Release release = new Helm(CHART).install()
                .withName("shipwatch")
                .withNamespace("sw")
                .withValuesFile(DEFAULT_VALUES)
                .clientOnly()
                .dryRun()
                .call();

        String notes = release.getOutput().substring(release.getOutput().indexOf("NOTES:"));
        assertThat(notes)
                .contains("status-service: shipwatch-status.sw.svc:50051")
                .contains("kubectl --namespace sw port-forward service/shipwatch-status 50051:50051")
                .contains("buf curl --protocol grpc --http2-prior-knowledge")
                .contains("http://localhost:50051/grpc.health.v1.Health/Check")
                .contains("http://localhost:50051/shipwatch.status.v1.StatusService/ListDeployments");
    }
}
