package io.shipwatch.status;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.platform.testing.Infra;
import io.shipwatch.platform.testing.TestPorts;
import io.shipwatch.platform.testing.TestTokens;
import io.shipwatch.status.v1.StatusServiceGrpc;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real status-service on a random port over its own fresh PostgreSQL database, with
 * stubs that carry a token for a given role. Restartable on the same database.
 */
public final class StatusServer implements AutoCloseable {
    public static final String SECRET = "test-secret-0123456789abcdef0123456789";
    /** 30 s from each call's start (a stub's own withDeadlineAfter would count from the stub's creation). */
    private static final io.grpc.ClientInterceptor PER_CALL_DEADLINE = new io.grpc.ClientInterceptor() {
        @Override
        public <Q, R> io.grpc.ClientCall<Q, R> interceptCall(io.grpc.MethodDescriptor<Q, R> method,
                                                             io.grpc.CallOptions options, io.grpc.Channel next) {
            return next.newCall(method, options.getDeadline() == null ? options.withDeadlineAfter(30, TimeUnit.SECONDS) : options);
        }
    };

    private final String jdbcUrl;
    private final OpenTelemetrySdk telemetry;
    private final Map<String, Object> extra;
    private ApplicationContext context;
    private ManagedChannel channel;
    private int port;

    private StatusServer(String jdbcUrl, OpenTelemetrySdk telemetry, Map<String, Object> extra) {
        this.jdbcUrl = jdbcUrl;
        this.telemetry = telemetry;
        this.extra = extra;
    }

    public static StatusServer start() {
        return start(null, Map.of());
    }

    public static StatusServer start(OpenTelemetrySdk telemetry, Map<String, Object> extra) {
        Infra.PostgresServer pg = Infra.postgres().orElseThrow();
        StatusServer server = new StatusServer(pg.freshDatabase("status_test"), telemetry, extra);
        server.boot();
        return server;
    }

    private void boot() {
        port = TestPorts.free();
        Infra.PostgresServer pg = Infra.postgres().orElseThrow();
        Map<String, Object> props = new HashMap<>(Map.of(
                "grpc.server.port", port,
                "datasources.default.url", jdbcUrl,
                "datasources.default.username", pg.user(),
                "datasources.default.password", pg.password(),
                "shipwatch.auth.hs256-secret", SECRET,
                "shipwatch.events.heartbeat-interval", "1s"));
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
        stop();
        boot();
    }

    public StatusServiceGrpc.StatusServiceBlockingStub blocking(Role role) {
        return blocking(role, "user-" + role.claimValue());
    }

    public StatusServiceGrpc.StatusServiceBlockingStub blocking(Role role, String subject) {
        return StatusServiceGrpc.newBlockingStub(channel).withInterceptors(auth(role, subject), PER_CALL_DEADLINE);
    }

    public StatusServiceGrpc.StatusServiceStub async(Role role) {
        return StatusServiceGrpc.newStub(channel).withInterceptors(auth(role, "user-" + role.claimValue()));
    }

    public StatusServiceGrpc.StatusServiceBlockingStub anonymous() {
        return StatusServiceGrpc.newBlockingStub(channel).withInterceptors(PER_CALL_DEADLINE);
    }

    public ManagedChannel channel() {
        return channel;
    }

    public ApplicationContext context() {
        return context;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public java.sql.Connection sql() throws java.sql.SQLException {
        Infra.PostgresServer pg = Infra.postgres().orElseThrow();
        return java.sql.DriverManager.getConnection(jdbcUrl, pg.user(), pg.password());
    }

    private static io.grpc.ClientInterceptor auth(Role role, String subject) {
        return TestTokens.bearer(SECRET, role, subject);
    }

    /** The rich google.rpc.Status of a failed call. */
    public static com.google.rpc.Status rich(StatusRuntimeException e) {
        return StatusProto.fromThrowable(e);
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
        Infra.postgres().orElseThrow().dropDatabase(jdbcUrl);
    }
}
