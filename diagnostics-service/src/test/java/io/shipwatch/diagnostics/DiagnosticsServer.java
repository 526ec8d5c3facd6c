package io.shipwatch.diagnostics;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.shipwatch.diagnostics.v1.DiagnosticsServiceGrpc;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.platform.testing.Infra;
import io.shipwatch.platform.testing.TestPorts;
import io.shipwatch.platform.testing.TestTokens;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real diagnostics-service on a random port over its own fresh PostgreSQL database, with
 * stubs that carry a token for a given role. Extra beans (e.g. a test provider) and properties
 * (e.g. the mock cluster's URL) are passed in.
 */
public final class DiagnosticsServer implements AutoCloseable {
    public static final String SECRET = "test-secret-0123456789abcdef0123456789";

    private final String jdbcUrl;
    private final ApplicationContext context;
    private final ManagedChannel channel;

    private DiagnosticsServer(Map<String, Object> extra, Object... beans) {
        Infra.PostgresServer pg = Infra.postgres().orElseThrow();
        jdbcUrl = pg.freshDatabase("diagnostics_test");
        int port = TestPorts.free();
        Map<String, Object> props = new HashMap<>(Map.of(
                "grpc.server.port", port,
                "datasources.default.url", jdbcUrl,
                "datasources.default.username", pg.user(),
                "datasources.default.password", pg.password(),
                "shipwatch.auth.hs256-secret", SECRET,
                "shipwatch.redis-uri", ""));
        props.putAll(extra);
        context = ApplicationContext.builder().properties(props).singletons(beans).start();
        context.getBean(EmbeddedServer.class).start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    public static DiagnosticsServer start(Map<String, Object> extra, Object... beans) {
        return new DiagnosticsServer(extra, beans);
    }

    public DiagnosticsServiceGrpc.DiagnosticsServiceBlockingStub blocking(Role role) {
        return DiagnosticsServiceGrpc.newBlockingStub(channel)
                .withInterceptors(TestTokens.bearer(SECRET, role, "user-" + role.claimValue()))
                .withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    public DiagnosticsServiceGrpc.DiagnosticsServiceStub async(Role role) {
        return DiagnosticsServiceGrpc.newStub(channel)
                .withInterceptors(TestTokens.bearer(SECRET, role, "user-" + role.claimValue()));
    }

    public ApplicationContext context() {
        return context;
    }

    public ManagedChannel channel() {
        return channel;
    }

    @Override
    public void close() {
        channel.shutdownNow();
        context.close();
        Infra.postgres().orElseThrow().dropDatabase(jdbcUrl);
    }
}
