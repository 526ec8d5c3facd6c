package io.shipwatch.diagnostics.api;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micronaut.grpc.annotation.GrpcChannel;
import io.shipwatch.platform.auth.ServiceCredentials;
import io.shipwatch.platform.errors.ErrorKind;
import io.shipwatch.platform.errors.ServiceException;
import io.shipwatch.status.v1.GetDeploymentRequest;
import io.shipwatch.status.v1.StatusServiceGrpc;
import io.shipwatch.status.v1.Deployment;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Looks deployments up in status-service over the `status` channel, as role service, with a 5 s deadline. */
@Singleton
public class StatusDirectory implements DeploymentDirectory {
    private final StatusServiceGrpc.StatusServiceBlockingStub stub;

    public StatusDirectory(@GrpcChannel("status") ManagedChannel channel, ServiceCredentials credentials) {
        this.stub = StatusServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials);
    }

    @Override
    public Located locate(UUID deploymentId) {
        try {
            Deployment d = stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                    .getDeployment(GetDeploymentRequest.newBuilder().setDeploymentId(deploymentId.toString()).build())
                    .getDeployment();
            return new Located(d.getService(), d.getEnvironment(), d.getTarget());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                throw ServiceException.notFound("DEPLOYMENT_NOT_FOUND", "deployment " + deploymentId + " does not exist",
                        Map.of("deployment_id", deploymentId.toString()));
            }
            throw ServiceException.of(ErrorKind.UNAVAILABLE, "STATUS_SERVICE_UNAVAILABLE",
                    "could not look the deployment up in status-service (" + e.getStatus().getCode() + "); retry later");
        }
    }
}
