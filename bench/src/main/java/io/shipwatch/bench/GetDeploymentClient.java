package io.shipwatch.bench;

import io.shipwatch.status.v1.GetDeploymentRequest;
import io.shipwatch.status.v1.StatusServiceGrpc.StatusServiceBlockingStub;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** One GetDeployment client: reads a random deployment among those the RecordStatus phase made. */
final class GetDeploymentClient implements ClosedLoop.Client {
    private final StatusServiceBlockingStub stub;
    private final Duration deadline;
    private final List<GetDeploymentRequest> requests;

    GetDeploymentClient(StatusServiceBlockingStub stub, Duration deadline, List<String> ids) {
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("no deployments to read");
        }
        this.stub = stub;
        this.deadline = deadline;
        this.requests = ids.stream().map(id -> GetDeploymentRequest.newBuilder().setDeploymentId(id).build()).toList();
    }

    @Override
    public void call() {
        GetDeploymentRequest r = requests.get(ThreadLocalRandom.current().nextInt(requests.size()));
        stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS).getDeployment(r);
    }
}
