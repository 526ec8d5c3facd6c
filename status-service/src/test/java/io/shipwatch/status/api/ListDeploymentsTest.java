package io.shipwatch.status.api;

import static io.shipwatch.status.Fixtures.newDeployment;
import static io.shipwatch.status.api.StatusEndpointTest.failure;
import static io.shipwatch.status.api.StatusEndpointTest.violations;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.platform.testing.RequiresPostgres;
import io.shipwatch.status.Fixtures;
import io.shipwatch.status.StatusServer;
import io.shipwatch.status.v1.Deployment;
import io.shipwatch.status.v1.DeploymentState;
import io.shipwatch.status.v1.ListDeploymentsRequest;
import io.shipwatch.status.v1.ListDeploymentsResponse;
import io.shipwatch.status.v1.StatusServiceGrpc.StatusServiceBlockingStub;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@RequiresPostgres
class ListDeploymentsTest {
    private static final int MANY = 1003;
    private static StatusServer server;
    private static StatusServiceBlockingStub deployer;
    private static List<String> created = new ArrayList<>();

    @BeforeAll
    static void start() {
        server = StatusServer.start();
        deployer = server.blocking(Role.DEPLOYER);
        for (int i = 0; i < MANY; i++) {
            created.add(deployer.createDeployment(newDeployment("bulk", i % 2 == 0 ? "prod" : "staging")
                    .putLabels("shard", Integer.toString(i % 3)).build()).getDeployment().getId());
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void pageSizeZero_meansFiftyWithANextToken() {
        ListDeploymentsResponse page = list(ListDeploymentsRequest.newBuilder().setService("bulk"));
        assertThat(page.getDeploymentsCount()).isEqualTo(50);
        assertThat(page.getNextPageToken()).isNotEmpty();
    }

    @Test
    void pageSizeAboveMax_isCappedAtOneThousand() {
        ListDeploymentsResponse page = list(ListDeploymentsRequest.newBuilder().setService("bulk").setPageSize(1001));
        assertThat(page.getDeploymentsCount()).isEqualTo(1000);
        assertThat(page.getNextPageToken()).isNotEmpty();
    }

    @Test
    void negativePageSize_isInvalidArgument() throws Exception {
        var e = failure(() -> list(ListDeploymentsRequest.newBuilder().setPageSize(-1)));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(violations(e)).containsExactly("page_size");
    }

    @Test
    void tamperedToken_isInvalidArgument() throws Exception {
        String token = list(ListDeploymentsRequest.newBuilder().setService("bulk").setPageSize(1)).getNextPageToken();
        String tampered = token.substring(0, 10) + (token.charAt(10) == 'x' ? 'y' : 'x') + token.substring(11);
        var e = failure(() -> list(ListDeploymentsRequest.newBuilder().setService("bulk").setPageSize(1).setPageToken(tampered)));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(violations(e)).containsExactly("page_token");
    }

    @Test
    void tokenWithAnotherFilter_isInvalidArgument() {
        String token = list(ListDeploymentsRequest.newBuilder().setService("bulk").setPageSize(1)).getNextPageToken();
        var e = failure(() -> list(ListDeploymentsRequest.newBuilder().setService("other").setPageSize(1).setPageToken(token)));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void walkingEveryPage_returnsEachDeploymentOnceNewestFirst() {
        List<String> seen = new ArrayList<>();
        String token = "";
        do {
            ListDeploymentsResponse page = list(ListDeploymentsRequest.newBuilder().setService("bulk").setPageSize(97)
                    .setPageToken(token));
            page.getDeploymentsList().forEach(d -> seen.add(d.getId()));
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        assertThat(seen).hasSize(MANY).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(new HashSet<>(created));
        List<String> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);
        assertThat(seen).isEqualTo(newestFirst);
    }

    @Test
    void lastPage_hasNoToken() {
        ListDeploymentsResponse page = list(ListDeploymentsRequest.newBuilder().setService("bulk").setPageSize(1000));
        ListDeploymentsResponse last = list(ListDeploymentsRequest.newBuilder().setService("bulk").setPageSize(1000)
                .setPageToken(page.getNextPageToken()));
        assertThat(last.getDeploymentsCount()).isEqualTo(MANY - 1000);
        assertThat(last.getNextPageToken()).isEmpty();
    }

    @Test
    void filters_combine() {
        Deployment moved = Fixtures.record(deployer, created.get(0), DeploymentState.DEPLOYMENT_STATE_QUEUED);
        ListDeploymentsResponse page = list(ListDeploymentsRequest.newBuilder().setService("bulk").setEnvironment("prod")
                .addStates(DeploymentState.DEPLOYMENT_STATE_QUEUED).putLabels("shard", "0").setPageSize(10));
        assertThat(page.getDeploymentsList()).extracting(Deployment::getId).containsExactly(moved.getId());

        Set<String> shardOne = new HashSet<>();
        list(ListDeploymentsRequest.newBuilder().setService("bulk").putLabels("shard", "1").setPageSize(1000))
                .getDeploymentsList().forEach(d -> {
                    assertThat(d.getLabelsMap()).containsEntry("shard", "1");
                    shardOne.add(d.getId());
                });
        assertThat(shardOne).hasSize(MANY / 3);
    }

    private static ListDeploymentsResponse list(ListDeploymentsRequest.Builder request) {
        return deployer.listDeployments(request.build());
    }
}
