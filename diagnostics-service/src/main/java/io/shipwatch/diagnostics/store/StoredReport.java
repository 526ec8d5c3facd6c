package io.shipwatch.diagnostics.store;

import java.time.Instant;
import java.util.UUID;

/**
 * A report row: the encoded report and the columns queries use.
 *
 * @param id           report id
 * @param deploymentId the deployment diagnosed, or null
 * @param source       "run" or "logs"
 * @param topPattern   the top root cause's pattern id, or null
 * @param fingerprint  the evidence fingerprint
 * @param createdBy    the authenticated subject
 * @param createdAt    when the diagnosis started
 * @param report       the protobuf-encoded DiagnosticReport (already redacted)
 */
public record StoredReport(UUID id, UUID deploymentId, String source, String topPattern, String fingerprint,
                           String createdBy, Instant createdAt, byte[] report) {
}
