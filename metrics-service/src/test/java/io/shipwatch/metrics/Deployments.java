package io.shipwatch.metrics;

import com.google.protobuf.Timestamp;
import io.shipwatch.status.v1.CreateDeploymentRequest;
import io.shipwatch.status.v1.Deployment;
import io.shipwatch.status.v1.DeploymentState;
import io.shipwatch.status.v1.RecordStatusRequest;
import io.shipwatch.status.v1.StatusServiceGrpc.StatusServiceBlockingStub;
import java.time.Duration;
import java.time.Instant;

/** Drives deployments through a real status-service. */
public final class Deployments {
    private Deployments() {
    }

    public static Deployment deploy(StatusServiceBlockingStub status, String service, String environment, boolean production,
                                    DeploymentState... states) {
        Deployment d = status.createDeployment(CreateDeploymentRequest.newBuilder().setService(service)
                .setEnvironment(environment).setProduction(production).setVersion("1.0.0").setCommitSha("abc1234")
                .setCommitTime(Timestamp.newBuilder().setSeconds(Instant.now().minus(Duration.ofHours(2)).getEpochSecond()))
                .build()).getDeployment();
        for (DeploymentState s : states) {
            d = status.recordStatus(RecordStatusRequest.newBuilder().setDeploymentId(d.getId()).setState(s).build())
                    .getDeployment();
        }
        return d;
    }
}
