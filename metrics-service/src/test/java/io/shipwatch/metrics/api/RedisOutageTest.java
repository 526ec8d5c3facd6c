package io.shipwatch.metrics.api;

import static io.shipwatch.status.v1.DeploymentState.DEPLOYMENT_STATE_FAILED;
import static io.shipwatch.status.v1.DeploymentState.DEPLOYMENT_STATE_SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.shipwatch.metrics.Deployments;
import io.shipwatch.metrics.MetricsServer;
import io.shipwatch.metrics.OwnRedis;
import io.shipwatch.metrics.v1.DeploymentMetrics;
import io.shipwatch.metrics.v1.GetDeploymentMetricsRequest;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.platform.testing.RequiresPostgres;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Answers stay correct when Redis goes away mid-test, and caching resumes when it returns. */
@RequiresPostgres
class RedisOutageTest {
    private static OwnRedis redis;
    private static MetricsServer server;

    @BeforeAll
    static void start() {
        redis = OwnRedis.start();
        server = MetricsServer.start(Map.of("shipwatch.metrics.redis-uri", redis.uri()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        redis.close();
    }

    private static DeploymentMetrics outage() {
        return server.metrics(Role.VIEWER).getDeploymentMetrics(GetDeploymentMetricsRequest.newBuilder()
                .setService("outage").build()).getMetrics();
    }

    private static long cachedAnswers() {
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return c.sync().keys("shipwatch:metrics:a:*").size();
        } finally {
            client.shutdown();
        }
    }

    @Test
    void redisDownMidTest_answersStayCorrect_andCachingResumesWhenItReturns() {
        Deployments.deploy(server.status(Role.DEPLOYER), "outage", "production", true, DEPLOYMENT_STATE_SUCCEEDED);
        await().atMost(Duration.ofSeconds(5)).until(() -> outage().getTotalDeployments() == 1);
        // The cache connects to Redis in the background after start; ask until an answer lands there.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            outage();
            return cachedAnswers() > 0;
        });

        redis.down();
        Deployments.deploy(server.status(Role.DEPLOYER), "outage", "production", true, DEPLOYMENT_STATE_FAILED);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            DeploymentMetrics m = outage();
            assertThat(m.getTotalDeployments()).isEqualTo(2);
            assertThat(m.getChangeFailureRate()).isEqualTo(0.5);
        });

        redis.up();
        // Each try asks a query not cached in process yet (a range one day longer), so it must go through Redis.
        java.util.concurrent.atomic.AtomicInteger days = new java.util.concurrent.atomic.AtomicInteger(30);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            server.metrics(Role.VIEWER).getDeploymentMetrics(GetDeploymentMetricsRequest.newBuilder().setService("outage")
                    .setStartTime(com.google.protobuf.Timestamp.newBuilder().setSeconds(
                            java.time.Instant.now().minus(Duration.ofDays(days.incrementAndGet())).getEpochSecond())).build());
            return cachedAnswers() > 0;
        });
        Deployments.deploy(server.status(Role.DEPLOYER), "outage", "production", true, DEPLOYMENT_STATE_SUCCEEDED);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            DeploymentMetrics m = outage();
            assertThat(m.getTotalDeployments()).isEqualTo(3);
            assertThat(m.getFailedDeployments()).isEqualTo(1);
        });
    }
}
