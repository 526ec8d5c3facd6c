package io.shipwatch.audit.events;

import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.shipwatch.audit.AuditServer;
import io.shipwatch.platform.auth.DevTokens;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.platform.testing.Infra;
import io.shipwatch.platform.testing.ServiceJars;
import io.shipwatch.platform.testing.ServiceProcess;
import io.shipwatch.status.v1.StatusServiceGrpc;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real status-service process over a fresh database, sharing the audit test server's token secret. */
final class StatusProcess implements AutoCloseable {
    private final String jdbcUrl;
    private final ServiceProcess process;

    StatusProcess() {
        Infra.PostgresServer pg = Infra.postgres().orElseThrow();
        jdbcUrl = pg.freshDatabase("status_for_audit");
        process = ServiceProcess.start(ServiceJars.status(), Map.of(
                "SHIPWATCH_AUTH_HS256_SECRET", AuditServer.SECRET,
                "DATASOURCES_DEFAULT_URL", jdbcUrl,
                "DATASOURCES_DEFAULT_USERNAME", pg.user(),
                "DATASOURCES_DEFAULT_PASSWORD", pg.password(),
                "SHIPWATCH_EVENTS_HEARTBEAT_INTERVAL", "1s"));
    }

    String address() {
        return process.address();
    }

    /** The audit server settings that point its consumer at this process. */
    Map<String, Object> consumerSettings() {
        return Map.of("shipwatch.consumer.enabled", true,
                "grpc.channels.status.address", address(),
                "grpc.channels.status.plaintext", true);
    }

    StatusServiceGrpc.StatusServiceBlockingStub deployer(Metadata extraHeaders) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                "Bearer " + DevTokens.issue(AuditServer.SECRET, "ci-runner", List.of(Role.DEPLOYER), Duration.ofHours(1)));
        headers.merge(extraHeaders);
        return StatusServiceGrpc.newBlockingStub(process.channel())
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    /** How many events status-service's log holds (every one sequenced). */
    long eventCount() throws SQLException {
        Infra.PostgresServer pg = Infra.postgres().orElseThrow();
        try (Connection c = DriverManager.getConnection(jdbcUrl, pg.user(), pg.password()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from event where position is not null")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() {
        process.close();
        Infra.postgres().orElseThrow().dropDatabase(jdbcUrl);
    }
}
