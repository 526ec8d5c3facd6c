package io.shipwatch.metrics;

import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.shipwatch.metrics.v1.MetricsServiceGrpc;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.platform.testing.Infra;
import io.shipwatch.platform.testing.TestPorts;
import io.shipwatch.platform.testing.TestTokens;
import io.shipwatch.platform.testing.ServiceJars;
import io.shipwatch.platform.testing.ServiceProcess;
import io.shipwatch.status.v1.StatusServiceGrpc;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real status-service process (from its shaded jar) and metrics-service in this JVM on a random
 * port, each over its own fresh PostgreSQL database, with stubs carrying a token for a role.
 */
public final class MetricsServer implements AutoCloseable {
    public static final String SECRET = "test-secret-0123456789abcdef0123456789";

    private final ServiceProcess status;
    private final String statusDb;
    private final String metricsDb;
    private final Map<String, Object> extra;
    private final io.opentelemetry.sdk.OpenTelemetrySdk telemetry;
    private ApplicationContext context;
    private ManagedChannel channel;

    private MetricsServer(ServiceProcess status, String statusDb, String metricsDb, Map<String, Object> extra,
                          io.opentelemetry.sdk.OpenTelemetrySdk telemetry) {
        this.status = status;
        this.statusDb = statusDb;
        this.metricsDb = metricsDb;
        this.extra = extra;
        this.telemetry = telemetry;
    }

    public static MetricsServer start() {
        return start(Map.of());
    }

    public static MetricsServer start(Map<String, Object> extra) {
        return start(extra, null);
    }

    /** With {@code telemetry} (may be null) as the service's OpenTelemetry. */
    public static MetricsServer start(Map<String, Object> extra, io.opentelemetry.sdk.OpenTelemetrySdk telemetry) {
        Infra.PostgresServer pg = Infra.postgres().orElseThrow();
        String statusDb = pg.freshDatabase("status_for_metrics");
        ServiceProcess status = ServiceProcess.start(ServiceJars.status(), Map.of(
                "DATASOURCES_DEFAULT_URL", statusDb,
                "DATASOURCES_DEFAULT_USERNAME", pg.user(),
                "DATASOURCES_DEFAULT_PASSWORD", pg.password(),
                "SHIPWATCH_AUTH_HS256_SECRET", SECRET,
                "SHIPWATCH_EVENTS_HEARTBEAT_INTERVAL", "500ms",
                "DB_POOL_SIZE", "4"));
        MetricsServer server = new MetricsServer(status, statusDb, pg.freshDatabase("metrics_test"), extra, telemetry);
        server.boot();
        return server;
    }

    private void boot() {
        int port = TestPorts.free();
        Infra.PostgresServer pg = Infra.postgres().orElseThrow();
        Map<String, Object> props = new HashMap<>(Map.of(
                "grpc.server.port", port,
                "datasources.default.url", metricsDb,
                "datasources.default.username", pg.user(),
                "datasources.default.password", pg.password(),
                "datasources.default.maximum-pool-size", 6,
                "shipwatch.auth.hs256-secret", SECRET,
                "grpc.channels.status.address", status.address(),
                "grpc.channels.status.plaintext", true,
                "shipwatch.metrics.redis-uri", ""));
        props.putAll(extra);
        var builder = ApplicationContext.builder().properties(props);
        if (telemetry != null) {
            builder.singletons(telemetry);
        }
        context = builder.start();
        context.getBean(EmbeddedServer.class).start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    public MetricsServiceGrpc.MetricsServiceBlockingStub metrics(Role role) {
        return MetricsServiceGrpc.newBlockingStub(channel).withInterceptors(auth(role))
                .withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    public MetricsServiceGrpc.MetricsServiceBlockingStub anonymous() {
        return MetricsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    public StatusServiceGrpc.StatusServiceBlockingStub status(Role role) {
        return StatusServiceGrpc.newBlockingStub(status.channel()).withInterceptors(auth(role))
                .withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    public ApplicationContext context() {
        return context;
    }

    public Connection metricsDatabase() throws SQLException {
        Infra.PostgresServer pg = Infra.postgres().orElseThrow();
        return DriverManager.getConnection(metricsDb, pg.user(), pg.password());
    }

    private static ClientInterceptor auth(Role role) {
        return TestTokens.bearer(SECRET, role, "user-" + role.claimValue());
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (context != null) {
            context.close();
        }
        status.close();
        Infra.PostgresServer pg = Infra.postgres().orElseThrow();
        pg.dropDatabase(metricsDb);
        pg.dropDatabase(statusDb);
    }
}
