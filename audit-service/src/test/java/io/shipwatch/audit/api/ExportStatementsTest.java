package io.shipwatch.audit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.shipwatch.audit.AuditServer;
import io.shipwatch.audit.Exports;
import io.shipwatch.audit.domain.NewAuditEntry;
import io.shipwatch.audit.store.AuditLog;
import io.shipwatch.audit.v1.ExportAuditEventsRequest;
import io.shipwatch.audit.v1.ExportFormat;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.platform.testing.InMemoryTelemetry;
import io.shipwatch.platform.testing.RequiresPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Exporting 1000 deployments × 10 entries issues a small fixed number of SQL statements. */
@RequiresPostgres
class ExportStatementsTest {
    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static AuditServer server;
    private static final List<String> ids = new ArrayList<>();

    @BeforeAll
    static void seed() {
        OpenTelemetrySdk sdk = InMemoryTelemetry.sdk(SPANS);
        server = AuditServer.start(sdk, Map.of());
        List<NewAuditEntry> entries = new ArrayList<>();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int d = 0; d < 1000; d++) {
            UUID id = UUID.randomUUID();
            ids.add(id.toString());
            for (int e = 0; e < 10; e++) {
                entries.add(new NewAuditEntry("ci", "deployment.status_changed", id, "svc-" + d % 20, "prod", "QUEUED",
                        "IN_PROGRESS", t.plusSeconds(d * 10L + e), "", NewAuditEntry.details(Map.of("n", "" + e))));
            }
        }
        server.context().getBean(AuditLog.class).append(entries);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void thousandDeployments_areExportedWithAtMostFiveStatements() {
        String trace = UUID.randomUUID().toString().replace("-", "");
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER), "00-" + trace + "-00f067aa0ba902b7-01");
        Exports out = Exports.run(server.blocking(Role.AUDITOR).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)),
                ExportAuditEventsRequest.newBuilder().addAllDeploymentIds(ids).setFormat(ExportFormat.EXPORT_FORMAT_CSV).build());

        assertThat(out.summary().getEventCount()).isEqualTo(10_000);
        assertThat(out.chunks()).isGreaterThan(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> sql(trace).size() >= 2);
        List<SpanData> sql = sql(trace);
        assertThat(sql).as("SQL statements: %s", sql.stream().map(SpanData::getName).toList()).hasSizeLessThanOrEqualTo(5);
    }

    private static List<SpanData> sql(String trace) {
        return SPANS.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.CLIENT && s.getTraceId().equals(trace))
                .toList();
    }
}
