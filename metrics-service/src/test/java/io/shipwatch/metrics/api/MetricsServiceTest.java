package io.shipwatch.metrics.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Timestamp;
import com.google.rpc.BadRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.shipwatch.metrics.Deployments;
import io.shipwatch.metrics.MetricsServer;
import io.shipwatch.metrics.v1.DeploymentMetrics;
import io.shipwatch.metrics.v1.DoraLevel;
import io.shipwatch.metrics.v1.GetDeploymentMetricsRequest;
import io.shipwatch.metrics.v1.GetMetricsTimeSeriesRequest;
import io.shipwatch.metrics.v1.RebuildMetricsRequest;
import io.shipwatch.metrics.v1.TimeBucket;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.platform.testing.RequiresPostgres;
import io.shipwatch.status.v1.Deployment;
import io.shipwatch.status.v1.DeploymentState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** metrics-service fed by a real status-service process, over gRPC, as a user would try it. */
@RequiresPostgres
class MetricsServiceTest {
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

    private static Deployment deploy(String service, String environment, boolean production, DeploymentState... states) {
        return Deployments.deploy(server.status(Role.DEPLOYER), service, environment, production, states);
    }

    private static DeploymentMetrics metricsOf(String service) {
        return server.metrics(Role.VIEWER).getDeploymentMetrics(GetDeploymentMetricsRequest.newBuilder()
                .setService(service).build()).getMetrics();
    }

    @Test
    void newService_threeProductionDeploymentsTwoSucceedOneFails_showsAChangeFailureRateOfAThird() {
        deploy("newcomer", "production", true, DeploymentState.DEPLOYMENT_STATE_IN_PROGRESS, DeploymentState.DEPLOYMENT_STATE_SUCCEEDED);
        deploy("newcomer", "production", true, DeploymentState.DEPLOYMENT_STATE_IN_PROGRESS, DeploymentState.DEPLOYMENT_STATE_FAILED);
        deploy("newcomer", "production", true, DeploymentState.DEPLOYMENT_STATE_IN_PROGRESS, DeploymentState.DEPLOYMENT_STATE_SUCCEEDED);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            DeploymentMetrics m = metricsOf("newcomer");
            assertThat(m.getTotalDeployments()).isEqualTo(3);
            assertThat(m.getFailedDeployments()).isEqualTo(1);
            assertThat(m.getChangeFailureRate()).isCloseTo(1 / 3.0, org.assertj.core.data.Offset.offset(1e-9));
        });
        DeploymentMetrics m = metricsOf("newcomer");
        assertThat(m.getSucceededDeployments()).isEqualTo(2);
        assertThat(m.getChangeFailure().getLevel()).isEqualTo(DoraLevel.DORA_LEVEL_LOW);
        assertThat(m.getDeploymentFrequency().getSuccessfulDeployments()).isEqualTo(2);
        assertThat(m.getLeadTime().getCount()).isEqualTo(2);
        assertThat(m.getLeadTime().getLevel()).isEqualTo(DoraLevel.DORA_LEVEL_ELITE);
        assertThat(m.getRecoveryTime().getCount()).isEqualTo(1);
        assertThat(m.getDeploymentDuration().getCount()).isEqualTo(3);
    }

    @Test
    void filters_productionOnlyAndEnvironmentNarrowTheCounts_emptyMeansAll() {
        deploy("filtered", "production", true, DeploymentState.DEPLOYMENT_STATE_SUCCEEDED);
        deploy("filtered", "staging", false, DeploymentState.DEPLOYMENT_STATE_FAILED);
        deploy("filtered", "staging", false, DeploymentState.DEPLOYMENT_STATE_SUCCEEDED);

        await().atMost(Duration.ofSeconds(5)).until(() -> metricsOf("filtered").getTotalDeployments() == 3);
        DeploymentMetrics production = server.metrics(Role.VIEWER).getDeploymentMetrics(GetDeploymentMetricsRequest
                .newBuilder().setService("filtered").setProductionOnly(true).build()).getMetrics();
        DeploymentMetrics staging = server.metrics(Role.VIEWER).getDeploymentMetrics(GetDeploymentMetricsRequest
                .newBuilder().setService("filtered").setEnvironment("staging").build()).getMetrics();
        assertThat(production.getTotalDeployments()).isEqualTo(1);
        assertThat(staging.getTotalDeployments()).isEqualTo(2);
        assertThat(staging.getFailedDeployments()).isEqualTo(1);
        // The DORA keys count production deployments only, whatever the filter.
        assertThat(staging.getChangeFailure().getFinishedDeployments()).isZero();
        assertThat(staging.getChangeFailure().getLevel()).isEqualTo(DoraLevel.DORA_LEVEL_NO_DATA);
    }

    @Test
    void timeSeries_hasOnePointPerBucketOfTheRange() {
        Instant end = Instant.parse("2026-04-01T00:00:00Z");
        List<DeploymentMetrics> days = server.metrics(Role.VIEWER).getMetricsTimeSeries(GetMetricsTimeSeriesRequest.newBuilder()
                .setStartTime(Timestamp.newBuilder().setSeconds(end.minus(Duration.ofDays(31)).getEpochSecond()))
                .setEndTime(Timestamp.newBuilder().setSeconds(end.getEpochSecond()))
                .setBucket(TimeBucket.TIME_BUCKET_DAY).build()).getPointsList();
        List<DeploymentMetrics> months = server.metrics(Role.VIEWER).getMetricsTimeSeries(GetMetricsTimeSeriesRequest.newBuilder()
                .setStartTime(Timestamp.newBuilder().setSeconds(end.minus(Duration.ofDays(31)).getEpochSecond()))
                .setEndTime(Timestamp.newBuilder().setSeconds(end.getEpochSecond()))
                .setBucket(TimeBucket.TIME_BUCKET_MONTH).build()).getPointsList();
        List<DeploymentMetrics> weeks = server.metrics(Role.VIEWER).getMetricsTimeSeries(GetMetricsTimeSeriesRequest.newBuilder()
                .setStartTime(Timestamp.newBuilder().setSeconds(end.minus(Duration.ofDays(31)).getEpochSecond()))
                .setEndTime(Timestamp.newBuilder().setSeconds(end.getEpochSecond()))
                .setBucket(TimeBucket.TIME_BUCKET_WEEK).build()).getPointsList();

        assertThat(days).hasSize(31);
        assertThat(days.get(0).getStartTime().getSeconds()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z").getEpochSecond());
        assertThat(months).hasSize(1);
        // 1 March 2026 is a Sunday: [1], [2-8], [9-15], [16-22], [23-29], [30-31].
        assertThat(weeks).hasSize(6);
    }

    @Test
    void timeSeries_pointsAddUpToTheWholeRange() {
        deploy("series", "production", true, DeploymentState.DEPLOYMENT_STATE_SUCCEEDED);
        deploy("series", "production", true, DeploymentState.DEPLOYMENT_STATE_FAILED);
        await().atMost(Duration.ofSeconds(5)).until(() -> metricsOf("series").getTotalDeployments() == 2);

        List<DeploymentMetrics> days = server.metrics(Role.VIEWER).getMetricsTimeSeries(GetMetricsTimeSeriesRequest
                .newBuilder().setService("series").setBucket(TimeBucket.TIME_BUCKET_DAY).build()).getPointsList();

        assertThat(days).hasSize(30);
        assertThat(days.stream().mapToLong(DeploymentMetrics::getTotalDeployments).sum()).isEqualTo(2);
        assertThat(days.get(days.size() - 1).getTotalDeployments()).isEqualTo(2);
    }

    @Test
    void aRangeOfWholeMonths_readFromMonthRows_equalsTheSumOfItsDays() {
        deploy("monthly", "production", true, DeploymentState.DEPLOYMENT_STATE_SUCCEEDED);
        deploy("monthly", "production", true, DeploymentState.DEPLOYMENT_STATE_FAILED);
        await().atMost(Duration.ofSeconds(5)).until(() -> metricsOf("monthly").getTotalDeployments() == 2);
        java.time.LocalDate thisMonth = java.time.LocalDate.now(java.time.ZoneOffset.UTC).withDayOfMonth(1);
        Timestamp start = Timestamp.newBuilder().setSeconds(thisMonth.minusMonths(1).atStartOfDay().toEpochSecond(java.time.ZoneOffset.UTC)).build();
        Timestamp end = Timestamp.newBuilder().setSeconds(thisMonth.plusMonths(1).atStartOfDay().toEpochSecond(java.time.ZoneOffset.UTC)).build();

        DeploymentMetrics whole = server.metrics(Role.VIEWER).getDeploymentMetrics(GetDeploymentMetricsRequest.newBuilder()
                .setService("monthly").setStartTime(start).setEndTime(end).build()).getMetrics();
        List<DeploymentMetrics> days = server.metrics(Role.VIEWER).getMetricsTimeSeries(GetMetricsTimeSeriesRequest.newBuilder()
                .setService("monthly").setStartTime(start).setEndTime(end).setBucket(TimeBucket.TIME_BUCKET_DAY).build()).getPointsList();

        assertThat(whole.getTotalDeployments()).isEqualTo(2).isEqualTo(days.stream().mapToLong(DeploymentMetrics::getTotalDeployments).sum());
        assertThat(whole.getChangeFailureRate()).isEqualTo(0.5);
        assertThat(whole.getDeploymentFrequency().getDeployDays()).isEqualTo(1);
    }

    @Test
    void badInput_isInvalidArgumentWithAFieldViolationPerProblem() {
        StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class, () ->
                server.metrics(Role.VIEWER).getMetricsTimeSeries(GetMetricsTimeSeriesRequest.newBuilder()
                        .setService("x".repeat(101))
                        .setStartTime(Timestamp.newBuilder().setSeconds(2_000_000_000L))
                        .setEndTime(Timestamp.newBuilder().setSeconds(1_000_000_000L))
                        .build()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(fields(e)).containsExactlyInAnyOrder("service", "bucket", "start_time");
    }

    @Test
    void badInput_rangeTooLongAndInvalidTimestamps_areFieldViolations() {
        StatusRuntimeException tooLong = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class, () ->
                server.metrics(Role.VIEWER).getDeploymentMetrics(GetDeploymentMetricsRequest.newBuilder()
                        .setStartTime(Timestamp.newBuilder().setSeconds(0))
                        .setEndTime(Timestamp.newBuilder().setSeconds(1_000_000_000L)).build()));
        StatusRuntimeException invalid = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class, () ->
                server.metrics(Role.VIEWER).getDeploymentMetrics(GetDeploymentMetricsRequest.newBuilder()
                        .setEndTime(Timestamp.newBuilder().setSeconds(1).setNanos(-5)).build()));

        assertThat(fields(tooLong)).containsExactly("end_time");
        assertThat(fields(invalid)).containsExactly("end_time");
    }

    @Test
    void roles_viewerReads_rebuildNeedsService_anonymousIsRejected() {
        assertThatThrownBy(() -> server.anonymous().getDeploymentMetrics(GetDeploymentMetricsRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        assertThatThrownBy(() -> server.metrics(Role.VIEWER).rebuildMetrics(RebuildMetricsRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        assertThat(server.metrics(Role.DEPLOYER).getDeploymentMetrics(GetDeploymentMetricsRequest.getDefaultInstance())
                .hasMetrics()).isTrue();
    }

    private static List<String> fields(StatusRuntimeException e) {
        return StatusProto.fromThrowable(e).getDetailsList().stream()
                .filter(a -> a.is(BadRequest.class))
                .flatMap(a -> {
                    try {
                        return a.unpack(BadRequest.class).getFieldViolationsList().stream();
                    } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
                        throw new IllegalStateException(ex);
                    }
                })
                .map(BadRequest.FieldViolation::getField)
                .collect(Collectors.toList());
    }
}
