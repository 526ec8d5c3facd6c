package io.shipwatch.metrics.events;

import static io.shipwatch.status.v1.DeploymentState.DEPLOYMENT_STATE_FAILED;
import static io.shipwatch.status.v1.DeploymentState.DEPLOYMENT_STATE_IN_PROGRESS;
import static io.shipwatch.status.v1.DeploymentState.DEPLOYMENT_STATE_ROLLED_BACK;
import static io.shipwatch.status.v1.DeploymentState.DEPLOYMENT_STATE_SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.shipwatch.metrics.Deployments;
import io.shipwatch.metrics.MetricsServer;
import io.shipwatch.metrics.v1.DeploymentMetrics;
import io.shipwatch.metrics.v1.GetDeploymentMetricsRequest;
import io.shipwatch.metrics.v1.RebuildMetricsRequest;
import io.shipwatch.metrics.v1.RebuildMetricsResponse;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.platform.testing.RequiresPostgres;
import io.shipwatch.status.v1.StatusServiceGrpc.StatusServiceBlockingStub;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RebuildMetrics replays the whole log into new tables and swaps them in; the result equals the incremental one. */
@RequiresPostgres
class RebuildTest {
    private static MetricsServer server;

    @BeforeAll
    static void start() {
        server = MetricsServer.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void rebuild_replaysTheLogIntoRowsEqualToTheIncrementalOnes_whileAnswersKeepComing() throws Exception {
        StatusServiceBlockingStub status = server.status(Role.DEPLOYER);
        String[] services = {"cart", "search", "checkout"};
        for (int i = 0; i < 30; i++) {
            String service = services[i % 3];
            switch (i % 4) {
                case 0 -> Deployments.deploy(status, service, "production", true, DEPLOYMENT_STATE_IN_PROGRESS, DEPLOYMENT_STATE_SUCCEEDED);
                case 1 -> Deployments.deploy(status, service, "production", true, DEPLOYMENT_STATE_FAILED, DEPLOYMENT_STATE_ROLLED_BACK);
                case 2 -> Deployments.deploy(status, service, "staging", false, DEPLOYMENT_STATE_SUCCEEDED);
                default -> Deployments.deploy(status, service, "production", true, DEPLOYMENT_STATE_IN_PROGRESS);
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> all().getTotalDeployments() == 30);
        DeploymentMetrics before = all();
        List<String> rowsBefore = rows();

        RebuildMetricsResponse started = server.metrics(Role.SERVICE).rebuildMetrics(RebuildMetricsRequest.getDefaultInstance());
        StatusRuntimeException again = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
                () -> server.metrics(Role.SERVICE).rebuildMetrics(RebuildMetricsRequest.getDefaultInstance()));
        assertThat(again.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(reason(again)).isEqualTo("REBUILD_IN_PROGRESS");
        assertThat(started.getHeadPosition()).isPositive();
        // The old answers are served while the replay runs.
        assertThat(all()).isEqualTo(before);

        MetricsConsumer consumer = server.context().getBean(MetricsConsumer.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> !consumer.rebuilding());

        assertThat(rows()).isEqualTo(rowsBefore);
        assertThat(all()).isEqualTo(before);
        assertThat(tableNames()).doesNotContain("rollup_day_rebuild", "rollup_month_rebuild", "deployment_fact_rebuild");
        // The live consumer carries on from the rebuilt tables.
        Deployments.deploy(status, "cart", "production", true, DEPLOYMENT_STATE_SUCCEEDED);
        await().atMost(Duration.ofSeconds(10)).until(() -> all().getTotalDeployments() == 31);
    }

    private static DeploymentMetrics all() {
        return server.metrics(Role.VIEWER).getDeploymentMetrics(GetDeploymentMetricsRequest.getDefaultInstance()).getMetrics();
    }

    private static List<String> rows() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = server.metricsDatabase(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select service, environment, day, production_deployed,"
                     + " encode(all_stats, 'hex'), encode(production_stats, 'hex') from rollup_day"
                     + " union all select service, environment, month, deploy_days,"
                     + " encode(all_stats, 'hex'), encode(production_stats, 'hex') from rollup_month order by 1, 2, 3, 4")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getLong(4) + "|"
                        + rs.getString(5) + "|" + rs.getString(6));
            }
        }
        return out;
    }

    private static List<String> tableNames() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = server.metricsDatabase(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select tablename from pg_tables where schemaname = 'public'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static String reason(StatusRuntimeException e) throws com.google.protobuf.InvalidProtocolBufferException {
        for (com.google.protobuf.Any a : StatusProto.fromThrowable(e).getDetailsList()) {
            if (a.is(ErrorInfo.class)) {
                return a.unpack(ErrorInfo.class).getReason();
            }
        }
        return null;
    }
}
