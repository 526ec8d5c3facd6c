package io.shipwatch.status;

import io.shipwatch.status.v1.CreateDeploymentRequest;
import io.shipwatch.status.v1.Deployment;
import io.shipwatch.status.v1.DeploymentState;
import io.shipwatch.status.v1.RecordStatusRequest;
import io.shipwatch.status.v1.StatusServiceGrpc.StatusServiceBlockingStub;

/** Small builders shared by the endpoint tests. */
public final class Fixtures {
    private Fixtures() {
    }

    public static CreateDeploymentRequest.Builder newDeployment(String service, String environment) {
        return CreateDeploymentRequest.newBuilder().setService(service).setEnvironment(environment)
                .setVersion("1.0.0").setCommitSha("abc1234").setProduction(true);
    }

    public static Deployment create(StatusServiceBlockingStub stub, String service, String environment) {
        return stub.createDeployment(newDeployment(service, environment).build()).getDeployment();
    }

    public static Deployment record(StatusServiceBlockingStub stub, Deployment d, DeploymentState state) {
        return record(stub, d.getId(), state);
    }

    public static Deployment record(StatusServiceBlockingStub stub, String id, DeploymentState state) {
        return stub.recordStatus(RecordStatusRequest.newBuilder().setDeploymentId(id).setState(state).build())
                .getDeployment();
    }
}
