package io.shipwatch.audit.api;

import static io.shipwatch.platform.testing.GrpcFailures.errorInfo;
import static io.shipwatch.platform.testing.GrpcFailures.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.shipwatch.audit.AuditServer;
import io.shipwatch.audit.Exports;
import io.shipwatch.audit.v1.AppendAuditEventRequest;
import io.shipwatch.audit.v1.AuditEvent;
import io.shipwatch.audit.v1.ExportAuditEventsRequest;
import io.shipwatch.audit.v1.ExportFilter;
import io.shipwatch.audit.v1.ExportFormat;
import io.shipwatch.audit.v1.ListAuditEventsRequest;
import io.shipwatch.audit.v1.VerifyAuditChainRequest;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.platform.testing.RequiresPostgres;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Exports over the real stream, read back with standard parsers. Idempotency across processes is in ExportIdempotencyTest. */
@RequiresPostgres
class ExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static AuditServer server;
    private static final List<String> deployments = new ArrayList<>();
    private static List<AuditEvent> expected;

    @BeforeAll
    static void start() {
        server = AuditServer.start();
        for (int d = 0; d < 3; d++) {
            deployments.add(UUID.randomUUID().toString());
        }
        // Subjects and details a spreadsheet would run as formulas, and text that needs CSV quoting.
        String[] actors = {"=HYPERLINK(\"http://evil\")", "+SUM(1)", "-1", "@cmd", "alice"};
        for (int i = 0; i < 15; i++) {
            server.blocking(Role.SERVICE, actors[i % actors.length]).appendAuditEvent(AppendAuditEventRequest.newBuilder()
                    .setAction("approval.granted").setDeploymentId(deployments.get(i % 3)).setService("check,out")
                    .setEnvironment("prod \"eu\"\nwest").putDetails("note", "=2+2").putDetails("n", "" + i).build());
        }
        // An entry of another deployment, which the exports below must leave out.
        server.blocking(Role.SERVICE).appendAuditEvent(AppendAuditEventRequest.newBuilder().setAction("approval.granted")
                .setDeploymentId(UUID.randomUUID().toString()).build());
        expected = server.blocking(Role.AUDITOR).listAuditEvents(ListAuditEventsRequest.newBuilder().setService("check,out")
                .build()).getAuditEventsList();
        assertThat(expected).hasSize(15);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ExportAuditEventsRequest.Builder byIds(ExportFormat format) {
        return ExportAuditEventsRequest.newBuilder().addAllDeploymentIds(deployments).setFormat(format);
    }

    private static Exports export(ExportAuditEventsRequest request) {
        return Exports.run(server.blocking(Role.AUDITOR), request);
    }

    private static void assertSameEntry(JsonNode n, AuditEvent e) {
        assertThat(n.get("id").asText()).isEqualTo(e.getId());
        assertThat(n.get("sequence").asLong()).isEqualTo(e.getSequence());
        assertThat(n.get("actor").asText()).isEqualTo(e.getActor());
        assertThat(n.get("environment").asText()).isEqualTo(e.getEnvironment());
        assertThat(n.get("deployment_id").asText()).isEqualTo(e.getDeploymentId());
        assertThat(n.get("hash").asText()).isEqualTo(e.getHash());
        assertThat(n.get("details").get("note").asText()).isEqualTo("=2+2");
        assertThat(n.get("details").get("n").asText()).isEqualTo(e.getDetailsOrThrow("n"));
        assertThat(java.time.Instant.parse(n.get("occurred_at").asText()))
                .isEqualTo(java.time.Instant.ofEpochSecond(e.getOccurredAt().getSeconds(), e.getOccurredAt().getNanos()));
    }

    @Test
    void json_isOneArrayThatParsesBackToTheSameEntries() throws Exception {
        Exports out = export(byIds(ExportFormat.EXPORT_FORMAT_JSON).build());
        JsonNode array = JSON.readTree(out.bytes());
        assertThat(array.isArray()).isTrue();
        assertThat(array.size()).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertSameEntry(array.get(i), expected.get(i));
        }
        assertThat(out.summary().getEventCount()).isEqualTo(15);
    }

    @Test
    void ndjson_isOneEntryPerLineThatParsesBack() throws Exception {
        Exports out = export(byIds(ExportFormat.EXPORT_FORMAT_NDJSON).build());
        List<String> lines = new String(out.bytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(expected.size());
        for (int i = 0; i < lines.size(); i++) {
            assertSameEntry(JSON.readTree(lines.get(i)), expected.get(i));
        }
    }

    @Test
    void csv_parsesWithCommonsCsv_andFormulaCellsAreNeutralised() throws Exception {
        Exports out = export(byIds(ExportFormat.EXPORT_FORMAT_CSV).build());
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new InputStreamReader(new ByteArrayInputStream(out.bytes()), StandardCharsets.UTF_8)).getRecords();
        assertThat(rows).hasSize(expected.size());
        for (int i = 0; i < rows.size(); i++) {
            CSVRecord row = rows.get(i);
            AuditEvent e = expected.get(i);
            String actor = e.getActor();
            boolean formula = "=+-@".indexOf(actor.charAt(0)) >= 0;
            assertThat(row.get("actor")).isEqualTo(formula ? "'" + actor : actor);
            assertThat(row.get("id")).isEqualTo(e.getId());
            assertThat(row.get("service")).isEqualTo("check,out");
            assertThat(row.get("environment")).isEqualTo("prod \"eu\"\nwest");
            assertThat(row.get("hash")).isEqualTo(e.getHash());
            assertThat(JSON.readTree(row.get("details")).get("note").asText()).isEqualTo("=2+2");
        }
        for (CSVRecord row : rows) {
            for (String cell : row.values()) {
                assertThat(cell).as("no cell may start like a formula").doesNotStartWith("=").doesNotStartWith("+")
                        .doesNotStartWith("-").doesNotStartWith("@");
            }
        }
    }

    @Test
    void summary_describesExactlyTheBytesReceived_andGzipHoldsTheSameExport() throws Exception {
        Exports plain = export(byIds(ExportFormat.EXPORT_FORMAT_NDJSON).build());
        Exports gzip = export(byIds(ExportFormat.EXPORT_FORMAT_NDJSON).setGzip(true).build());
        assertThat(plain.summary().getSha256()).isEqualTo(plain.sha256());
        assertThat(plain.summary().getByteCount()).isEqualTo(plain.bytes().length);
        assertThat(gzip.summary().getSha256()).isEqualTo(gzip.sha256());
        assertThat(gzip.summary().getByteCount()).isEqualTo(gzip.bytes().length);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip.bytes()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain.bytes());
        }
        assertThat(gzip.summary().getEventCount()).isEqualTo(plain.summary().getEventCount());
    }

    @Test
    void filterExport_selectsByActorAndAction() throws Exception {
        Exports out = export(ExportAuditEventsRequest.newBuilder().setFormat(ExportFormat.EXPORT_FORMAT_JSON)
                .setFilter(ExportFilter.newBuilder().setActor("alice").setAction("approval.granted").setService("check,out"))
                .build());
        JsonNode array = JSON.readTree(out.bytes());
        assertThat(array.size()).isEqualTo(3);
        array.forEach(n -> assertThat(n.get("actor").asText()).isEqualTo("alice"));
    }

    @Test
    void summaryHead_isAnAnchorThatVerificationAccepts_andAWrongOneIsReported() {
        Exports out = export(byIds(ExportFormat.EXPORT_FORMAT_JSON).build());
        var ok = server.blocking(Role.AUDITOR).verifyAuditChain(VerifyAuditChainRequest.newBuilder()
                .setExpectedAnchor(out.summary().getHead()).build());
        assertThat(ok.getValid()).isTrue();
        var wrong = server.blocking(Role.AUDITOR).verifyAuditChain(VerifyAuditChainRequest.newBuilder()
                .setExpectedAnchor(out.summary().getHead().toBuilder().setHash("0".repeat(64))).build());
        assertThat(wrong.getValid()).isFalse();
        assertThat(wrong.getFirstBroken().getSequence()).isEqualTo(out.summary().getHead().getSequence());
    }

    @Test
    void sameKey_returnsTheSameBytesEvenAfterNewEntries_andAnotherRequestWithItIsRejected() throws Exception {
        String key = "idem-" + UUID.randomUUID();
        String later = UUID.randomUUID().toString();
        Exports first = export(byIds(ExportFormat.EXPORT_FORMAT_CSV).addDeploymentIds(later).setIdempotencyKey(key).build());
        server.blocking(Role.SERVICE).appendAuditEvent(AppendAuditEventRequest.newBuilder().setAction("approval.granted")
                .setDeploymentId(later).build());
        Exports again = export(byIds(ExportFormat.EXPORT_FORMAT_CSV).addDeploymentIds(later).setIdempotencyKey(key).build());
        assertThat(again.bytes()).isEqualTo(first.bytes());
        assertThat(again.summary()).isEqualTo(first.summary());

        assertThat(export(byIds(ExportFormat.EXPORT_FORMAT_CSV).addDeploymentIds(later).build()).summary().getEventCount())
                .as("without the key the new entry is exported").isEqualTo(first.summary().getEventCount() + 1);
        StatusRuntimeException reused = failure(() -> export(byIds(ExportFormat.EXPORT_FORMAT_JSON).setIdempotencyKey(key).build()));
        assertThat(reused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(errorInfo(reused).getReason()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        StatusRuntimeException otherCaller = failure(() -> Exports.run(server.blocking(Role.AUDITOR, "someone-else"),
                byIds(ExportFormat.EXPORT_FORMAT_CSV).addDeploymentIds(later).setIdempotencyKey(key).build()));
        assertThat(otherCaller.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void exportsLargerThanTheStoredLimit_areReplayedFromTheirCutWithTheSameBytes() {
        try (AuditServer small = AuditServer.replicaOf(server, Map.of("shipwatch.audit.export.max-stored-bytes", 100))) {
            String key = "cut-" + UUID.randomUUID();
            String later = UUID.randomUUID().toString();
            ExportAuditEventsRequest request = byIds(ExportFormat.EXPORT_FORMAT_JSON).addDeploymentIds(later).setIdempotencyKey(key).build();
            Exports first = Exports.run(small.blocking(Role.AUDITOR), request);
            assertThat(first.bytes().length).isGreaterThan(100);
            small.blocking(Role.SERVICE).appendAuditEvent(AppendAuditEventRequest.newBuilder().setAction("approval.granted")
                    .setDeploymentId(later).build());
            Exports again = Exports.run(small.blocking(Role.AUDITOR), request);
            assertThat(again.bytes()).isEqualTo(first.bytes());
            assertThat(again.summary()).isEqualTo(first.summary());
        }
    }
}
