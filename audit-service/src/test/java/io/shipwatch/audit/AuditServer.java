package io.shipwatch.audit;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.shipwatch.audit.v1.AuditServiceGrpc;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.platform.testing.Infra;
import io.shipwatch.platform.testing.TestPorts;
import io.shipwatch.platform.testing.TestTokens;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real audit-service on a random port over a PostgreSQL database (fresh, or shared with
 * another instance), with stubs that carry a token for a given role. Restartable on the same
 * database. The StreamEvents consumer is off unless the test configures it.
 */
public final class AuditServer implements AutoCloseable {
    public static final String SECRET = "test-secret-0123456789abcdef0123456789";
    public static final String HMAC_KEY = "test-hmac-key-0123456789abcdef0123456789";

    private final String jdbcUrl;
    private final boolean ownsDatabase;
    private final OpenTelemetrySdk telemetry;
    private Map<String, Object> extra;
    private ApplicationContext context;
    private ManagedChannel channel;

    private AuditServer(String jdbcUrl, boolean ownsDatabase, OpenTelemetrySdk telemetry, Map<String, Object> extra) {
        this.jdbcUrl = jdbcUrl;
        this.ownsDatabase = ownsDatabase;
        this.telemetry = telemetry;
        this.extra = extra;
    }

    public static AuditServer start() {
        return start(null, Map.of());
    }

    public static AuditServer start(OpenTelemetrySdk telemetry, Map<String, Object> extra) {
        AuditServer server = new AuditServer(Infra.postgres().orElseThrow().freshDatabase("audit_test"), true, telemetry, extra);
        server.boot();
        return server;
    }

    /** A second instance on the same database (a replica); closing it leaves the database. */
    public static AuditServer replicaOf(AuditServer first, Map<String, Object> extra) {
        AuditServer server = new AuditServer(first.jdbcUrl, false, null, extra);
        server.boot();
        return server;
    }

    private void boot() {
        int port = TestPorts.free();
        Infra.PostgresServer pg = Infra.postgres().orElseThrow();
        Map<String, Object> props = new HashMap<>(Map.of(
                "grpc.server.port", port,
                "datasources.default.url", jdbcUrl,
                "datasources.default.username", pg.user(),
                "datasources.default.password", pg.password(),
                "shipwatch.auth.hs256-secret", SECRET,
                "shipwatch.audit.hmac.key", HMAC_KEY,
                "shipwatch.consumer.enabled", false));
        props.putAll(extra);
        var builder = ApplicationContext.builder().properties(props);
        if (telemetry != null) {
            builder.singletons(telemetry);
        }
        context = builder.start();
        context.getBean(EmbeddedServer.class).start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    /** Stops the server (graceful) and starts a new one on the same database. */
    public void restart() {
        restart(extra);
    }

    /** Restarts on the same database with other settings (e.g. a rotated HMAC key). */
    public void restart(Map<String, Object> settings) {
        stop();
        extra = settings;
        boot();
    }

    public AuditServiceGrpc.AuditServiceBlockingStub blocking(Role role) {
        return blocking(role, "user-" + role.claimValue());
    }

    public AuditServiceGrpc.AuditServiceBlockingStub blocking(Role role, String subject) {
        return AuditServiceGrpc.newBlockingStub(channel).withInterceptors(auth(role, subject))
                .withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    public AuditServiceGrpc.AuditServiceStub async(Role role) {
        return AuditServiceGrpc.newStub(channel).withInterceptors(auth(role, "user-" + role.claimValue()));
    }

    public ApplicationContext context() {
        return context;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public Connection sql() throws SQLException {
        Infra.PostgresServer pg = Infra.postgres().orElseThrow();
        return DriverManager.getConnection(jdbcUrl, pg.user(), pg.password());
    }

    public static io.grpc.ClientInterceptor auth(Role role, String subject) {
        return TestTokens.bearer(SECRET, role, subject);
    }

    private void stop() {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (context != null) {
            context.close();
        }
    }

    @Override
    public void close() {
        stop();
        if (ownsDatabase) {
            Infra.postgres().orElseThrow().dropDatabase(jdbcUrl);
        }
    }
}
