package io.shipwatch.audit;

import io.shipwatch.audit.v1.AuditServiceGrpc.AuditServiceBlockingStub;
import io.shipwatch.audit.v1.ExportAuditEventsRequest;
import io.shipwatch.audit.v1.ExportAuditEventsResponse;
import io.shipwatch.audit.v1.ExportSummary;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;

/** Runs an export over the real stream and keeps what arrived: the bytes and the summary. */
public record Exports(byte[] bytes, ExportSummary summary, int chunks) {
    public static Exports run(AuditServiceBlockingStub stub, ExportAuditEventsRequest request) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ExportSummary summary = null;
        int chunks = 0;
        Iterator<ExportAuditEventsResponse> it = stub.exportAuditEvents(request);
        while (it.hasNext()) {
            ExportAuditEventsResponse r = it.next();
            if (r.hasChunk()) {
                if (summary != null) {
                    throw new AssertionError("a chunk arrived after the summary");
                }
                bytes.writeBytes(r.getChunk().getData().toByteArray());
                chunks++;
            } else {
                summary = r.getSummary();
            }
        }
        if (summary == null) {
            throw new AssertionError("the export ended without a summary");
        }
        return new Exports(bytes.toByteArray(), summary, chunks);
    }

    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
