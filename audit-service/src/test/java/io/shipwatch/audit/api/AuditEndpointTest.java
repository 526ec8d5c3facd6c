package io.shipwatch.audit.api;

import static io.shipwatch.platform.testing.GrpcFailures.errorInfo;
import static io.shipwatch.platform.testing.GrpcFailures.failure;
import static io.shipwatch.platform.testing.GrpcFailures.violations;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.shipwatch.audit.AuditServer;
import io.shipwatch.audit.v1.AppendAuditEventRequest;
import io.shipwatch.audit.v1.AuditEvent;
import io.shipwatch.audit.v1.AuditServiceGrpc.AuditServiceBlockingStub;
import io.shipwatch.audit.v1.ExportAuditEventsRequest;
import io.shipwatch.audit.v1.ExportFormat;
import io.shipwatch.audit.v1.ListAuditEventsRequest;
import io.shipwatch.audit.v1.ListAuditEventsResponse;
import io.shipwatch.audit.v1.VerifyAuditChainRequest;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.platform.testing.RequiresPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@RequiresPostgres
class AuditEndpointTest {
    private static AuditServer server;

    @BeforeAll
    static void start() {
        server = AuditServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static AppendAuditEventRequest.Builder approval(String service) {
        return AppendAuditEventRequest.newBuilder().setAction("approval.granted").setService(service).setEnvironment("prod")
                .setDeploymentId(UUID.randomUUID().toString()).putDetails("ticket", "CHG-1");
    }

    @Test
    void append_recordsTheCallerAsActorWithSequenceHashAndTrace() {
        AuditEvent e = server.blocking(Role.SERVICE, "diagnostics-service").appendAuditEvent(approval("billing").build())
                .getAuditEvent();
        assertThat(e.getActor()).isEqualTo("diagnostics-service");
        assertThat(e.getSequence()).isPositive();
        assertThat(e.getHash()).matches("[0-9a-f]{64}");
        assertThat(e.getKeyId()).isEqualTo("k1");
        assertThat(e.getTraceId()).matches("[0-9a-f]{32}");
        assertThat(e.getDetailsMap()).containsEntry("ticket", "CHG-1");
        assertThat(e.getOccurredAt().getSeconds()).isPositive();
    }

    @Test
    void append_byADeployerIsAllowed_byAViewerOrAuditorIsDenied() {
        assertThat(server.blocking(Role.DEPLOYER, "bob").appendAuditEvent(approval("cart").build()).getAuditEvent().getActor())
                .isEqualTo("bob");
        for (Role role : List.of(Role.VIEWER, Role.AUDITOR, Role.OPERATOR)) {
            StatusRuntimeException e = failure(() -> server.blocking(role).appendAuditEvent(approval("cart").build()));
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        }
    }

    @Test
    void viewer_cannotExportOrVerify_butCanList() {
        StatusRuntimeException export = failure(() -> server.blocking(Role.VIEWER).exportAuditEvents(
                ExportAuditEventsRequest.newBuilder().setFormat(ExportFormat.EXPORT_FORMAT_JSON).build()).hasNext());
        assertThat(export.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        StatusRuntimeException verify = failure(() -> server.blocking(Role.VIEWER).verifyAuditChain(
                VerifyAuditChainRequest.getDefaultInstance()));
        assertThat(verify.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        StatusRuntimeException deployerExport = failure(() -> server.blocking(Role.DEPLOYER).exportAuditEvents(
                ExportAuditEventsRequest.newBuilder().setFormat(ExportFormat.EXPORT_FORMAT_JSON).build()).hasNext());
        assertThat(deployerExport.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(server.blocking(Role.VIEWER).listAuditEvents(ListAuditEventsRequest.getDefaultInstance())).isNotNull();
        assertThat(server.blocking(Role.AUDITOR).listAuditEvents(ListAuditEventsRequest.getDefaultInstance())).isNotNull();
    }

    @Test
    void append_withBadFields_isInvalidArgumentNamingEachField() throws Exception {
        AppendAuditEventRequest.Builder bad = AppendAuditEventRequest.newBuilder().setAction("Not An Action")
                .setDeploymentId("nope").setService("x".repeat(101)).putDetails("k", "v".repeat(1025));
        for (int i = 0; i < 40; i++) {
            bad.putDetails("key" + i, "v");
        }
        StatusRuntimeException e = failure(() -> server.blocking(Role.SERVICE).appendAuditEvent(bad.build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(violations(e)).containsExactlyInAnyOrder("action", "deployment_id", "service", "details");

        StatusRuntimeException nul = failure(() -> server.blocking(Role.SERVICE).appendAuditEvent(
                approval("a\u0000b").build()));
        assertThat(violations(nul)).containsExactly("service");
    }

    @Test
    void list_pagesInChainOrderByKeysetAndFiltersByActorAndAction() {
        String service = "paged-" + UUID.randomUUID();
        AuditServiceBlockingStub carol = server.blocking(Role.SERVICE, "carol");
        List<Long> appended = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            appended.add(carol.appendAuditEvent(approval(service).setAction(i % 2 == 0 ? "approval.granted" : "config.changed")
                    .build()).getAuditEvent().getSequence());
        }
        server.blocking(Role.SERVICE, "dave").appendAuditEvent(approval(service).build());

        List<Long> seen = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            ListAuditEventsResponse page = server.blocking(Role.VIEWER).listAuditEvents(ListAuditEventsRequest.newBuilder()
                    .setActor("carol").setService(service).setPageSize(3).setPageToken(token).build());
            page.getAuditEventsList().forEach(e -> seen.add(e.getSequence()));
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty());
        assertThat(seen).containsExactlyElementsOf(appended);
        assertThat(pages).isEqualTo(3);

        ListAuditEventsResponse granted = server.blocking(Role.AUDITOR).listAuditEvents(ListAuditEventsRequest.newBuilder()
                .setActor("carol").setAction("approval.granted").setService(service).build());
        assertThat(granted.getAuditEventsList()).extracting(AuditEvent::getSequence)
                .containsExactly(appended.get(0), appended.get(2), appended.get(4), appended.get(6));
    }

    @Test
    void list_withATokenFromAnotherFilterOrNegativeSize_isInvalidArgument() throws Exception {
        String service = "tok-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            server.blocking(Role.SERVICE).appendAuditEvent(approval(service).build());
        }
        String token = server.blocking(Role.VIEWER).listAuditEvents(ListAuditEventsRequest.newBuilder().setService(service)
                .setPageSize(1).build()).getNextPageToken();
        StatusRuntimeException other = failure(() -> server.blocking(Role.VIEWER).listAuditEvents(
                ListAuditEventsRequest.newBuilder().setService("else").setPageToken(token).build()));
        assertThat(violations(other)).containsExactly("page_token");
        StatusRuntimeException negative = failure(() -> server.blocking(Role.VIEWER).listAuditEvents(
                ListAuditEventsRequest.newBuilder().setPageSize(-1).setOccurredAfter(Timestamp.newBuilder().setSeconds(-5))
                        .build()));
        assertThat(violations(negative)).containsExactlyInAnyOrder("page_size", "occurred_after");
    }

    @Test
    void export_withBothIdsAndFilterOrNoFormat_isInvalidArgument() throws Exception {
        StatusRuntimeException e = failure(() -> server.blocking(Role.AUDITOR).exportAuditEvents(
                ExportAuditEventsRequest.newBuilder().addDeploymentIds(UUID.randomUUID().toString()).addDeploymentIds("x")
                        .setFilter(io.shipwatch.audit.v1.ExportFilter.newBuilder().setService("a"))
                        .setIdempotencyKey("has space").build()).hasNext());
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(violations(e)).containsExactlyInAnyOrder("filter", "deployment_ids[1]", "format", "idempotency_key");
        assertThat(errorInfo(e).getDomain()).isEqualTo("audit.shipwatch.io");
    }

    @Test
    void verify_ofAnUntouchedChain_isValidUpToTheHead() {
        server.blocking(Role.SERVICE).appendAuditEvent(approval("verify").build());
        var r = server.blocking(Role.AUDITOR).verifyAuditChain(VerifyAuditChainRequest.getDefaultInstance());
        assertThat(r.getValid()).isTrue();
        assertThat(r.getCheckedCount()).isEqualTo(r.getHead().getSequence());
        assertThat(r.hasFirstBroken()).isFalse();
    }
}
