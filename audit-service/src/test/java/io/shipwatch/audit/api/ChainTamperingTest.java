package io.shipwatch.audit.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.shipwatch.audit.AuditServer;
import io.shipwatch.audit.store.RetentionJob;
import io.shipwatch.audit.v1.AppendAuditEventRequest;
import io.shipwatch.audit.v1.BrokenReason;
import io.shipwatch.audit.v1.ListAuditEventsRequest;
import io.shipwatch.audit.v1.VerifyAuditChainRequest;
import io.shipwatch.audit.v1.VerifyAuditChainResponse;
import io.shipwatch.platform.auth.Role;
import io.shipwatch.platform.testing.RequiresPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tampering with the stored rows directly, as someone with database access would, and what VerifyAuditChain says. */
@RequiresPostgres
class ChainTamperingTest {
    private AuditServer server;

    @BeforeEach
    void appendTen() {
        server = AuditServer.start(null, Map.of("shipwatch.audit.retention-days", 1));
        for (int i = 1; i <= 10; i++) {
            server.blocking(Role.SERVICE, "svc").appendAuditEvent(AppendAuditEventRequest.newBuilder()
                    .setAction("config.changed").setService("checkout").putDetails("n", "" + i).build());
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private VerifyAuditChainResponse verify() {
        return server.blocking(Role.AUDITOR).verifyAuditChain(VerifyAuditChainRequest.getDefaultInstance());
    }

    private void sql(String... statements) throws Exception {
        try (Connection c = server.sql(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private void assertBroken(long sequence, BrokenReason reason) {
        VerifyAuditChainResponse r = verify();
        assertThat(r.getValid()).isFalse();
        assertThat(r.getFirstBroken().getSequence()).as(r.getFirstBroken().getDescription()).isEqualTo(sequence);
        assertThat(r.getFirstBroken().getReason()).isEqualTo(reason);
    }

    @Test
    void untouchedChain_isValid() {
        VerifyAuditChainResponse r = verify();
        assertThat(r.getValid()).isTrue();
        assertThat(r.getCheckedCount()).isEqualTo(10);
        assertThat(r.getHead().getSequence()).isEqualTo(10);
    }

    @Test
    void editedRow_isTheFirstBrokenLink() throws Exception {
        sql("update audit_event set details = '{\"n\": \"500\"}' where sequence = 5");
        assertBroken(5, BrokenReason.BROKEN_REASON_HASH_MISMATCH);
    }

    @Test
    void deletedRow_isNamedByItsSequence() throws Exception {
        sql("delete from audit_event where sequence = 6");
        assertBroken(6, BrokenReason.BROKEN_REASON_SEQUENCE_GAP);
    }

    @Test
    void insertedRow_breaksTheChainWhereItWasInserted() throws Exception {
        sql("update audit_event set sequence = -sequence where sequence >= 5",
                "update audit_event set sequence = 1 - sequence where sequence < 0",
                "insert into audit_event (sequence, id, actor, action, deployment_id, service, environment, from_state, to_state,"
                        + " occurred_at, trace_id, details, key_id, hash, recorded_at)"
                        + " select 5, gen_random_uuid(), 'mallory', action, deployment_id, service, environment, from_state,"
                        + " to_state, occurred_at, trace_id, details, key_id, hash, recorded_at from audit_event where sequence = 4");
        assertBroken(5, BrokenReason.BROKEN_REASON_HASH_MISMATCH);
    }

    @Test
    void reorderedRows_breakAtTheFirstMovedRow() throws Exception {
        sql("update audit_event set sequence = -1 where sequence = 3",
                "update audit_event set sequence = 3 where sequence = 4",
                "update audit_event set sequence = 4 where sequence = -1");
        assertBroken(3, BrokenReason.BROKEN_REASON_HASH_MISMATCH);
    }

    @Test
    void truncatedTail_isCaughtAgainstTheAnchoredHead() throws Exception {
        sql("delete from audit_event where sequence > 7");
        assertBroken(8, BrokenReason.BROKEN_REASON_TRUNCATED);
    }

    @Test
    void retention_removesOldEntriesAndVerificationStartsFromTheRetainedAnchor() throws Exception {
        sql("update audit_event set recorded_at = now() - interval '3 days' where sequence <= 4");
        assertThat(server.context().getBean(RetentionJob.class).purge()).isEqualTo(4);

        VerifyAuditChainResponse r = verify();
        assertThat(r.getValid()).isTrue();
        assertThat(r.getCheckedCount()).isEqualTo(6);
        assertThat(server.blocking(Role.AUDITOR).listAuditEvents(ListAuditEventsRequest.getDefaultInstance())
                .getAuditEvents(0).getSequence()).isEqualTo(5);

        sql("update audit_event set actor = 'mallory' where sequence = 5");
        assertBroken(5, BrokenReason.BROKEN_REASON_HASH_MISMATCH);
    }

    @Test
    void rotatedKey_keepsOldEntriesVerifiable_andForgettingTheOldKeyIsReported() {
        server.restart(Map.of("shipwatch.audit.hmac.key-id", "k2",
                "shipwatch.audit.hmac.key", "rotated-hmac-key-0123456789abcdef01234",
                "shipwatch.audit.hmac.retired-keys", "k1=" + AuditServer.HMAC_KEY));
        var appended = server.blocking(Role.SERVICE).appendAuditEvent(AppendAuditEventRequest.newBuilder()
                .setAction("config.changed").build()).getAuditEvent();
        assertThat(appended.getKeyId()).isEqualTo("k2");
        assertThat(verify().getValid()).isTrue();
        assertThat(verify().getCheckedCount()).isEqualTo(11);

        server.restart(Map.of("shipwatch.audit.hmac.key-id", "k2",
                "shipwatch.audit.hmac.key", "rotated-hmac-key-0123456789abcdef01234"));
        assertBroken(1, BrokenReason.BROKEN_REASON_UNKNOWN_KEY);
    }

    @Test
    void rangeVerification_checksOnlyTheRangeAndStillFindsAnEditInside() throws Exception {
        VerifyAuditChainResponse r = server.blocking(Role.AUDITOR).verifyAuditChain(
                VerifyAuditChainRequest.newBuilder().setFrom(3).setTo(6).build());
        assertThat(r.getValid()).isTrue();
        assertThat(r.getCheckedCount()).isEqualTo(4);
        sql("update audit_event set action = 'config.deleted' where sequence = 4");
        VerifyAuditChainResponse broken = server.blocking(Role.AUDITOR).verifyAuditChain(
                VerifyAuditChainRequest.newBuilder().setFrom(3).setTo(6).build());
        assertThat(broken.getFirstBroken().getSequence()).isEqualTo(4);
    }
}
